# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The policy (issue 23): warning and critical tiers, thresholds per service and per account, waivers
that end by themselves; validated before anything is judged, and pure."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import validate_report

from ansible_collections.useapi.accounts.plugins.plugin_utils._check import evaluate_services
from ansible_collections.useapi.accounts.plugins.module_utils._errors import CheckInputError
from ansible_collections.useapi.accounts.plugins.module_utils._time import format_iso, parse_iso
from ansible_collections.useapi.accounts.plugins.plugin_utils._reports import render_json

NOW = parse_iso('2026-11-25T12:00:00Z')


def at(days):
    return format_iso(NOW + datetime.timedelta(days=days))


def ltx(**expiries):
    return dict(('%s@example.com' % name, {'tokenExpireUTC': at(days)}) for name, days in expiries.items())


def states(verdict):
    return dict((entry['id'], entry['severity']) for entry in verdict['accounts'])


def test_the_warning_tier_warns_without_failing_and_the_critical_tier_fails():
    verdict = evaluate_services({'ltxstudio': ltx(fine=40, soon=20, near=3)}, now=NOW, min_validity='7d',
                                warn_validity='30d')
    assert states(verdict) == {'fine@example.com': 'ok', 'soon@example.com': 'warning', 'near@example.com': 'critical'}
    assert [(p['id'], p['kind'], p['severity']) for p in verdict['problems']] == [
        ('near@example.com', 'expiring', 'critical'), ('soon@example.com', 'expiring', 'warning')]
    assert verdict['status'] == 'problems' and verdict['warn_validity'] == '30d'
    assert verdict['msg'].startswith('LTX Studio accounts check failed: 1 problem, 1 warning in 3 accounts checked')
    only_warning = evaluate_services({'ltxstudio': ltx(fine=40, soon=20)}, now=NOW, warn_validity='30d')
    assert only_warning['status'] == 'warning' and only_warning['ok'] is False
    lines = only_warning['msg'].splitlines()
    assert lines[0].startswith('LTX Studio accounts check passed with 1 warning in 2 accounts checked')
    assert lines[1].startswith('- expiring (warning): soon@example.com: the token expires at ') and '30d' in lines[1]
    assert evaluate_services({'ltxstudio': ltx(soon=20)}, now=NOW)['status'] == 'ok', 'no warning tier by default'


def test_thresholds_per_service_and_per_account_each_change_one_verdict_and_say_so():
    configs = {'ltxstudio': ltx(render=10, spare=10), 'kling': {'k@example.com': {'session': {'ExpireTimeUTC': at(5)}}}}
    plain = evaluate_services(configs, now=NOW, min_validity='7d')
    assert [p['id'] for p in plain['problems']] == ['k@example.com']
    tuned = evaluate_services(configs, now=NOW, min_validity='7d', thresholds=[
        {'service': 'kling', 'min_validity': '3d'},
        {'service': 'ltxstudio', 'id': 'Render@Example.com', 'min_validity': '14d'}])
    assert [(p['service'], p['id']) for p in tuned['problems']] == [('ltxstudio', 'render@example.com')]
    assert 'less than the required 14d' in tuned['problems'][0]['reason']
    thresholds = dict((entry['id'], entry['threshold']) for entry in tuned['accounts'])
    assert thresholds == {
        'render@example.com': dict(min_validity='14d', warn_validity=None, source='account'),
        'spare@example.com': dict(min_validity='7d', warn_validity=None, source='default'),
        'k@example.com': dict(min_validity='3d', warn_validity=None, source='service')}


def test_an_account_entry_keeps_its_services_other_tier():
    verdict = evaluate_services({'ltxstudio': ltx(a=20)}, now=NOW, thresholds=[
        {'service': 'ltxstudio', 'warn_validity': '30d'}, {'service': 'ltxstudio', 'id': 'a@example.com', 'min_validity': '2d'}])
    assert verdict['accounts'][0]['threshold'] == dict(min_validity='2d', warn_validity='30d', source='account')
    assert [p['severity'] for p in verdict['problems']] == ['warning']


def test_a_waiver_hides_one_problem_until_it_ends_then_says_it_ended():
    configs = {'kling': {'broken@example.com': {'error': 'session revoked', 'session': {'ExpireTimeUTC': at(60)}},
                         'other@example.com': {'error': 'also broken', 'session': {'ExpireTimeUTC': at(60)}}}}
    waiver = {'service': 'kling', 'id': 'broken@example.com', 'kinds': ['error'], 'until': '2026-12-01',
              'reason': 'replacement ordered, OPS-123'}
    during = evaluate_services(configs, now=NOW, waivers=[waiver])
    assert [p['id'] for p in during['problems']] == ['other@example.com'], 'only the waived account is hidden'
    assert [(w['id'], w['kind'], w['waiver']['reason'], w['waiver']['until']) for w in during['waived']] == [
        ('broken@example.com', 'error', 'replacement ordered, OPS-123', '2026-12-02T00:00:00.000Z')]
    assert states(during)['broken@example.com'] == 'waived'
    assert '- error (waived until 2026-12-02T00:00:00.000Z: replacement ordered, OPS-123): broken@example.com' in \
        during['msg']
    after = evaluate_services(configs, now=parse_iso('2026-12-02T00:00:00Z'), waivers=[waiver])
    assert after['waived'] == []
    ended = [p for p in after['problems'] if p['id'] == 'broken@example.com']
    assert ended[0]['reason'].endswith('; its waiver (replacement ordered, OPS-123) ended at 2026-12-02T00:00:00.000Z')
    alone = evaluate_services({'kling': {'broken@example.com': configs['kling']['broken@example.com']}}, now=NOW,
                              waivers=[waiver])
    assert alone['status'] == 'ok' and alone['ok'] is True and 'waived' in alone['msg']


def test_a_waiver_that_matches_nothing_is_a_warning_and_never_hides_unknown():
    waiver = {'service': 'ltxstudio', 'id': 'gone@example.com', 'kinds': ['expired'], 'until': '2027-01-01T00:00:00Z',
              'reason': 'OPS-9'}
    verdict = evaluate_services({'ltxstudio': ltx(a=40)}, now=NOW, waivers=[waiver])
    assert verdict['status'] == 'warning'
    assert [(p['kind'], p['severity'], p['id']) for p in verdict['problems']] == [('stale_waiver', 'warning', 'gone@example.com')]
    assert 'matches no problem' in verdict['problems'][0]['reason']
    unknown = evaluate_services({'ltxstudio': None}, now=NOW, unknown={'ltxstudio': 'the read failed'},
                                waivers=[dict(waiver, id='a@example.com')])
    assert unknown['status'] == 'unknown'


@pytest.mark.parametrize('options, message', [
    (dict(waivers=[{'service': 'kling', 'id': 'a@example.com', 'kinds': ['error'], 'until': '2027-01-01'}]),
     'waivers[0].reason is required'),
    (dict(waivers=[{'service': 'kling', 'id': 'a@example.com', 'kinds': ['error'], 'until': '2027-01-01', 'reason': ' '}]),
     'waivers[0].reason is required'),
    (dict(waivers=[{'service': 'klingg', 'id': 'a@example.com', 'kinds': ['error'], 'until': '2027-01-01', 'reason': 'x'}]),
     'waivers[0].service: "klingg" is not a service'),
    (dict(waivers=[{'service': 'kling', 'id': 'a@example.com', 'kinds': ['empty'], 'until': '2027-01-01', 'reason': 'x'}]),
     'waivers[0].kinds: "empty" cannot be waived'),
    (dict(waivers=[{'service': 'kling', 'id': 'a@example.com', 'kinds': ['error'], 'until': 'Friday', 'reason': 'x'}]),
     'waivers[0].until: '),
    (dict(waivers=[{'service': 'kling', 'id': 'not-an-email', 'kinds': ['error'], 'until': '2027-01-01', 'reason': 'x'}]),
     'waivers[0].id: it must be an email address'),
    (dict(thresholds=[{'service': 'tempolor', 'min_validity': '1d'}, {'service': 'kling', 'min_validity': '-3d'}]),
     "thresholds[1].min_validity: '-3d' is not a duration"),
    (dict(thresholds=[{'service': 'kling', 'min_validity': '14d', 'warn_validity': '7d'}]),
     'thresholds[0]: warn_validity (7d) is shorter than min_validity (14d)'),
    (dict(warn_validity='1d'), 'warn_validity (1d) is shorter than min_validity (7d)'),
    (dict(thresholds=[{'service': 'dreamina', 'id': 'render@example.com', 'min_validity': '1d'}]),
     'thresholds[0].id: it must be REGION:email'),
    (dict(thresholds=[{'service': 'kling'}]), 'thresholds[0] sets neither min_validity nor warn_validity'),
    (dict(thresholds=[{'service': 'kling', 'min_validity': '1d', 'days': 3}]), 'thresholds[0] has days, which is not a field'),
    (dict(thresholds=[{'service': 'kling', 'min_validity': '1d'}, {'service': 'kling', 'min_validity': '2d'}]),
     'thresholds[1] repeats the threshold of kling'),
], ids=lambda value: value if isinstance(value, str) else '')
def test_a_wrong_policy_is_refused_naming_the_option_and_the_entry(options, message):
    with pytest.raises(CheckInputError) as caught:
        evaluate_services({'kling': {}}, now=NOW, name_prefix='accounts_check_', **options)
    assert str(caught.value).startswith('accounts_check_' + message) or ('accounts_check_' + message) in str(caught.value)


KINDS = ['missing', 'expired', 'expiring', 'unknown_expiry', 'error']
IDS = ['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com']
record = st.one_of(
    st.builds(lambda days: {'tokenExpireUTC': at(days)}, st.integers(-30, 90)),
    st.builds(lambda days: {'tokenExpireUTC': at(days), 'error': 'broken'}, st.integers(-30, 90)),
    st.just({'tokenExpireUTC': 'soon'}),
)
durations = st.sampled_from(['1d', '3d', '7d', '14d', '30d', '45d'])


@st.composite
def policies(draw):
    minimum = draw(durations)
    warning = draw(st.one_of(st.none(), durations.filter(lambda value: int(value[:-1]) >= int(minimum[:-1]))))
    thresholds = []
    for account in draw(st.lists(st.sampled_from(IDS), unique=True, max_size=3)):
        low = draw(durations)
        high = draw(st.one_of(st.none(), durations.filter(lambda value: int(value[:-1]) >= int(low[:-1]))))
        entry = {'service': 'ltxstudio', 'id': account, 'min_validity': low}
        if high or warning:
            entry['warn_validity'] = high or max(low, warning, key=lambda value: int(value[:-1]))
        thresholds.append(entry)
    waivers = [{'service': 'ltxstudio', 'id': account, 'kinds': draw(st.lists(st.sampled_from(KINDS), min_size=1, unique=True)),
                'until': at(draw(st.integers(-5, 5))), 'reason': 'ticket'}
               for account in draw(st.lists(st.sampled_from(IDS), unique=True, max_size=3))]
    return dict(min_validity=minimum, warn_validity=warning, thresholds=thresholds, waivers=waivers)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(accounts=st.dictionaries(st.sampled_from(IDS[:3]), record, max_size=3), policy=policies(),
       required=st.lists(st.sampled_from(IDS), unique=True, max_size=2), unread=st.booleans())
def test_every_account_is_in_exactly_one_state_and_a_waiver_never_turns_unknown_into_ok(accounts, policy, required,
                                                                                        unread):
    configs = {'ltxstudio': accounts, 'kling': None if unread else {'k@example.com': {'session': {'ExpireTimeUTC': at(40)}}}}
    verdict = evaluate_services(configs, now=NOW, required={'ltxstudio': required}, allow_empty=True,
                                unknown={'kling': 'the read failed'} if unread else None, **policy)
    validate_report(render_json(verdict))
    for entry in verdict['accounts']:
        assert entry['severity'] in ('ok', 'warning', 'critical', 'waived')
        problems = [p for p in verdict['problems'] if p['id'] == entry['id'] and p['service'] == entry['service']
                    and p['kind'] != 'stale_waiver']  # a waiver's warning, not the account's
        waived = [p for p in verdict['waived'] if p['id'] == entry['id'] and p['service'] == entry['service']]
        expected = ('critical' if any(p['severity'] == 'critical' for p in problems) else
                    'warning' if problems else 'waived' if waived else 'ok')
        assert entry['severity'] == expected
        assert not ({p['kind'] for p in problems} & {p['kind'] for p in waived}), 'a problem is waived or not, never both'
    if unread:
        assert verdict['status'] == 'unknown' and not verdict['ok']
    elif any(p['severity'] == 'critical' for p in verdict['problems']):
        assert verdict['status'] == 'problems'
    assert verdict['ok'] == (verdict['status'] == 'ok')
