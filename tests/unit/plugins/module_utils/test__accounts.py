# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Normalisation and masking of the API's account records."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ansible_collections.useapi.accounts.plugins.module_utils._accounts import (
    normalize_account,
    normalize_accounts,
    token_expiry,
)
from ansible_collections.useapi.accounts.plugins.module_utils._cookie import MASK
from ansible_collections.useapi.accounts.plugins.module_utils._errors import AccountsFormatError
from ansible_collections.useapi.accounts.plugins.module_utils._time import parse_iso

DOCUMENTED = {
    'one@example.com': {
        'email': 'one@example.com',
        'cookie': {'lt_id': 'user12345', 'lt_token': MASK, 'lt_refresh_token': MASK},
        'maxJobs': 20,
        'updatedUTC': '2025-06-03T12:13:14.000Z',
        'tokenExpireUTC': '2025-07-03T12:13:14.000Z',
    },
}


def test_documented_shape_gets_the_millisecond_forms_filled_in():
    accounts = normalize_accounts(DOCUMENTED)
    account = accounts['one@example.com']
    assert account['tokenExpire'] == 1751544794000
    assert account['updated'] == 1748952794000
    assert account['tokenExpireUTC'] == '2025-07-03T12:13:14.000Z'
    assert account['cookie'] == {'lt_id': 'user12345', 'lt_token': MASK, 'lt_refresh_token': MASK}


def test_millisecond_only_record_gets_the_iso_forms_filled_in():
    account = normalize_account('a@example.com', {'tokenExpire': 1751544794000, 'updated': 1748952794000})
    assert account['tokenExpireUTC'] == '2025-07-03T12:13:14.000Z'
    assert account['updatedUTC'] == '2025-06-03T12:13:14.000Z'
    assert account['email'] == 'a@example.com'


def test_raw_cookie_values_are_masked_except_lt_id_and_extra_keys_kept():
    record = {'cookie': {'lt_id': 'u1', 'lt_token': 'RAW-1', 'lt_refresh_token': 'RAW-2', 'lt_session': 'RAW-3'},
              'region': 'eu', 'maxJobs': 3}
    account = normalize_account('a@example.com', record)
    assert account['cookie'] == {'lt_id': 'u1', 'lt_token': MASK, 'lt_refresh_token': MASK, 'lt_session': MASK}
    assert account['region'] == 'eu'
    assert 'RAW' not in json.dumps(account)
    assert record['cookie']['lt_token'] == 'RAW-1', 'the input must not be modified'


def test_wrong_types_are_normalised_as_documented():
    account = normalize_account('a@example.com', {'maxJobs': '20', 'tokenExpire': '1751544794'})
    assert account['maxJobs'] == 20
    assert account['tokenExpire'] == 1751544794000
    assert account['tokenExpireUTC'] == '2025-07-03T12:13:14.000Z'


@pytest.mark.parametrize('max_jobs', ['twenty', True, [20], 2.5])
def test_unreadable_max_jobs_is_an_error_naming_the_account(max_jobs):
    with pytest.raises(AccountsFormatError, match="account 'a@example.com': maxJobs"):
        normalize_account('a@example.com', {'maxJobs': max_jobs})


def test_zoneless_or_garbage_iso_is_kept_and_not_converted():
    account = normalize_account('a@example.com', {'tokenExpireUTC': '2025-07-03T12:13:14'})
    assert account['tokenExpireUTC'] == '2025-07-03T12:13:14'
    assert 'tokenExpire' not in account
    assert token_expiry(account) is None
    assert token_expiry(normalize_account('b@example.com', {'tokenExpireUTC': 'garbage'})) is None


@pytest.mark.parametrize('payload, kind', [([], 'an array'), ('x', 'a string'), (3, 'a number'), (True, 'a boolean')])
def test_configuration_that_is_not_an_object_is_an_error(payload, kind):
    with pytest.raises(AccountsFormatError, match=kind):
        normalize_accounts(payload)


def test_account_that_is_not_an_object_is_an_error_naming_it():
    with pytest.raises(AccountsFormatError, match="account 'b@example.com' is a string, not an object"):
        normalize_accounts({'a@example.com': {}, 'b@example.com': 'oops'})


def test_not_found_is_an_empty_configuration():
    assert normalize_accounts(None) == {}


def test_token_expiry_takes_the_earlier_of_two_disagreeing_forms():
    account = {'tokenExpire': 1751544794000, 'tokenExpireUTC': '2025-07-01T00:00:00Z'}
    assert token_expiry(account) == parse_iso('2025-07-01T00:00:00Z')
    assert token_expiry({'tokenExpire': 'soon', 'tokenExpireUTC': '2025-07-01T00:00:00Z'}) == parse_iso('2025-07-01T00:00:00Z')
    assert token_expiry({}) is None


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=25)
ACCOUNT_FIELDS = st.fixed_dictionaries({}, optional={
    'email': JSON_VALUES, 'cookie': JSON_VALUES, 'maxJobs': JSON_VALUES, 'tokenExpire': JSON_VALUES,
    'tokenExpireUTC': JSON_VALUES, 'updated': JSON_VALUES, 'updatedUTC': JSON_VALUES, 'error': JSON_VALUES,
})
CONFIGURATIONS = JSON_VALUES | st.dictionaries(st.text(max_size=20), ACCOUNT_FIELDS | JSON_VALUES, max_size=5)


@settings(max_examples=400, deadline=None)
@given(CONFIGURATIONS)
def test_any_json_gives_a_well_formed_configuration_or_our_error(payload):
    try:
        accounts = normalize_accounts(payload)
    except AccountsFormatError:
        return
    assert isinstance(accounts, dict)
    for email, account in accounts.items():
        assert isinstance(email, str) and email.strip()
        assert isinstance(account, dict)
        assert account.get('email') not in (None, '')
        if 'cookie' in account:
            cookie = account['cookie']
            assert cookie == MASK or all(value == MASK or key == 'lt_id' for key, value in cookie.items())
        if account.get('maxJobs') is not None:
            assert isinstance(account['maxJobs'], int) and not isinstance(account['maxJobs'], bool)
        token_expiry(account)  # never raises
        json.dumps(account)  # stays JSON-serialisable


@pytest.mark.parametrize('value', ['\u00b2', '\u0662\u0660'])
def test_max_jobs_in_other_digits_is_a_format_error_not_a_crash(value):
    with pytest.raises(AccountsFormatError, match='maxJobs should be a whole number'):
        normalize_account('a@example.com', {'maxJobs': value})
