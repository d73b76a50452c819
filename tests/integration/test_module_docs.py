# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every module's documentation, as ansible-doc renders it from the installed collection (issue 16).

A YAML slip in a shared doc fragment (a ": " in a plain sentence) breaks the documentation of
every module that uses it, and no module run notices; ansible-doc does. The attributes the
issue asks for (facts, idempotent) are documented with a support level on every module.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from helpers import TESTS

MODULES = sorted(path.stem for path in (TESTS.parent / 'plugins' / 'modules').glob('*.py') if not path.stem.startswith('_'))


def test_every_module_documents_facts_and_idempotent():
    binary = Path(sys.executable).parent / 'ansible-doc'
    names = ['useapi.accounts.%s' % name for name in MODULES]
    completed = subprocess.run([str(binary), '--json', '-t', 'module'] + names, capture_output=True, text=True,
                               check=False, timeout=300, env=dict(os.environ, ANSIBLE_NOCOLOR='1'))
    assert completed.returncode == 0, completed.stderr
    assert 'ERROR' not in completed.stderr, completed.stderr
    docs = json.loads(completed.stdout)
    assert sorted(docs) == names
    for name, entry in docs.items():
        attributes = entry['doc']['attributes']
        for attribute in ('check_mode', 'diff_mode', 'facts', 'idempotent'):
            assert attributes[attribute].get('description'), (name, attribute)
            assert attributes[attribute].get('support') in ('full', 'partial', 'none', 'N/A'), (name, attribute)
    facts = sorted(name for name, entry in docs.items() if entry['doc']['attributes']['facts']['support'] == 'full')
    assert facts == ['useapi.accounts.accounts_info', 'useapi.accounts.ltxstudio_accounts_info']
    for name in ('useapi.accounts.check', 'useapi.accounts.ltxstudio_check'):
        assert 'max_age' in docs[name]['doc']['options']
