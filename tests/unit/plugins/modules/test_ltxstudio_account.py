# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ltxstudio_account's rules, in-process: input checks, what needs changing, the diff.

The module now runs on the shared write code (module_utils/_write.py); these are the cases it had
before the move, unchanged, so its behaviour is pinned.
"""

from __future__ import annotations

import pytest

from ansible_collections.useapi.accounts.plugins.module_utils._errors import ConfigurationError
from ansible_collections.useapi.accounts.plugins.module_utils._write import diff_view, module_kwargs, needed_changes, validate
from ansible_collections.useapi.accounts.plugins.modules import ltxstudio_account

COOKIE = 'lt_id=user1; lt_token=SECRET-TOKEN; lt_refresh_token=SECRET-REFRESH'


def params(**overrides):
    value = dict(email='a@example.com', state='present', max_jobs=20, cookie=COOKIE, update_cookie='on_create')
    value.update(overrides)
    return value


def check_input(value):
    try:
        validate('ltxstudio', value)
    except ConfigurationError as error:
        return str(error)
    return None


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
    assert needed_changes('ltxstudio', current, params(**overrides)) == reasons


def test_the_diff_shows_public_fields_only():
    account = dict(CURRENT, tokenExpireUTC='2026-12-01T00:00:00.000Z', error='x', password='never')
    assert diff_view('ltxstudio', account) == {'email': 'a@example.com', 'maxJobs': 20, 'lt_id': 'user1',
                                               'tokenExpireUTC': '2026-12-01T00:00:00.000Z', 'error': 'x'}
    assert diff_view('ltxstudio', {}) == {}


def test_the_options_are_the_ones_it_always_had():
    kwargs = module_kwargs(ltxstudio_account.SERVICE)
    spec = kwargs['argument_spec']
    assert spec['email'] == dict(type='str', required=True)
    assert spec['cookie'] == dict(type='str', no_log=True)
    assert spec['max_jobs'] == dict(type='int', default=20)
    assert spec['update_cookie']['default'] == 'on_create' and spec['update_cookie']['no_log'] is False
    assert spec['update_cookie']['aliases'] == ['update_credentials']
    assert kwargs['required_if'] == [('state', 'present', ['cookie'])]
    assert kwargs['supports_check_mode'] is True
