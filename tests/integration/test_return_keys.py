# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Each module's documented RETURN keys, pinned against a real result: docs and code never drift apart."""

from __future__ import annotations

import importlib

import pytest
import yaml

from helpers import FIXTURES

# What Ansible itself adds to every result; modules do not document these.
ANSIBLE_KEYS = {'changed', 'failed', 'invocation', 'diff', 'warnings', 'deprecations', 'skipped', 'skip_reason',
                '_ansible_no_log', '_ansible_verbose_always'}
MODULES = ['accounts_info', 'ltxstudio_accounts_info', 'subscription_info', 'check', 'ltxstudio_check',
           'kling_account', 'ltxstudio_account']


def documented(module):
    source = importlib.import_module('ansible_collections.useapi.accounts.plugins.modules.%s' % module)
    return yaml.safe_load(source.RETURN)


@pytest.fixture
def real_results(playbook, standin, tmp_path):
    server = standin('accounts_healthy.json', services={'kling': str(FIXTURES / 'kling' / 'healthy.json')},
                     identities={'user777': 'render@example.com'})
    run = playbook('return_keys.yml', env={'USEAPI_BASE_URL': server.base_url}, extra_vars=dict(
        report_dir=str(tmp_path / 'reports'), kling_password='a-password-for-the-test',
        ltx_cookie='lt_id=user777; lt_token=t0k3n-value; lt_refresh_token=r3fresh-value'))
    assert run.rc == 0, run
    return run.data


def test_every_documented_key_is_returned_and_every_returned_key_documented(real_results):
    for module in MODULES:
        docs = documented(module)
        result = real_results[module]
        returned = set(result) - ANSIBLE_KEYS
        promised = set(key for key, spec in docs.items() if spec['returned'] in ('always', 'success'))
        assert promised <= returned, (module, promised - returned)
        assert returned <= set(docs), (module, returned - set(docs))
        for key in returned:
            kind = docs[key]['type']
            expected = {'dict': dict, 'list': list, 'str': str, 'int': int, 'bool': bool}.get(kind)
            if expected is not None and result[key] is not None:
                assert isinstance(result[key], expected), (module, key, kind, result[key])


def test_the_documented_nested_keys_of_facts_and_reports_are_real(real_results):
    facts = real_results['accounts_info']['ansible_facts']
    assert {'ltxstudio_accounts', 'kling_accounts', 'useapi_subscription'} <= set(facts)
    assert all(name.startswith(('ltxstudio_accounts', 'kling_accounts', 'useapi_subscription', 'useapi_read_failures'))
               for name in facts), facts
    assert facts['useapi_read_failures'] == {} and facts['kling_accounts_read_id'] is None
    # The subscription fact: subscription_info's result and when it was read, as documented.
    fact_docs = documented('accounts_info')['ansible_facts']['contains']
    assert set(facts['useapi_subscription']) == set(fact_docs['useapi_subscription']['sample'])
    assert {'ltxstudio_accounts_read_id', 'useapi_read_failures'} <= set(fact_docs)
    assert set(fact_docs['useapi_read_failures']['sample']['kling']) == {'msg', 'status', 'read_at'}
    assert set(facts['useapi_subscription']) - {'read_at'} == set(real_results['subscription_info']) - ANSIBLE_KEYS
    assert set(real_results['check']['read_at']) == {'ltxstudio', 'kling', 'subscription'}
    assert real_results['check']['subscription_active'] is True
    assert set(real_results['check']['reports']) == set(documented('check')['reports']['contains'])
    problem_keys = set(documented('ltxstudio_check')['problems']['contains'])
    summary = documented('check')['summary']['sample']
    assert set(real_results['check']['summary']) == set(summary)
    assert set(real_results['subscription_info']['services']['ltxstudio']) == set(
        documented('subscription_info')['services']['contains'])
    assert problem_keys == {'service', 'id', 'email', 'kind', 'reason', 'severity'}
