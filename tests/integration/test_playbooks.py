# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The documentation's playbooks, run for real: module EXAMPLES, the README's repair playbook,
the action group, and the collection's own accounts_check playbook."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
import yaml

from helpers import TOKEN

COLLECTION = Path(__file__).resolve().parents[2]
COOKIES = {
    'render@example.com': 'lt_id=user50001; lt_token=EX-TOKEN-CANARY; lt_refresh_token=EX-REFRESH-CANARY',
}


def examples_of(module):
    tree = ast.parse((COLLECTION / 'plugins' / 'modules' / (module + '.py')).read_text(encoding='utf-8'))
    for node in tree.body:
        if isinstance(node, ast.Assign) and node.targets[0].id == 'EXAMPLES':
            return yaml.safe_load(node.value.value)
    raise AssertionError('no EXAMPLES in %s' % module)


@pytest.mark.parametrize('module', ['ltxstudio_accounts_info', 'ltxstudio_check', 'ltxstudio_account'])
def test_module_examples_run_against_the_stand_in(module, playbook, standin, tmp_path):
    server = standin('accounts_examples.json', identities={'user50001': 'render@example.com'})
    if module == 'ltxstudio_check':
        # Its first example fails on any problem; the account in error belongs to the other examples.
        server.accounts = dict((k, v) for k, v in server.accounts.items() if k != 'broken@example.com')
    tasks = examples_of(module)
    assert tasks, 'the EXAMPLES of %s are empty' % module
    if module != 'ltxstudio_accounts_info':
        tasks.insert(0, {'name': 'Read first', 'useapi.accounts.ltxstudio_accounts_info': None})
    book = tmp_path / 'examples.yml'
    book.write_text(yaml.safe_dump([{'name': 'Examples of %s' % module, 'hosts': 'localhost',
                                     'gather_facts': False, 'tasks': tasks}], allow_unicode=True))
    run = playbook(str(book), url=server.url,
                   extra_vars=dict(useapi_token=TOKEN, vault_ltx_cookies=COOKIES))
    assert run.rc == 0, run
    assert run.recap()['failed'] == 0
    for canary in ('EX-TOKEN-CANARY', 'EX-REFRESH-CANARY', TOKEN):
        assert canary not in run.output
    # The examples teach users; they must not teach a form ansible-core deprecates (such as the
    # top-level injected fact ltxstudio_accounts, deprecated from 2.20 on).
    assert 'DEPRECATION WARNING' not in run.output, run
    if module == 'ltxstudio_account':
        assert 'broken@example.com' not in server.accounts
        assert server.received_cookies['render@example.com'] == COOKIES['render@example.com']
    if module == 'ltxstudio_check':
        assert json.loads((book.parent / 'reports' / 'accounts_check.json').read_text())['ok'] is True


def test_readme_repair_playbook_fixes_what_the_check_found(playbook, standin, tmp_path):
    server = standin('accounts_mixed.json', identities={
        'user10003': 'marketing.video@example.com', 'user10004': 'intern.pool@example.com',
        'user10005': 'agency.ops@example.com', 'user10006': 'legacy.archive@example.com'})
    cookies = dict((email, 'lt_id=%s; lt_token=FIX-CANARY-%s; lt_refresh_token=FIX-REFRESH-%s' % (lt_id, lt_id, lt_id))
                   for lt_id, email in server.identities.items())
    cookies_file = tmp_path / 'cookies.yml'
    cookies_file.write_text(yaml.safe_dump({'vault_ltx_cookies': cookies}))
    run = playbook('repair.yml', url=server.url, extra_vars=dict(cookies_file=str(cookies_file)))
    assert run.rc == 0, run
    assert 'LTX Studio accounts check passed: 6 accounts checked' in run.stdout
    assert sorted(server.received_cookies) == sorted(cookies)
    assert 'FIX-CANARY' not in run.output and 'FIX-REFRESH' not in run.output
    assert 'DEPRECATION WARNING' not in run.output, run


def test_action_group_sets_the_connection_once(playbook, standin):
    server = standin('accounts_healthy.json')
    email = sorted(server.accounts)[0]
    run = playbook('module_defaults.yml', token=None,
                   extra_vars=dict(group_api_url=server.url, group_api_token=TOKEN, remove_email=email))
    assert run.rc == 0, run
    assert run.data['info']['count'] == 3
    assert run.data['removed']['changed'] is True
    assert email not in server.accounts
    assert TOKEN not in run.output


def test_collection_playbook_runs_by_fqcn(playbook, standin, tmp_path):
    server = standin('accounts_healthy.json')
    run = playbook('useapi.accounts.accounts_check', url=server.url,
                   extra_vars=dict(accounts_check_report_dir=str(tmp_path / 'r')))
    assert run.rc == 0, run
    assert json.loads((tmp_path / 'r' / 'accounts_check.json').read_text())['ok'] is True
