# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The check action's pure parts, in-process: which facts it reads, the subscription, the reports."""

from __future__ import annotations

import json
import os

import pytest
from ansible.errors import AnsibleActionFail

from ansible_collections.useapi.accounts.plugins.module_utils._check import evaluate_services
from ansible_collections.useapi.accounts.plugins.plugin_utils._check_action import (
    add_subscription,
    facts_configs,
    write_reports,
)

NOW = '2026-11-25T12:00:00Z'
GOOD = {'a@example.com': {'tokenExpireUTC': '2027-01-01T00:00:00Z'}}


def test_every_service_with_a_fact_is_checked_when_none_is_named():
    task_vars = {'ansible_facts': {'kling_accounts': GOOD, 'ltxstudio_accounts': {}, 'unrelated': 1}}
    assert facts_configs(task_vars, None) == {'ltxstudio': {}, 'kling': GOOD}
    assert facts_configs(task_vars, ['kling']) == {'kling': GOOD}


@pytest.mark.parametrize('task_vars, services, message', [
    ({}, None, 'services: none given, and this host has no fact <service>_accounts'),
    ({'ansible_facts': {}}, ['google-flow'],
     'not given, and this host has no fact google_flow_accounts; run useapi.accounts.accounts_info with service google-flow'),
    ({'ansible_facts': {'kling_accounts': []}}, ['kling'], 'the fact kling_accounts is of type list, not a dict keyed by email'),
])
def test_missing_or_odd_facts_fail_and_say_what_to_run(task_vars, services, message):
    with pytest.raises(AnsibleActionFail, match='^p_'):
        facts_configs(task_vars, services, prefix='p_')
    with pytest.raises(AnsibleActionFail) as caught:
        facts_configs(task_vars, services)
    assert message in str(caught.value)


def verdict(configs=None):
    return evaluate_services(configs or {'ltxstudio': GOOD}, now=NOW)


def test_an_inactive_subscription_fails_the_check_on_its_first_line():
    result = verdict()
    add_subscription(result, {'active': False})
    assert not result['ok'] and result['subscription_active'] is False
    assert result['msg'].startswith('LTX Studio accounts check failed: the useapi.net subscription is not active')
    broken = verdict({'ltxstudio': {'b@example.com': {}}})
    add_subscription(broken, {'active': False})
    lines = broken['msg'].splitlines()
    assert lines[1].startswith('- the useapi.net subscription is not active') and 'unknown_expiry' in lines[2]
    fine = verdict()
    add_subscription(fine, {'active': True})
    assert fine['ok'] and fine['subscription_active'] is True
    with pytest.raises(AnsibleActionFail, match='the fact useapi_subscription .* or the registered result of useapi.accounts.subscription_info'):
        add_subscription(verdict(), {'skipped': True})


def test_reports_are_written_whole_and_leave_no_temporary_file(tmp_path):
    target = tmp_path / 'deep' / 'reports'
    result = evaluate_services({'ltxstudio': GOOD, 'kling': {}}, now=NOW)
    paths = write_reports(str(target), result)
    assert json.loads((target / 'accounts_check.json').read_text())['services'] == ['ltxstudio', 'kling']
    assert (target / 'accounts_check.xml').read_text().count('<testsuite ') == 2
    assert sorted(os.listdir(target)) == ['accounts_check.json', 'accounts_check.md', 'accounts_check.prom',
                                          'accounts_check.xml']
    assert paths == {'json': str(target / 'accounts_check.json'), 'junit': str(target / 'accounts_check.xml'),
                     'prometheus': str(target / 'accounts_check.prom'), 'markdown': str(target / 'accounts_check.md')}
    assert (target / 'accounts_check.prom').read_text().startswith('# HELP useapi_accounts_check_success ')
