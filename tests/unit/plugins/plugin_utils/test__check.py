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
from ansible_collections.useapi.accounts.plugins.plugin_utils._check import cannot_judge, evaluate_services
from ansible_collections.useapi.accounts.plugins.plugin_utils._reports import render_json, render_junit
from ansible_collections.useapi.accounts.plugins.module_utils._errors import CheckInputError
from ansible_collections.useapi.accounts.plugins.module_utils._time import format_iso, parse_iso, to_epoch_ms

NOW = parse_iso('2026-11-25T12:00:00Z')


def evaluate(accounts, **options):
    """The check of one LTX Studio configuration."""
    return evaluate_services({'ltxstudio': accounts}, **options)


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
}, 'ltxstudio')


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
                                            'error': 1, 'empty': 0, 'subscription_inactive': 0, 'stale_waiver': 0}


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
    }, 'ltxstudio')
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
    result = evaluate({}, required=['a@example.com', 'b@example.com', 'A@example.com'], now=NOW, allow_empty=['ltxstudio'])
    assert kinds(result) == [('a@example.com', 'missing'), ('b@example.com', 'missing')]
    assert 'the configuration read has no accounts at all' in result['problems'][0]['reason']


def test_nothing_to_check_passes_but_says_so_when_an_empty_configuration_is_allowed():
    result = evaluate({}, now=NOW, allow_empty=['ltxstudio'])
    assert result['ok'] and 'nothing to check' in result['msg']
    assert evaluate({}, now=NOW, allow_empty=True)['status'] == 'ok'


def test_a_service_with_no_account_at_all_is_a_problem_of_its_own_by_default():
    result = evaluate({}, required=['a@example.com'], now=NOW)
    assert result['status'] == 'problems'
    assert [(problem['service'], problem['id'], problem['kind']) for problem in result['problems']] == [
        ('ltxstudio', None, 'empty'), ('ltxstudio', 'a@example.com', 'missing')]
    assert 'allow_empty' in result['problems'][0]['reason']
    assert result['msg'].splitlines()[1].startswith('- empty: the LTX Studio configuration has no account at all')
    with pytest.raises(CheckInputError, match="allow_empty names \"klingg\", not a service"):
        evaluate({}, now=NOW, allow_empty=['klingg'])


def test_after_a_read_of_one_account_its_absence_says_only_that():
    result = evaluate({}, required=['a@example.com', 'b@example.com'], now=NOW, read_ids={'ltxstudio': 'A@example.com'})
    assert [problem['kind'] for problem in result['problems']] == ['missing', 'missing'], 'no empty: one account was read'
    reasons = [problem['reason'] for problem in result['problems']]
    assert reasons[0] == 'required but not configured (the API answered that it has no such account)'
    assert reasons[1] == 'required, but the read asked only for the account "A@example.com"'
    assert 'at all' not in result['msg']


def test_what_could_not_be_judged_makes_the_status_unknown_and_problems_are_still_listed():
    configs = {'ltxstudio': {'a@example.com': {'tokenExpireUTC': '2026-11-20T00:00:00Z'}}, 'kling': None}
    result = evaluate_services(configs, required={'kling': ['k@example.com']}, now=NOW,
                               unknown={'kling': 'the read failed: GET x failed with HTTP 503'})
    assert result['status'] == 'unknown' and result['ok'] is False
    assert result['unknown'] == [dict(subject='kling', service='kling', reason='the read failed: GET x failed with HTTP 503')]
    assert [problem['kind'] for problem in result['problems']] == ['expired'], 'no missing for a service not read'
    assert result['summary']['by_service']['kling']['judged'] is False
    lines = result['msg'].splitlines()
    assert lines[0] == ('useapi.net accounts check (LTX Studio, Kling) cannot judge (status unknown): Kling could not be '
                        'judged; 1 problem found in what could:')
    assert lines[1] == '- unknown: Kling: the read failed: GET x failed with HTTP 503'
    assert lines[2].startswith('- expired: LTX Studio: a@example.com: the token expired at')
    with pytest.raises(CheckInputError, match='no kling configuration, and no reason why'):
        evaluate_services(configs, now=NOW)


def test_the_subscription_is_part_of_the_evaluation():
    good = {'a@example.com': {'tokenExpireUTC': '2027-11-20T00:00:00Z'}}
    inactive = evaluate(good, now=NOW, subscription={'active': False})
    assert inactive['status'] == 'problems' and inactive['subscription_active'] is False
    assert [(p['service'], p['id'], p['kind']) for p in inactive['problems']] == [(None, None, 'subscription_inactive')]
    assert inactive['msg'].splitlines()[1].startswith('- subscription_inactive: the useapi.net subscription is not active')
    assert evaluate(good, now=NOW, subscription={'active': True})['status'] == 'ok'
    unread = evaluate(good, now=NOW, subscription={}, unknown={'subscription': 'the read failed: HTTP 500'})
    assert unread['status'] == 'unknown' and unread['subscription_active'] is None
    assert unread['unknown'] == [dict(subject='subscription', service=None, reason='the read failed: HTTP 500')]
    assert 'the useapi.net subscription could not be judged' in unread['msg'].splitlines()[0]


def test_a_check_that_cannot_run_at_all_is_an_unknown_verdict():
    result = cannot_judge(['kling', 'ltxstudio'], "min_validity: '7x' is not a duration", now=NOW)
    assert result['status'] == 'unknown' and result['problems'] == [] and result['accounts'] == []
    assert result['msg'] == ("useapi.net accounts check (Kling, LTX Studio) cannot judge (status unknown):\n"
                             "- unknown: min_validity: '7x' is not a duration")


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


# -- issue 20: masked and escaped reasons (items 3, 7), the calendar's edges (item 11) -------------------

CHECK_CANARY = 'CHECK-CANARY-20'


def test_an_error_object_is_shown_masked_and_short():
    error = {'message': 'login failed', 'password': CHECK_CANARY, 'nested': {'apiKey': CHECK_CANARY}, 'pad': 'x' * 500}
    result = evaluate({'a@example.com': {'tokenExpireUTC': at(days=30), 'error': error}}, now=NOW)
    reason = result['problems'][0]['reason']
    assert CHECK_CANARY not in json.dumps(result) and 'login failed' in reason
    assert reason.endswith('characters, cut)') and len(reason) < 300


def test_ids_and_api_texts_cannot_forge_lines_of_the_verdict():
    forged = 'x@example.com\n- expired: boss@example.com: forged \x1b[2J\u202e'
    result = evaluate({forged: {'tokenExpireUTC': at(days=-1), 'error': 'bad\n- ok: fine\x00' + 'y' * 2000}}, now=NOW)
    lines = result['msg'].split('\n')
    assert len(lines) == 3 and all(line.isprintable() for line in lines)
    assert '\\n- expired: boss@example.com: forged \\x1b[2J\\u202e' in result['msg']
    assert '(2015 characters, cut)' in result['msg']
    assert result['problems'][0]['id'] == forged, 'the data keeps the exact id'


@pytest.mark.parametrize('now, min_validity', [('9999-12-31T00:00:00Z', '7d'), ('2026-11-25T12:00:00Z', '999999999d')])
def test_now_plus_min_validity_past_year_9999_is_our_error(now, min_validity):
    with pytest.raises(CheckInputError, match=r'^my_min_validity: now plus min_validity .* past the last instant'):
        evaluate({}, now=now, min_validity=min_validity, name_prefix='my_')


def test_account_instants_at_the_calendars_edges_are_unknown_expiries_not_crashes():
    configs = {
        'mureka': {'1': {'tokenIssuedDaysAgo': 36500}, '2': {'tokenIssuedDaysAgo': 0}},
        'ltxstudio': {'a@example.com': {'tokenExpire': '9' * 5000}, 'b@example.com': {'tokenExpireUTC': '0001-01-01T00:00:00Z'},
                      'c@example.com': {'tokenExpire': 1e300}},
        'minimax': {'1': {'jwt': {'exp': 1e300}}},
    }
    result = evaluate_services(configs, now='0001-02-01T00:00:00Z', min_validity='0s')
    kinds = dict(((problem['service'], problem['id']), problem['kind']) for problem in result['problems'])
    assert kinds == {('mureka', '1'): 'unknown_expiry', ('ltxstudio', 'a@example.com'): 'unknown_expiry',
                     ('ltxstudio', 'b@example.com'): 'expired', ('ltxstudio', 'c@example.com'): 'unknown_expiry',
                     ('minimax', '1'): 'unknown_expiry'}
    late = evaluate_services({'mureka': {'1': {'tokenIssuedDaysAgo': 0}}}, now='9999-12-31T00:00:00Z', min_validity='0s')
    assert [problem['kind'] for problem in late['problems']] == ['unknown_expiry']
