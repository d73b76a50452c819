# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The service registry, and what it drives: normalisation, masking and the check of every service."""

from __future__ import annotations

import datetime
import json
from xml.etree import ElementTree

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ansible_collections.useapi.accounts.plugins.module_utils._accounts import normalize_accounts
from ansible_collections.useapi.accounts.plugins.plugin_utils._check import evaluate_services
from ansible_collections.useapi.accounts.plugins.plugin_utils._reports import render_json, render_junit
from ansible_collections.useapi.accounts.plugins.module_utils._cookie import MASK
from ansible_collections.useapi.accounts.plugins.module_utils._errors import (
    AccountsFormatError,
    CheckInputError,
    ConfigurationError,
)
from ansible_collections.useapi.accounts.plugins.module_utils._services import (
    SERVICE_NAMES,
    SERVICES,
    by_subscription_key,
    fact_name,
    service,
    url_env_var,
)
from ansible_collections.useapi.accounts.plugins.module_utils._time import format_iso, parse_iso

NOW = parse_iso('2026-11-25T12:00:00Z')
CANARY = 'CANARY-5ecret-value'


def at(**delta):
    return format_iso(NOW + datetime.timedelta(**delta))


def seconds_at(**delta):
    return (NOW + datetime.timedelta(**delta)).timestamp()


def test_the_registry_names_the_ten_services_ltx_studio_first():
    assert SERVICE_NAMES == ('ltxstudio', 'kling', 'minimax', 'runwayml', 'pixverse', 'google-flow', 'flowmusic',
                             'dreamina', 'mureka', 'tempolor')


@pytest.mark.parametrize('name', SERVICE_NAMES)
def test_every_entry_is_complete_and_well_formed(name):
    entry = SERVICES[name]
    assert entry['root'].startswith(('/v1/', '/v2/')) and entry['root'].endswith(name)
    assert entry['id_key'] in ('email', 'account', 'user_id')
    assert entry['id_format'] in ('email', 'region_email', 'text')
    assert entry['empty'] in ('404', '{}')
    assert entry['expiry'] and all(rule['kind'] in ('token', 'refreshing', 'issued_days', 'none')
                                   for rule in entry['expiry'])
    for rule in entry['expiry']:
        if rule['kind'] in ('token', 'refreshing'):
            assert rule.get('epoch') or rule.get('iso')
            assert not rule.get('epoch') or rule['unit'] in ('ms', 's')
    assert all(unit in ('ms', 's') for dummy, dummy, unit in entry['time_pairs'])
    assert all(how in ('value', 'values', 'cookie') for dummy, how in entry['secrets'])
    assert entry['concurrency'] is None or entry['concurrency'][1] == 1
    assert set(entry['health']) <= {'error', 'health'} and 'error' in entry['health']
    assert by_subscription_key(entry['subscription_key']) == name


def test_names_derived_from_a_service():
    assert fact_name('google-flow') == 'google_flow_accounts'
    assert url_env_var('google-flow') == 'USEAPI_GOOGLE_FLOW_URL'
    assert url_env_var('ltxstudio') == 'USEAPI_LTXSTUDIO_URL'
    with pytest.raises(ConfigurationError, match="unknown service 'luma'; known services: ltxstudio, kling"):
        service('luma')


# One realistic record per service with every documented secret set to the canary.
RECORDS = {
    'ltxstudio': {'email': 'a@example.com', 'cookie': 'lt_id=u1; lt_token=%s; lt_refresh_token=%s' % (CANARY, CANARY),
                  'tokenExpireUTC': at(days=30)},
    'kling': {'email': 'a@example.com', 'password': CANARY, 'maxJobs': '10',
              'session': {'ExpireTime': 123456789, 'ExpireTimeUTC': at(days=30)}},
    'minimax': {'account': '1001', 'jwt': {'token': CANARY, 'exp': seconds_at(days=30), 'iat': seconds_at(days=-1)}},
    'runwayml': {'email': 'a@example.com', 'password': CANARY, 'jwt': {'token': CANARY, 'exp': seconds_at(days=30)}},
    'pixverse': {'email': 'a@example.com', 'password': CANARY, 'jwt': {'token': CANARY, 'ExpireTimeUTC': at(days=30)}},
    'google-flow': {'email': 'jo***@example.com', 'health': 'OK',
                    'sessionData': {'access_token': CANARY, 'expires': at(minutes=20)},
                    'accountCookies': [{'name': 'SID', 'value': CANARY}], 'sessionCookies': [{'value': CANARY}]},
    'flowmusic': {'email': 'a@example.com', 'access_token': CANARY, 'refresh_token': CANARY,
                  'access_token_expires_at': at(minutes=40)},
    'dreamina': {'account': 'US:a@example.com', 'password': CANARY, 'sessionExpires': at(days=2)},
    'mureka': {'account': '2002', 'sessionCookie': {'value': CANARY, 'expires': at(days=1)}, 'updated': 1724514995},
    'tempolor': {'user_id': 'u-3', 'requestParams': {'token': CANARY, 'sign': CANARY}, 'updated': 1715791234567},
}


@pytest.mark.parametrize('name', SERVICE_NAMES)
def test_every_documented_secret_is_masked_and_a_healthy_record_passes(name):
    record = RECORDS[name]
    key = record[service(name)['id_key']]
    accounts = normalize_accounts({key: record}, name)
    assert CANARY not in json.dumps(accounts)
    assert MASK in json.dumps(accounts, ensure_ascii=False)
    assert CANARY in json.dumps(record), 'the input is never changed'
    verdict = evaluate_services({name: accounts}, required=[key], now=NOW)
    assert verdict['ok'], verdict['msg']


def test_timestamp_pairs_are_filled_in_the_documented_unit():
    minimax = normalize_accounts({'1001': RECORDS['minimax']}, 'minimax')['1001']
    assert minimax['jwt']['exp_Expire'] == at(days=30)
    assert minimax['jwt']['iat_Issued'] == at(days=-1)
    mureka = normalize_accounts({'2002': RECORDS['mureka']}, 'mureka')['2002']
    assert mureka['updatedUTC'] == '2024-08-24T15:56:35.000Z'
    tempolor = normalize_accounts({'u-3': {'updatedUTC': '2024-05-15T16:40:34.567Z'}}, 'tempolor')['u-3']
    assert tempolor['updated'] == 1715791234567
    kling = normalize_accounts({'a@example.com': RECORDS['kling']}, 'kling')['a@example.com']
    assert kling['maxJobs'] == 10
    assert kling['session']['ExpireTime'] == 123456789, 'an undocumented unit is kept as given, never converted'


def kinds(verdict):
    return sorted((problem['service'], problem['id'], problem['kind']) for problem in verdict['problems'])


@pytest.mark.parametrize('name, record', [
    ('kling', {'session': {'ExpireTimeUTC': at(days=2)}}),
    ('minimax', {'jwt': {'exp': seconds_at(days=2)}}),
    ('runwayml', {'jwt': {'exp': str(seconds_at(days=2))}}),
    ('pixverse', {'jwt': {'ExpireTimeUTC': at(days=2)}}),
])
def test_tokens_renewed_by_hand_expire_and_near_expiry_is_a_problem(name, record):
    verdict = evaluate_services({name: {'x': record}}, now=NOW)
    assert kinds(verdict) == [(name, 'x', 'expiring')]
    assert 'in 2d' in verdict['msg']
    gone = evaluate_services({name: {'x': {}}}, now=NOW)
    assert kinds(gone) == [(name, 'x', 'unknown_expiry')]


def test_kling_never_guesses_the_unit_of_its_numeric_expiry():
    verdict = evaluate_services({'kling': {'x': {'session': {'ExpireTime': 1796000000000}}}}, now=NOW)
    assert kinds(verdict) == [('kling', 'x', 'unknown_expiry')]
    assert 'session.ExpireTimeUTC is missing' in verdict['msg']


@pytest.mark.parametrize('name, soon, past', [
    ('google-flow', {'sessionData': {'expires': at(minutes=5)}}, {'sessionData': {'expires': at(hours=-3)}}),
    ('flowmusic', {'access_token_expires_at': at(minutes=5)}, {'access_token_expires_at': at(days=-1)}),
    ('dreamina', {'sessionExpires': at(hours=1)}, {'sessionExpires': at(days=-2)}),
    ('mureka', {'sessionCookie': {'expires': at(hours=1)}}, {'sessionCookie': {'expires': at(days=-2)}}),
])
def test_sessions_useapi_refreshes_itself_are_only_a_problem_once_past(name, soon, past):
    assert evaluate_services({name: {'x': soon}}, now=NOW, min_validity='7d')['ok']
    verdict = evaluate_services({name: {'x': past}}, now=NOW)
    assert kinds(verdict) == [(name, 'x', 'expired')]
    assert 'refresh is failing' in verdict['msg']
    assert kinds(evaluate_services({name: {'x': {'sessionCookie': {}} if name == 'mureka' else {}}}, now=NOW)) == [
        (name, 'x', 'unknown_expiry')]


def test_nothing_to_expire_is_no_problem_and_not_unknown():
    # A Mureka token with no age is not "nothing expires" (issue 21): see test__check_shapes.py.
    verdict = evaluate_services({'tempolor': {'u': {}}}, now=NOW)
    assert verdict['ok'], verdict['msg']
    assert verdict['summary']['nearest_expiry'] is None


@pytest.mark.parametrize('days, expected', [(10, []), (25, ['expiring']), (30, ['expired']), (45, ['expired']),
                                            ('ten', ['unknown_expiry'])])
def test_mureka_legacy_tokens_last_thirty_days(days, expected):
    verdict = evaluate_services({'mureka': {'m': {'tokenIssuedDaysAgo': days}}}, now=NOW, min_validity='7d')
    assert [problem['kind'] for problem in verdict['problems']] == expected


@pytest.mark.parametrize('name', SERVICE_NAMES)
def test_an_error_or_bad_health_is_an_error_on_every_service(name):
    record = dict(RECORDS[name], error='Session refresh failed, manual update required')
    key = record[service(name)['id_key']]
    assert [p['kind'] for p in evaluate_services({name: {key: record}}, now=NOW)['problems']] == ['error']
    sick = dict(RECORDS[name], health='Token revoked')
    if 'health' in service(name)['health']:
        assert [p['kind'] for p in evaluate_services({name: {key: sick}}, now=NOW)['problems']] == ['error']


def test_several_services_in_one_verdict_each_problem_naming_its_service():
    configs = {
        'kling': {'k@example.com': {'session': {'ExpireTimeUTC': at(days=-1)}}},
        'ltxstudio': {'a@example.com': {'tokenExpireUTC': at(days=40)}},
        'google-flow': {'jo***@example.com': {'sessionData': {'expires': at(minutes=30)}, 'health': 'OK'}},
    }
    required = {'ltxstudio': ['a@example.com', 'b@example.com'], 'google-flow': ['john@example.com'],
                'kling': []}
    verdict = evaluate_services(configs, required=required, now=NOW)
    assert verdict['services'] == ['ltxstudio', 'kling', 'google-flow']
    assert kinds(verdict) == [('kling', 'k@example.com', 'expired'), ('ltxstudio', 'b@example.com', 'missing')]
    lines = verdict['msg'].splitlines()
    assert lines[0].startswith('useapi.net accounts check (LTX Studio, Kling, Google Flow) failed: 2 problems')
    assert lines[1].startswith('- missing: LTX Studio: b@example.com')
    assert lines[2].startswith('- expired: Kling: k@example.com')
    assert verdict['summary']['by_service']['google-flow'] == dict(judged=True, configured=1, required=1, checked=1,
                                                                   problems=0)
    report = json.loads(render_json(verdict))
    assert [problem['service'] for problem in report['problems']] == ['ltxstudio', 'kling']
    suites = ElementTree.fromstring(render_junit(verdict)).findall('testsuite')
    assert [suite.get('name').rsplit('.', 1)[1] for suite in suites] == ['ltxstudio', 'kling', 'google-flow']
    assert [suite.get('failures') for suite in suites] == ['1', '1', '0']


def test_required_must_name_services_that_are_checked():
    with pytest.raises(CheckInputError, match=r'r\[?equired names minimax, which is not among the services'):
        evaluate_services({'kling': {}}, required={'minimax': ['1']}, now=NOW)
    with pytest.raises(CheckInputError, match='is a list, but 2 services are checked'):
        evaluate_services({'kling': {}, 'minimax': {}}, required=['a@example.com'], now=NOW)


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
                    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children,
                                                                                      max_size=3), max_leaves=12)
SHAPED = st.dictionaries(st.text(max_size=12), st.dictionaries(
    st.sampled_from(['email', 'password', 'jwt', 'session', 'sessionData', 'accountCookies', 'sessionCookie',
                     'requestParams', 'maxJobs', 'updated', 'updatedUTC', 'tokenIssuedDaysAgo', 'error', 'health',
                     'access_token', 'cookie', 'token']), JSON, max_size=6), max_size=4)


@settings(max_examples=150, deadline=None)
@given(name=st.sampled_from(SERVICE_NAMES), payload=SHAPED | JSON)
def test_any_json_gives_a_well_formed_configuration_or_our_error(name, payload):
    try:
        accounts = normalize_accounts(payload, name)
    except AccountsFormatError:
        return
    assert isinstance(accounts, dict)
    for key, account in accounts.items():
        assert isinstance(key, str) and key.strip() and isinstance(account, dict)
    verdict = evaluate_services({name: accounts}, now=NOW)
    assert verdict['ok'] == (verdict['problems'] == [])
