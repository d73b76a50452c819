# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The check action's pure parts, in-process: which facts it reads, the subscription, the reports."""

from __future__ import annotations

import json
import os

import pytest
from ansible.errors import AnsibleActionFail

from ansible_collections.useapi.accounts.plugins.plugin_utils._check import evaluate_services
from ansible_collections.useapi.accounts.plugins.plugin_utils._check_action import (
    facts_configs,
    failed_read,
    read_failures,
    subscription_input,
    write_reports,
)

NOW = '2026-11-25T12:00:00Z'
GOOD = {'a@example.com': {'tokenExpireUTC': '2027-01-01T00:00:00Z'}}


def test_every_service_with_a_fact_is_checked_when_none_is_named():
    task_vars = {'ansible_facts': {'kling_accounts': GOOD, 'ltxstudio_accounts': {}, 'unrelated': 1}}
    assert facts_configs(task_vars, None) == ({'ltxstudio': {}, 'kling': GOOD}, {})
    assert facts_configs(task_vars, ['kling']) == ({'kling': GOOD}, {})


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


FAILED_AT = '2026-11-25T11:59:00.000Z'
FAILURE = {'msg': 'GET http://x/v1/kling/accounts failed with HTTP 503', 'status': 503, 'read_at': FAILED_AT}


def test_a_recorded_failed_read_makes_its_service_unknown_unless_data_read_after_it_exists():
    facts = {'kling_accounts': GOOD, 'kling_accounts_read_at': '2026-11-25T11:00:00.000Z', 'ltxstudio_accounts': GOOD,
             'useapi_read_failures': {'kling': FAILURE, 'junk': 'x'}}
    failures = read_failures({'ansible_facts': facts})
    assert failures == {'kling': FAILURE}, 'entries that are no failure are ignored'
    configs, unknown = facts_configs({'ansible_facts': facts}, None, failures=failures)
    assert configs == {'ltxstudio': GOOD, 'kling': None}
    assert unknown == {'kling': 'the read at %s failed: %s' % (FAILED_AT, FAILURE['msg'])}
    # Read again after the failure (an earlier run's failure lingering in a fact cache): the data counts.
    assert failed_read(FAILURE, '2026-11-25T11:59:30.000Z') is None
    assert failed_read(FAILURE, None).startswith('the read at ')
    # A service with a failed read and no fact at all is unknown, not an input error.
    configs, unknown = facts_configs({'ansible_facts': {'useapi_read_failures': {'mureka': FAILURE}}}, ['mureka'],
                                     failures={'mureka': FAILURE})
    assert configs == {'mureka': None} and list(unknown) == ['mureka']


def test_the_subscription_input_says_when_it_cannot_be_judged():
    assert subscription_input({'active': False, 'read_at': FAILED_AT}, {}) == ({'active': False, 'read_at': FAILED_AT}, None)
    summary, reason = subscription_input({}, {'subscription': FAILURE})
    assert summary == {} and reason.startswith('the read at %s failed: GET' % FAILED_AT)
    assert subscription_input({}, {})[1] == 'the subscription was not read: the fact useapi_subscription is missing'
    with pytest.raises(AnsibleActionFail, match='^p_subscription: expected the fact useapi_subscription .* or the '
                                                'registered result of useapi.accounts.subscription_info'):
        subscription_input({'skipped': True}, {}, prefix='p_')


def test_reports_are_written_whole_and_leave_no_temporary_file(tmp_path):
    target = tmp_path / 'deep' / 'reports'
    result = evaluate_services({'ltxstudio': GOOD, 'kling': {}}, now=NOW, allow_empty=['kling'])
    paths = write_reports(str(target), result)
    assert json.loads((target / 'accounts_check.json').read_text())['services'] == ['ltxstudio', 'kling']
    assert (target / 'accounts_check.xml').read_text().count('<testsuite ') == 2
    assert sorted(os.listdir(target)) == ['accounts_check.json', 'accounts_check.md', 'accounts_check.prom',
                                          'accounts_check.xml']
    assert paths == {'json': str(target / 'accounts_check.json'), 'junit': str(target / 'accounts_check.xml'),
                     'prometheus': str(target / 'accounts_check.prom'), 'markdown': str(target / 'accounts_check.md')}
    assert (target / 'accounts_check.prom').read_text().startswith('# HELP useapi_accounts_check_success ')
