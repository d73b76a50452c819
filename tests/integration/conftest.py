# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures for the integration tests: a stand-in API on loopback and real ansible-playbook runs.

The collection under test is the installed copy that ``make test`` puts on
ANSIBLE_COLLECTIONS_PATH (built with ansible-galaxy from this tree).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS))

from standin.ltxstudio_standin import StandIn  # noqa: E402  (needs the path above)

FIXTURES = TESTS / 'fixtures'
PLAYBOOKS = Path(__file__).resolve().parent / 'playbooks'
TOKEN = 'user:4242-TOKENCANARY-b7e1c0de'


def _collections_path():
    path = os.environ.get('ANSIBLE_COLLECTIONS_PATH')
    if not path or not Path(path.split(os.pathsep)[0], 'ansible_collections', 'useapi', 'accounts').is_dir():
        pytest.exit('ANSIBLE_COLLECTIONS_PATH must point at an installed useapi.accounts; run the tests with '
                    '"make test" (or "make quick")', returncode=3)
    return path


class Run(object):
    """One finished ansible-playbook run."""

    def __init__(self, completed, out_file):
        self.rc = completed.returncode
        self.stdout = completed.stdout
        self.stderr = completed.stderr
        self.output = completed.stdout + completed.stderr
        self.data = json.loads(out_file.read_text(encoding='utf-8')) if out_file.exists() else None

    def __repr__(self):
        return 'Run(rc=%d)\n--- stdout ---\n%s\n--- stderr ---\n%s' % (self.rc, self.stdout, self.stderr)

    def task_output(self, name):
        """What the default callback printed for the task whose TASK line contains ``name``."""
        blocks = self.stdout.split('\nTASK [')
        matches = [block.split('\n', 1)[1] for block in blocks[1:] if name in block.split('\n', 1)[0]]
        if len(matches) != 1:
            raise AssertionError('%d tasks named %r in the output:\n%s' % (len(matches), name, self))
        return matches[0].split('\nPLAY RECAP')[0]

    def task_names(self):
        """The TASK lines of the output, in order, without the banner's asterisks."""
        return [line[len('TASK ['):line.rindex(']')] for line in self.stdout.splitlines() if line.startswith('TASK [')]

    def recap(self):
        """The PLAY RECAP counters for localhost, as a dict."""
        for line in self.stdout.splitlines():
            if line.startswith('localhost') and 'ok=' in line:
                return dict((key, int(value)) for key, value in
                            (item.split('=') for item in line.split(':', 1)[1].split()))
        raise AssertionError('no PLAY RECAP in the output:\n%s' % self)


def ansible_playbook(arguments, env, cwd):
    """Run the venv's ansible-playbook with these arguments; the caller asserts on the exit code."""
    binary = Path(sys.executable).parent / 'ansible-playbook'
    if not binary.exists():
        binary = Path(shutil.which('ansible-playbook'))
    return subprocess.run([str(binary)] + [str(argument) for argument in arguments], check=False,
                          capture_output=True, text=True, env=env, timeout=600, cwd=str(cwd))


@pytest.fixture
def playbook(tmp_path):
    """Run a playbook from tests/integration/playbooks (or a path) with ansible-playbook, really."""
    collections = _collections_path()

    def run(name, extra_vars=None, env=None, check=False, diff=False, verbosity=0, extra_args=(), token=TOKEN,
            url=None):
        out_file = tmp_path / ('result-%s.json' % os.urandom(4).hex())
        variables = dict(out_file=str(out_file), ansible_python_interpreter=sys.executable)
        variables.update(extra_vars or {})
        environment = dict(os.environ)
        for key in ('USEAPI_TOKEN', 'USEAPI_LTXSTUDIO_URL'):
            environment.pop(key, None)
        environment.update(
            ANSIBLE_COLLECTIONS_PATH=collections, ANSIBLE_NOCOLOR='1', ANSIBLE_FORCE_COLOR='0',
            ANSIBLE_LOCAL_TEMP=str(tmp_path / 'ansible-tmp'), ANSIBLE_RETRY_FILES_ENABLED='0',
            ANSIBLE_HOME=str(tmp_path / 'ansible-home'), ANSIBLE_INVENTORY_UNPARSED_WARNING='0',
            ANSIBLE_LOCALHOST_WARNING='0', PYTHONDONTWRITEBYTECODE='1')
        if token is not None:
            environment['USEAPI_TOKEN'] = token
        if url is not None:
            environment['USEAPI_LTXSTUDIO_URL'] = url
        environment.update(env or {})
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
        completed = ansible_playbook(command, environment, tmp_path)
        return Run(completed, out_file)

    return run


@pytest.fixture(autouse=True)
def no_proxy_from_the_outside(monkeypatch):
    """Proxy variables of the machine running the tests must not reroute loopback calls."""
    for key in ('http_proxy', 'https_proxy', 'no_proxy', 'all_proxy', 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY',
                'ALL_PROXY'):
        monkeypatch.delenv(key, raising=False)


@pytest.fixture
def standin():
    """A factory of running stand-ins; each is stopped after the test."""
    servers = []

    def start(fixture='accounts_special.json', **kwargs):
        accounts = kwargs.pop('accounts', None)
        if accounts is None and fixture is not None:
            accounts = str(FIXTURES / fixture)
        server = StandIn(accounts=accounts, token=kwargs.pop('token', TOKEN), **kwargs)
        server.start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
