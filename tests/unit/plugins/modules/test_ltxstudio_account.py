# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The account module's pure functions, in-process: input checks, what needs changing, the diff."""

from __future__ import annotations

import pytest

from ansible_collections.useapi.accounts.plugins.modules.ltxstudio_account import check_input, diff_view, needed_changes

COOKIE = 'lt_id=user1; lt_token=SECRET-TOKEN; lt_refresh_token=SECRET-REFRESH'


def params(**overrides):
    value = dict(state='present', max_jobs=20, cookie=COOKIE, update_cookie='on_create')
    value.update(overrides)
    return value


@pytest.mark.parametrize('overrides, message', [
    (dict(max_jobs=0), 'max_jobs must be between 1 and 100, got 0'),
    (dict(max_jobs=101), 'max_jobs must be between 1 and 100, got 101'),
    (dict(cookie=''), 'cookie is required with state=present'),
    (dict(cookie='lt_id=u; lt_token=SECRET-TOKEN'), 'cookie lacks the field lt_refresh_token'),
    (dict(cookie='SECRET-BARE'), 'cookie lacks the fields lt_id, lt_token, lt_refresh_token'),
])
def test_bad_input_is_named_and_the_cookie_never_quoted(overrides, message):
    problem = check_input(params(**overrides))
    assert problem.startswith(message)
    assert 'SECRET' not in problem


def test_good_input_and_absent_need_no_cookie():
    assert check_input(params()) is None
    assert check_input(params(state='absent', cookie=None, max_jobs=0)) is None


CURRENT = {'email': 'a@example.com', 'maxJobs': 20, 'cookie': {'lt_id': 'user1', 'lt_token': '\u2026secured\u2026'}}


@pytest.mark.parametrize('current, overrides, reasons', [
    ({}, {}, ['the account does not exist']),
    (CURRENT, {}, []),
    (CURRENT, dict(max_jobs=5), ['maxJobs 20 -> 5']),
    (CURRENT, dict(cookie=COOKIE.replace('user1', 'user2')), ['the cookie is for another lt_id']),
    (CURRENT, dict(update_cookie='always'), ['update_cookie=always']),
])
def test_needed_changes_are_idempotent_on_max_jobs_and_lt_id(current, overrides, reasons):
    assert needed_changes(current, params(**overrides)) == reasons


def test_the_diff_shows_public_fields_only():
    account = dict(CURRENT, tokenExpireUTC='2026-12-01T00:00:00.000Z', error='x', password='never')
    assert diff_view(account) == {'email': 'a@example.com', 'maxJobs': 20, 'lt_id': 'user1',
                                  'tokenExpireUTC': '2026-12-01T00:00:00.000Z', 'error': 'x'}
    assert diff_view({}) == {}
