# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures for the integration tests: a stand-in API on loopback and real ansible-playbook runs.

The collection under test is the installed copy on ANSIBLE_COLLECTIONS_PATH (built with
ansible-galaxy from this tree). Helpers the tests import are in tests/helpers.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from helpers import FIXTURES, PLAYBOOKS, TOKEN, Run, ansible_env, ansible_playbook
from standin import StandIn


def _collections_path():
    path = os.environ.get('ANSIBLE_COLLECTIONS_PATH')
    if not path or not Path(path.split(os.pathsep)[0], 'ansible_collections', 'useapi', 'accounts').is_dir():
        pytest.exit('ANSIBLE_COLLECTIONS_PATH must point at an installed useapi.accounts; run the tests with '
                    '"make test" (or "make quick")', returncode=3)
    return path


@pytest.fixture
def playbook(tmp_path):
    """Run a playbook from tests/integration/playbooks (or a path) with ansible-playbook, really."""
    collections = _collections_path()

    def run(name, extra_vars=None, env=None, check=False, diff=False, verbosity=0, extra_args=(), token=TOKEN,
            url=None):
        out_file = tmp_path / ('result-%s.json' % os.urandom(4).hex())
        variables = dict(out_file=str(out_file), ansible_python_interpreter=sys.executable)
        variables.update(extra_vars or {})
        environment = ansible_env(tmp_path, token=token, url=url, ANSIBLE_COLLECTIONS_PATH=collections, **(env or {}))
        if os.path.isabs(str(name)) or not str(name).endswith('.yml'):
            path = name  # an absolute path, or a collection playbook by FQCN
        else:
            path = PLAYBOOKS / name
        command = ['-i', 'localhost,', '-c', 'local', str(path), '-e', json.dumps(variables)]
        if check:
            command.append('--check')
        if diff:
            command.append('--diff')
        if verbosity:
            command.append('-' + 'v' * verbosity)
        command.extend(extra_args)
        return Run(ansible_playbook(command, environment, tmp_path), out_file)

    return run


@pytest.fixture
def standin():
    """A factory of running stand-ins (LTX Studio fixture by name, or ``accounts=``); each stopped after the test."""
    servers = []

    def start(fixture='accounts_special.json', **kwargs):
        accounts = kwargs.pop('accounts', None)
        if accounts is None and fixture is not None:
            accounts = str(FIXTURES / fixture)
        server = StandIn(accounts=accounts, token=kwargs.pop('token', TOKEN), **kwargs).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
