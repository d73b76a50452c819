# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The check on ids that are identities and on the documented shapes (issue 20 items 4 and 10, issue 21
items 2 and 3). The bodies are useapi.net's published examples (get-mureka-accounts, rev. Dec 2, 2024 and
Dec 30, 2024; get-google-flow-accounts, rev. Nov 17 and Dec 1, 2025)."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ansible_collections.useapi.accounts.plugins.module_utils._accounts import normalize_accounts
from ansible_collections.useapi.accounts.plugins.plugin_utils._check import PROBLEM_KINDS, evaluate_services
from ansible_collections.useapi.accounts.plugins.module_utils._errors import CheckInputError
from ansible_collections.useapi.accounts.plugins.module_utils._services import SERVICE_NAMES
from ansible_collections.useapi.accounts.plugins.module_utils._time import format_iso, parse_iso

NOW = parse_iso('2026-11-25T12:00:00Z')
KELVIN = u'\u212aelvin@x.io'


def at(**delta):
    return format_iso(NOW + datetime.timedelta(**delta))


def kinds(verdict):
    return sorted((problem['service'], problem['id'], problem['kind']) for problem in verdict['problems'])


@pytest.mark.parametrize('scope', ['required', 'all'])
def test_a_case_different_healthy_key_never_hides_the_required_one(scope):
    accounts = {'a@b.c': {'tokenExpireUTC': at(days=-1), 'error': 'Session refresh failed, manual update required'},
                'A@b.c': {'tokenExpireUTC': at(days=60)}}
    verdict = evaluate_services({'ltxstudio': accounts}, required=['a@b.c'], scope=scope, now=NOW)
    assert not verdict['ok']
    assert kinds(verdict) == [('ltxstudio', 'a@b.c', 'error'), ('ltxstudio', 'a@b.c', 'expired')]
    assert sorted(entry['id'] for entry in verdict['accounts']) == ['A@b.c', 'a@b.c']
    assert all(entry['required'] for entry in verdict['accounts'])
    # Spelt the other way, the required id is still both accounts.
    assert kinds(evaluate_services({'ltxstudio': accounts}, required=['A@B.C'], scope=scope, now=NOW)) == kinds(verdict)


def test_a_kelvin_sign_look_alike_does_not_satisfy_the_required_id():
    accounts = {KELVIN: {'tokenExpireUTC': at(days=60)}}
    verdict = evaluate_services({'kling': {KELVIN: {'session': {'ExpireTimeUTC': at(days=60)}}},
                                 'ltxstudio': accounts},
                                required={'ltxstudio': ['kelvin@x.io'], 'kling': ['kelvin@x.io']}, now=NOW)
    assert kinds(verdict) == [('kling', 'kelvin@x.io', 'missing'), ('ltxstudio', 'kelvin@x.io', 'missing')]


def test_required_ids_are_one_only_when_the_service_says_so():
    verdict = evaluate_services({'ltxstudio': {}}, required=['a@b.c', 'A@B.C', 'kelvin@x.io', KELVIN], now=NOW)
    assert verdict['required'] == ['a@b.c', 'kelvin@x.io', KELVIN]
    mureka = evaluate_services({'mureka': {'abc': {'sessionCookie': {'expires': at(days=9)}}}}, required=['ABC'], now=NOW)
    assert kinds(mureka) == [('mureka', 'ABC', 'missing')], 'Mureka ids are exact'


# get-mureka-accounts (rev. Dec 2, 2024 (Dec 30, 2024)): "tokenIssuedDaysAgo": 1 and 29.
MUREKA_DEC_30 = {
    '987654321': {'account': '987654321', 'token': 'def\u2026secured\u2026uvw', 'updated': 1724514995,
                  'updatedUTC': '2024-10-24T15:56:35.000Z', 'tokenIssuedDaysAgo': 1, 'hasAutoRefresh': False},
}
# get-mureka-accounts (rev. Dec 2, 2024): {updated, account, token, updatedUTC}, no age, no session cookie.
MUREKA_DEC_2 = {
    '123456789': {'updated': 1724514995, 'account': '123456789', 'token': '<token a>',
                  'updatedUTC': '2024-10-24T15:56:35.000Z '},
}


def test_an_age_the_api_reported_counts_from_the_read_not_from_now():
    read = NOW - datetime.timedelta(days=60)
    accounts = normalize_accounts(MUREKA_DEC_30, 'mureka')
    verdict = evaluate_services({'mureka': accounts}, now=NOW, read_at={'mureka': format_iso(read)})
    assert kinds(verdict) == [('mureka', '987654321', 'expired')]
    reason = verdict['problems'][0]['reason']
    expires = read + datetime.timedelta(days=29)
    assert reason.startswith('the token expired at %s (31d ago)' % format_iso(expires)), reason
    assert 'tokenIssuedDaysAgo 1 was reported when the configuration was read, at %s' % format_iso(read) in reason
    assert verdict['read_at_assumed'] == []
    # A day-30 token read then expired at the read, not at the evaluated instant.
    thirty = evaluate_services({'mureka': {'m': {'tokenIssuedDaysAgo': 30}}}, now=NOW, read_at={'mureka': read})
    assert thirty['problems'][0]['reason'].startswith('the token expired at %s (60d ago)' % format_iso(read))


def test_without_a_read_time_the_verdict_says_it_assumed_now():
    verdict = evaluate_services({'mureka': {'m': {'tokenIssuedDaysAgo': 25}}, 'kling': {}}, now=NOW,
                                read_at={'kling': NOW}, allow_empty=['kling'])
    assert verdict['read_at_assumed'] == ['mureka']
    assert kinds(verdict) == [('mureka', 'm', 'expiring')]
    assert '(assumed: no read time was given)' in verdict['problems'][0]['reason']
    with pytest.raises(CheckInputError, match='mureka_accounts_read_at: '):
        evaluate_services({'mureka': {}}, now=NOW, read_at={'mureka': '2026-11-25T12:00:00'})


def test_a_mureka_token_with_no_age_and_no_session_cookie_has_an_unknown_expiry():
    accounts = normalize_accounts(MUREKA_DEC_2, 'mureka')
    verdict = evaluate_services({'mureka': accounts}, now=NOW)
    assert kinds(verdict) == [('mureka', '123456789', 'unknown_expiry')]
    assert 'tokenIssuedDaysAgo is missing' in verdict['problems'][0]['reason']
    assert 'no token that expires by hand' not in verdict['msg']


# get-google-flow-accounts (rev. Nov 17, 2025 (Dec 1, 2025)): keys masked to one character.
FLOW_DEC_1 = {
    'a***@gmail.com': {'created': '2025-11-09T22:02:04.802Z', 'health': 'OK',
                       'nextRefresh': {'scheduledFor': '2025-12-01T11:46:01.000Z'},
                       'project': {'projectId': 'a7e08e13-a6ea-4945-9841-cb4147e4f024', 'projectTitle': 'Nov 11 - 02:56'},
                       'sessionData': {'expires': '2025-12-01T12:46:01.000Z'}},
    'b***@gmail.com': {'created': '2025-11-10T02:56:58.864Z', 'health': 'OK',
                       'nextRefresh': {'scheduledFor': '2025-12-01T09:13:16.000Z'},
                       'project': {'projectId': '47050a10-06f4-4469-8ab0-6d294c703508', 'projectTitle': 'Nov 11 - 02:56'},
                       'sessionData': {'expires': '2025-12-01T10:13:16.000Z'}},
}
FLOW_NOW = '2025-12-01T10:00:00Z'


def test_a_one_character_mask_matches_the_required_email():
    accounts = normalize_accounts(FLOW_DEC_1, 'google-flow')
    verdict = evaluate_services({'google-flow': accounts}, required=['alice@gmail.com', 'bob@gmail.com'],
                                scope='required', now=FLOW_NOW)
    assert verdict['ok'], verdict['msg']
    assert verdict['summary']['checked'] == 2
    missing = evaluate_services({'google-flow': accounts}, required=['carol@gmail.com'], now=FLOW_NOW)
    assert kinds(missing) == [('google-flow', 'carol@gmail.com', 'missing')]


def test_two_keys_that_could_be_the_account_are_ambiguous_never_a_pass_nor_missing():
    accounts = normalize_accounts(dict(FLOW_DEC_1, **{'A***@gmail.com': FLOW_DEC_1['a***@gmail.com']}), 'google-flow')
    for scope in ('required', 'all'):
        verdict = evaluate_services({'google-flow': accounts}, required=['alice@gmail.com'], scope=scope, now=FLOW_NOW)
        assert kinds(verdict) == [('google-flow', 'alice@gmail.com', 'ambiguous')], scope
        reason = verdict['problems'][0]['reason']
        assert '2 configured keys could be this account ("A***@gmail.com", "a***@gmail.com")' in reason
        assert verdict['summary']['by_kind']['ambiguous'] == 1 and 'ambiguous' in PROBLEM_KINDS
        assert verdict['msg'].splitlines()[1].startswith('- ambiguous: alice@gmail.com: required, but 2')


@settings(max_examples=200, deadline=None)
@given(name=st.sampled_from(SERVICE_NAMES), wanted=st.text(max_size=24),
       keys=st.lists(st.text(min_size=1, max_size=12) | st.sampled_from(['a***@gmail.com', 'A@b.c', KELVIN]),
                     max_size=5))
def test_any_id_string_as_required_gives_a_match_missing_ambiguous_or_our_error(name, wanted, keys):
    accounts = dict((key, {}) for key in keys if key.strip())
    try:
        verdict = evaluate_services({name: accounts}, required=[wanted], now=NOW)
    except CheckInputError:
        assert not wanted.strip()
        return
    assert verdict['ok'] == (verdict['problems'] == [])
    assert all(problem['kind'] in PROBLEM_KINDS for problem in verdict['problems'])
    about = [problem['kind'] for problem in verdict['problems'] if problem['id'] == wanted.strip()]
    assert not ('missing' in about and 'ambiguous' in about)
