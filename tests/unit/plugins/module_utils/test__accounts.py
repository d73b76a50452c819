# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Normalisation and masking of the API's account records."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ansible_collections.useapi.accounts.plugins.module_utils._accounts import (
    expiry_rule,
    normalize_account,
    normalize_accounts,
    read_expiry,
)
from ansible_collections.useapi.accounts.plugins.module_utils._cookie import MASK
from ansible_collections.useapi.accounts.plugins.module_utils._errors import AccountsFormatError
from ansible_collections.useapi.accounts.plugins.module_utils._time import parse_iso


def token_expiry(account, name='ltxstudio'):
    """When the account's token expires as the check reads it (no read time: an age tells nothing)."""
    return read_expiry(expiry_rule(name, account), account, None)


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
    accounts = normalize_accounts(DOCUMENTED, 'ltxstudio')
    account = accounts['one@example.com']
    assert account['tokenExpire'] == 1751544794000
    assert account['updated'] == 1748952794000
    assert account['tokenExpireUTC'] == '2025-07-03T12:13:14.000Z'
    assert account['cookie'] == {'lt_id': 'user12345', 'lt_token': MASK, 'lt_refresh_token': MASK}


def test_millisecond_only_record_gets_the_iso_forms_filled_in():
    account = normalize_account('a@example.com', {'tokenExpire': 1751544794000, 'updated': 1748952794000}, 'ltxstudio')
    assert account['tokenExpireUTC'] == '2025-07-03T12:13:14.000Z'
    assert account['updatedUTC'] == '2025-06-03T12:13:14.000Z'
    assert account['email'] == 'a@example.com'


def test_raw_cookie_values_are_masked_except_lt_id_and_extra_keys_kept():
    record = {'cookie': {'lt_id': 'u1', 'lt_token': 'RAW-1', 'lt_refresh_token': 'RAW-2', 'lt_session': 'RAW-3'},
              'region': 'eu', 'maxJobs': 3}
    account = normalize_account('a@example.com', record, 'ltxstudio')
    assert account['cookie'] == {'lt_id': 'u1', 'lt_token': MASK, 'lt_refresh_token': MASK, 'lt_session': MASK}
    assert account['region'] == 'eu'
    assert 'RAW' not in json.dumps(account)
    assert record['cookie']['lt_token'] == 'RAW-1', 'the input must not be modified'


def test_wrong_types_are_normalised_as_documented():
    account = normalize_account('a@example.com', {'maxJobs': '20', 'tokenExpire': '1751544794'}, 'ltxstudio')
    assert account['maxJobs'] == 20
    assert account['tokenExpire'] == 1751544794000
    assert account['tokenExpireUTC'] == '2025-07-03T12:13:14.000Z'


@pytest.mark.parametrize('max_jobs', ['twenty', True, [20], 2.5])
def test_unreadable_max_jobs_is_an_error_naming_the_account(max_jobs):
    with pytest.raises(AccountsFormatError, match="account 'a@example.com': maxJobs"):
        normalize_account('a@example.com', {'maxJobs': max_jobs}, 'ltxstudio')


def test_zoneless_or_garbage_iso_is_kept_and_not_converted():
    account = normalize_account('a@example.com', {'tokenExpireUTC': '2025-07-03T12:13:14'}, 'ltxstudio')
    assert account['tokenExpireUTC'] == '2025-07-03T12:13:14'
    assert 'tokenExpire' not in account
    assert token_expiry(account) is None
    assert token_expiry(normalize_account('b@example.com', {'tokenExpireUTC': 'garbage'}, 'ltxstudio')) is None


@pytest.mark.parametrize('payload, kind', [([], 'an array'), ('x', 'a string'), (3, 'a number'), (True, 'a boolean')])
def test_configuration_that_is_not_an_object_is_an_error(payload, kind):
    with pytest.raises(AccountsFormatError, match=kind):
        normalize_accounts(payload, 'ltxstudio')


def test_account_that_is_not_an_object_is_an_error_naming_it():
    with pytest.raises(AccountsFormatError, match="account 'b@example.com' is a string, not an object"):
        normalize_accounts({'a@example.com': {}, 'b@example.com': 'oops'}, 'ltxstudio')


def test_not_found_is_an_empty_configuration():
    assert normalize_accounts(None, 'ltxstudio') == {}


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
        accounts = normalize_accounts(payload, 'ltxstudio')
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
        normalize_account('a@example.com', {'maxJobs': value}, 'ltxstudio')


# -- issue 20, item 3: secrets masked by their key's name as well as by the registry's paths -------------

from ansible_collections.useapi.accounts.plugins.module_utils._accounts import (  # noqa: E402
    PUBLIC_NAMES,
    PUBLIC_WORDS,
    SECRET_TEXT_NAMES,
    mask_secret_names,
)
from ansible_collections.useapi.accounts.plugins.module_utils._errors import UseapiError  # noqa: E402
from ansible_collections.useapi.accounts.plugins.module_utils._services import SERVICE_NAMES  # noqa: E402

NAME_CANARY = 'NAME-CANARY-20'
SECRET_KEYS = ['token', 'apiKey', 'api_key', 'API-Key', 'apikey', 'secret', 'client_secret', 'Authorization', 'password',
               'passwd', 'pwd', 'cookie', 'cookies', 'Set-Cookie', 'sessionCookies', 'session_id', 'sessionId', 'sid',
               'refresh_token', 'accessToken', 'credentials', 'private_key', 'privateKey', 'bearer', 'x-csrf-token',
               'signature', 'passphrase', 'jwt', 'session', 'auth']
PUBLIC_KEYS = ['tokenExpire', 'tokenExpireUTC', 'refreshTokenExpire', 'refreshTokenExpireUTC', 'access_token_expires_at',
               'lt_id', 'tokenIssuedDaysAgo', 'sessionExpires', 'expires', 'ExpireTimeUTC', 'exp', 'iat', 'name']


@pytest.mark.parametrize('key', SECRET_KEYS)
def test_keys_named_like_a_secret_are_secret(key):
    assert mask_secret_names({key: NAME_CANARY}) == {key: MASK}


@pytest.mark.parametrize('key', PUBLIC_KEYS + ['email', 'maxJobs', 'error', 'health', 'user_id', 'account', 'created'])
def test_public_fields_and_plain_keys_are_not(key):
    assert mask_secret_names({key: NAME_CANARY}) == {key: NAME_CANARY}


@pytest.mark.parametrize('name', SERVICE_NAMES)
def test_keys_the_registry_does_not_know_are_masked_at_any_depth_in_every_service(name):
    record = {'apiKey': NAME_CANARY, 'secret': NAME_CANARY, 'Authorization': 'Bearer ' + NAME_CANARY,
              'session': {'token': NAME_CANARY, 'access_token': NAME_CANARY, 'ExpireTimeUTC': '2027-01-01T00:00:00Z'},
              'sessionData': {'refresh_token': NAME_CANARY, 'expires': '2027-01-01T00:00:00Z'},
              'deep': [{'x': {'client_secret': [NAME_CANARY, {'v': NAME_CANARY}]}}],
              'error': {'message': 'login failed', 'password': NAME_CANARY}}
    account = normalize_account('1001', record, name)
    assert NAME_CANARY not in json.dumps(account)
    assert account['session']['ExpireTimeUTC'] == '2027-01-01T00:00:00Z'
    assert account['sessionData']['expires'] == '2027-01-01T00:00:00Z'
    assert account['error'] == {'message': 'login failed', 'password': MASK}
    assert account['deep'][0]['x']['client_secret'] == [MASK, {'v': MASK}]


def test_google_flow_session_cookies_as_strings_are_masked_item_by_item():
    account = normalize_account('g@example.com', {'sessionCookies': ['SID=' + NAME_CANARY, NAME_CANARY],
                                                  'accountCookies': [NAME_CANARY, {'name': 'SID', 'value': NAME_CANARY,
                                                                                   'expires': 1798761600}]},
                                'google-flow')
    assert account['sessionCookies'] == [MASK, MASK]
    assert account['accountCookies'] == [MASK, {'name': 'SID', 'value': MASK, 'expires': 1798761600}]


def test_minimax_url_and_token_are_masked_on_reads():
    account = normalize_account('1001', {'url': 'https://x/?device_id=' + NAME_CANARY, 'token': NAME_CANARY,
                                         'jwt': {'token': NAME_CANARY, 'exp': 1798761600}}, 'minimax')
    assert account['url'] == account['token'] == account['jwt']['token'] == MASK
    assert account['jwt']['exp'] == 1798761600 and account['jwt']['exp_Expire'] == '2027-01-01T00:00:00.000Z'


def test_every_expiry_field_stays_readable():
    records = {
        'ltxstudio': {'cookie': {'lt_id': 'u1', 'lt_token': NAME_CANARY}, 'tokenExpire': 1798761600000,
                      'refreshTokenExpire': 1798761600000},
        'flowmusic': {'access_token': NAME_CANARY, 'access_token_expires_at': '2027-01-01T00:00:00Z'},
        'mureka': {'token': NAME_CANARY, 'tokenIssuedDaysAgo': 3,
                   'sessionCookie': {'value': NAME_CANARY, 'expires': '2027-01-01T00:00:00Z', 'added': 'x'}},
    }
    for name, record in records.items():
        account = normalize_account('a@example.com', record, name)
        assert NAME_CANARY not in json.dumps(account)
        assert token_expiry(account, name) is not None or name == 'mureka'
    mureka = normalize_account('1', records['mureka'], 'mureka')
    assert mureka['sessionCookie'] == {'value': MASK, 'expires': '2027-01-01T00:00:00Z', 'added': 'x'}
    assert mureka['tokenIssuedDaysAgo'] == 3
    ltx = normalize_account('a@example.com', records['ltxstudio'], 'ltxstudio')
    assert ltx['refreshTokenExpireUTC'] == ltx['tokenExpireUTC'] == '2027-01-01T00:00:00.000Z'


def test_masking_by_name_never_changes_its_input():
    record = {'a': {'token': 'x'}, 'b': [{'password': 'y'}]}
    copy = json.loads(json.dumps(record))
    mask_secret_names(record)
    assert record == copy


def _is_public(key):
    folded = ''.join(char for char in key.lower() if char.isascii() and char.isalnum())
    return folded in PUBLIC_NAMES or any(word in folded for word in PUBLIC_WORDS)


NEUTRAL = st.sampled_from(['a', 'data', 'items', 'x', 'user', 'meta', 'values', 'nested'])
SECRET = st.sampled_from(SECRET_KEYS) | st.builds(
    lambda pre, word, post: pre + word + post, st.sampled_from(['', 'x_', 'my']),
    st.sampled_from(['Token', 'SECRET', 'password', 'cookies', 'api_key']), st.sampled_from(['', 's', '_value', 'List']))
SCALAR = st.none() | st.booleans() | st.integers() | st.text(max_size=6).filter(lambda text: NAME_CANARY not in text)


def _tree(secret_below):
    """JSON values; below a secret key (``secret_below``) every string leaf is a canary."""
    leaf = st.just(NAME_CANARY) | st.integers(min_value=10 ** 9) if secret_below else SCALAR
    return st.recursive(leaf, lambda children: st.lists(children, max_size=3) | st.dictionaries(
        NEUTRAL, children, max_size=3), max_leaves=8)


DOCUMENT = st.recursive(
    SCALAR,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(NEUTRAL, children, max_size=3)
    # jwt, session and auth holding an object are looked into (MiniMax's jwt holds its expiry), not masked whole.
    | st.dictionaries(SECRET.filter(lambda key: not _is_public(key) and key not in SECRET_TEXT_NAMES), _tree(True),
                      min_size=1, max_size=2),
    max_leaves=15)


@settings(max_examples=400, deadline=None)
@given(name=st.sampled_from(SERVICE_NAMES),
       records=st.dictionaries(st.sampled_from(['1', 'a@example.com', 'US:d@e.io']), DOCUMENT, max_size=3))
def test_no_value_below_a_secret_looking_key_survives_normalisation(name, records):
    try:
        accounts = normalize_accounts(records, name)
    except UseapiError:
        return
    text = json.dumps(accounts, ensure_ascii=False)
    assert NAME_CANARY not in text


@settings(max_examples=300, deadline=None)
@given(name=st.sampled_from(SERVICE_NAMES), payload=st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8) | SECRET, children, max_size=3),
    max_leaves=20))
def test_any_json_document_gives_a_masked_configuration_or_our_own_error(name, payload):
    try:
        accounts = normalize_accounts(payload, name)
    except UseapiError:
        return
    assert accounts == normalize_accounts(accounts, name), 'masking is idempotent'
    for account in accounts.values():
        assert mask_secret_names(account) == account, 'nothing named like a secret is left unmasked'
