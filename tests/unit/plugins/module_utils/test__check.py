# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The compliance check: every problem kind, thresholds, scope, reports."""

from __future__ import annotations

import datetime
import json
import time
from xml.etree import ElementTree

import pytest

from ansible_collections.useapi.accounts.plugins.module_utils._accounts import normalize_accounts
from ansible_collections.useapi.accounts.plugins.module_utils._check import evaluate
from ansible_collections.useapi.accounts.plugins.plugin_utils._reports import render_json, render_junit
from ansible_collections.useapi.accounts.plugins.module_utils._errors import CheckInputError
from ansible_collections.useapi.accounts.plugins.module_utils._time import format_iso, parse_iso, to_epoch_ms

NOW = parse_iso('2026-11-25T12:00:00Z')


def at(**delta):
    return format_iso(NOW + datetime.timedelta(**delta))


def ms_at(**delta):
    return to_epoch_ms(NOW + datetime.timedelta(**delta))


MIXED = normalize_accounts({
    'healthy@example.com': {'tokenExpireUTC': at(days=30)},
    'healthy-ms@example.com': {'tokenExpire': ms_at(days=40)},
    'soon@example.com': {'tokenExpireUTC': at(days=3)},
    'gone@example.com': {'tokenExpire': ms_at(days=-2)},
    'broken@example.com': {'tokenExpireUTC': at(days=60), 'error': 'Session refresh failed: refresh token rejected'},
    'unknown@example.com': {'maxJobs': 5},
})


def kinds(result):
    return sorted((problem['email'], problem['kind']) for problem in result['problems'])


def test_every_problem_kind_is_reported_at_once():
    result = evaluate(MIXED, required=['healthy@example.com', 'absent@example.com'], now=NOW)
    assert not result['ok']
    assert kinds(result) == [
        ('absent@example.com', 'missing'),
        ('broken@example.com', 'error'),
        ('gone@example.com', 'expired'),
        ('soon@example.com', 'expiring'),
        ('unknown@example.com', 'unknown_expiry'),
    ]
    lines = result['msg'].splitlines()
    assert lines[0].startswith('LTX Studio accounts check failed: 5 problems in 7 accounts checked')
    assert len(lines) == 6
    assert any('soon@example.com' in line and 'in 3d' in line and at(days=3) in line for line in lines)
    assert any('gone@example.com' in line and '2d ago' in line for line in lines)
    assert result['summary']['by_kind'] == {'missing': 1, 'ambiguous': 0, 'expired': 1, 'expiring': 1, 'unknown_expiry': 1,
                                            'error': 1}


def test_all_healthy_gives_one_summary_line_with_the_nearest_expiry():
    healthy = dict((key, MIXED[key]) for key in ('healthy@example.com', 'healthy-ms@example.com'))
    result = evaluate(healthy, required=['HEALTHY@example.com'], now=NOW)
    assert result['ok'] and result['problems'] == []
    assert '\n' not in result['msg']
    assert '2 accounts checked' in result['msg']
    assert 'nearest expiry healthy@example.com at %s (in 30d)' % at(days=30) in result['msg']
    assert result['summary']['nearest_expiry']['seconds_left'] == 30 * 86400


def test_without_details_the_verdict_is_the_same_but_lists_no_accounts():
    required = ['healthy@example.com', 'absent@example.com']
    full = evaluate(MIXED, required=required, now=NOW)
    short = evaluate(MIXED, required=required, now=NOW, details=False)
    assert 'accounts' not in short and len(full['accounts']) == 7
    assert dict((key, value) for key, value in full.items() if key != 'accounts') == short


def test_nearest_expiry_ties_go_to_the_first_email_without_regard_to_case():
    accounts = normalize_accounts({
        'b@example.com': {'tokenExpireUTC': at(days=20)},
        'A@example.com': {'tokenExpireUTC': at(days=20)},
        'c@example.com': {'tokenExpireUTC': at(days=9)},
        'a2@example.com': {'tokenExpireUTC': at(days=9)},
        'z@example.com': {'tokenExpire': ms_at(days=30)},
    })
    for details in (True, False):
        nearest = evaluate(accounts, now=NOW, details=details)['summary']['nearest_expiry']
        assert nearest == dict(service='ltxstudio', id='a2@example.com', email='a2@example.com', token_expire=at(days=9),
                               seconds_left=9 * 86400)
        del accounts['a2@example.com']
        nearest = evaluate(accounts, now=NOW, details=details)['summary']['nearest_expiry']
        assert nearest['email'] == 'c@example.com'
        accounts['a2@example.com'] = dict(accounts['c@example.com'], email='a2@example.com')
    without_nine = dict((key, value) for key, value in accounts.items() if key not in ('c@example.com', 'a2@example.com'))
    assert evaluate(without_nine, now=NOW)['summary']['nearest_expiry']['email'] == 'A@example.com'


@pytest.mark.parametrize('offset, expected', [
    (datetime.timedelta(days=7, seconds=-1), 'expiring'),
    (datetime.timedelta(days=7), None),
    (datetime.timedelta(days=7, seconds=1), None),
    (datetime.timedelta(seconds=1), 'expiring'),
    (datetime.timedelta(0), 'expired'),
    (datetime.timedelta(seconds=-1), 'expired'),
])
def test_threshold_edges(offset, expected):
    accounts = {'a@example.com': {'tokenExpireUTC': format_iso(NOW + offset)}}
    result = evaluate(accounts, min_validity='7d', now=NOW)
    assert [problem['kind'] for problem in result['problems']] == ([expected] if expected else [])


@pytest.mark.parametrize('expiry', [
    '2026-12-25T12:00:00Z', '2026-12-25T12:00:00.000Z', '2026-12-25T12:00:00+00:00',
    '2026-12-25T12:00:00.000+00:00', '2026-12-25T13:00:00+01:00', 1798200000000, '1798200000000',
])
def test_expiry_in_any_supported_form(expiry):
    key = 'tokenExpire' if isinstance(expiry, int) or expiry.isdigit() else 'tokenExpireUTC'
    result = evaluate({'a@example.com': {key: expiry}}, now=NOW)
    assert result['ok'], result['msg']
    assert result['accounts'][0]['token_expire'] == '2026-12-25T12:00:00.000Z'


def test_zoneless_expiry_fails_closed():
    result = evaluate({'a@example.com': {'tokenExpireUTC': '2026-12-25T12:00:00'}}, now=NOW)
    assert kinds(result) == [('a@example.com', 'unknown_expiry')]
    assert 'cannot be read' in result['problems'][0]['reason']


def test_scope_required_ignores_other_accounts():
    result = evaluate(MIXED, required=['healthy@example.com'], scope='required', now=NOW)
    assert result['ok']
    assert [entry['email'] for entry in result['accounts']] == ['healthy@example.com']


def test_not_found_configuration_makes_every_required_account_missing():
    result = evaluate({}, required=['a@example.com', 'b@example.com', 'A@example.com'], now=NOW)
    assert kinds(result) == [('a@example.com', 'missing'), ('b@example.com', 'missing')]
    assert 'no accounts configuration at all' in result['problems'][0]['reason']


def test_nothing_to_check_passes_but_says_so():
    result = evaluate({}, now=NOW)
    assert result['ok'] and 'nothing to check' in result['msg']


def test_injected_now_moves_the_verdict():
    accounts = {'a@example.com': {'tokenExpireUTC': '2026-12-10T00:00:00Z'}}
    assert evaluate(accounts, now='2026-11-25T00:00:00Z')['ok']
    assert kinds(evaluate(accounts, now='2026-12-05T00:00:00Z')) == [('a@example.com', 'expiring')]
    assert kinds(evaluate(accounts, now='2026-12-11T00:00:00+05:00')) == [('a@example.com', 'expired')]


def test_default_now_is_the_current_time():
    soon = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)
    assert kinds(evaluate({'a@example.com': {'tokenExpireUTC': format_iso(soon)}})) == [('a@example.com', 'expiring')]


def test_verdict_does_not_depend_on_the_machine_tz(monkeypatch):
    if not hasattr(time, 'tzset'):
        pytest.skip('time.tzset is not available')
    verdicts = []
    for zone in ('UTC', 'Pacific/Kiritimati', 'America/Anchorage'):
        monkeypatch.setenv('TZ', zone)
        time.tzset()
        verdicts.append(render_json(evaluate(MIXED, now=NOW)))
    monkeypatch.delenv('TZ')
    time.tzset()
    assert verdicts[0] == verdicts[1] == verdicts[2]


@pytest.mark.parametrize('kwargs, message', [
    (dict(min_validity='7x'), "accounts_check_min_validity: '7x' is not a duration"),
    (dict(now='2026-11-25T12:00:00'), 'accounts_check_now: '),
    (dict(scope='some'), 'accounts_check_scope must be one of all, required'),
    (dict(required='a@example.com'), 'accounts_check_required must be a list'),
    (dict(required=['']), 'accounts_check_required must hold only non-empty emails'),
])
def test_bad_input_names_the_variable_and_value(kwargs, message):
    arguments = dict(now=NOW, name_prefix='accounts_check_')
    arguments.update(kwargs)
    with pytest.raises(CheckInputError) as caught:
        evaluate(MIXED, **arguments)
    assert message in str(caught.value)


def test_json_report_round_trips():
    result = evaluate(MIXED, required=['absent@example.com'], now=NOW)
    report = json.loads(render_json(result))
    assert report['ok'] is False
    assert report['summary']['checked'] == 7
    statuses = dict((entry['email'], entry['status']) for entry in report['accounts'])
    assert statuses['healthy@example.com'] == 'ok'
    assert statuses['unknown@example.com'] == 'unknown_expiry'
    assert statuses['absent@example.com'] == 'missing'


def test_junit_report_has_one_testcase_per_account_and_one_failure_per_problem():
    accounts = dict(MIXED)
    accounts['both@example.com'] = {'tokenExpireUTC': at(days=-1), 'error': 'bad <refresh> & "token"'}
    result = evaluate(accounts, required=['absent@example.com'], now=NOW)
    root = ElementTree.fromstring(render_junit(result).encode('utf-8'))
    cases = root.findall('./testsuite/testcase')
    assert len(cases) == 8
    failures = dict((case.get('name'), [f.get('type') for f in case.findall('failure')]) for case in cases)
    assert failures['both@example.com'] == ['expired', 'error']
    assert failures['healthy@example.com'] == []
    assert sum(len(kinds_) for kinds_ in failures.values()) == len(result['problems']) == 7
    assert root.find('./testsuite').get('failures') == '6'
