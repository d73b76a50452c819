# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The read path (read_services) in-process: read ids checked like write ids and every URL option before any
request (issue 20); against the loopback stand-in, the facts, read times and ids, and what it raises or records
with record_failures, the role's way (issue 21)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import FIXTURES
from helpers import TOKEN as STANDIN_TOKEN
from standin import StandIn

from ansible_collections.useapi.accounts.plugins.module_utils import _read
from ansible_collections.useapi.accounts.plugins.module_utils._accounts import MAX_ACCOUNTS, normalize_accounts
from ansible_collections.useapi.accounts.plugins.module_utils._read import read_service, read_services
from ansible_collections.useapi.accounts.plugins.module_utils._errors import (
    AccountsFormatError,
    ApiError,
    ConfigurationError,
    ServicesError,
    UseapiError,
)
from ansible_collections.useapi.accounts.plugins.module_utils._services import SERVICE_NAMES, check_id

TOKEN = 'user:1234-CANARYTOKEN'


def params(**overrides):
    values = dict(api_token=TOKEN, api_url=None, base_url='http://127.0.0.1:9', timeout=5.0, validate_certs=True,
                  ca_path=None, retries=0, retry_max_time=10.0)
    values.update(overrides)
    return values


@pytest.fixture
def no_requests(monkeypatch):
    """Any request fails the test: everything here must be refused before one is sent."""
    def transport(*args):
        raise AssertionError('a request was sent: %r' % (args[:2],))
    monkeypatch.setattr('ansible_collections.useapi.accounts.plugins.module_utils._client.open_url_transport',
                        transport)


@pytest.mark.parametrize('name, option, value, message', [
    ('ltxstudio', 'id', '', 'id must not be empty'),
    ('ltxstudio', 'id', '   ', 'id must not be empty'),
    ('kling', 'id', '.', "id must not be '.'"),
    ('minimax', 'id', '..', "id must not be '..'"),
    ('tempolor', 'id', 'a\nb', 'id must not contain control characters'),
    ('ltxstudio', None, '', 'email must not be empty'),  # ltxstudio_accounts_info's option
    ('ltxstudio', None, 'no-at-sign', 'email must be an email address'),
    ('dreamina', 'id', 'user@example.com', 'id must be REGION:email'),
    ('google-flow', 'id', u'a\ud800@example.com', 'lone UTF-16 surrogate'),
])
def test_a_bad_read_id_is_refused_before_any_request(no_requests, name, option, value, message):
    with pytest.raises(ConfigurationError) as caught:
        read_services(params(), [name], value, id_option=option)
    assert message in str(caught.value)


class Single(object):
    """A client whose GET /accounts/{id} answers ``record``."""

    def __init__(self, record):
        self.record = record

    def get_account(self, account_id):
        return self.record

    def accounts_url(self, account_id):
        return 'http://127.0.0.1:9/v1/x/accounts/%s' % account_id


WHOLE = {'a@example.com': {'email': 'a@example.com', 'cookie': {'lt_token': 'RAW-CANARY-1'}},
         'b@example.com': {'email': 'b@example.com', 'cookie': 'lt_id=b; lt_token=RAW-CANARY-2'}}


@pytest.mark.parametrize('name, record', [
    ('ltxstudio', WHOLE),
    ('kling', {'a@example.com': {'password': 'RAW-CANARY-3'}}),
    ('dreamina', {'US:a@example.com': {'session': {'token': 'RAW-CANARY-4'}}}),
    ('minimax', {'123': {'token': 'RAW-CANARY-5'}, '456': {}}),
])
def test_a_single_answer_shaped_like_the_whole_configuration_is_refused(name, record):
    with pytest.raises(AccountsFormatError) as caught:
        read_service(Single(record), name, 'a@example.com' if name != 'dreamina' else 'US:a@example.com')
    assert 'looks like a whole' in str(caught.value) and 'CANARY' not in str(caught.value)


@pytest.mark.parametrize('name, record', [
    ('ltxstudio', {'email': 'a@example.com', 'cookie': {'lt_id': 'u1', 'lt_token': 'x'}}),
    ('ltxstudio', {'cookie': {'lt_id': 'u1', 'lt_token': 'x'}}),  # no id field, and "cookie" is no email
    ('minimax', {'account': '123', 'token': 'x'}),
    ('ltxstudio', {}),
])
def test_an_ordinary_single_answer_is_one_account(name, record):
    accounts = read_service(Single(record), name, 'a@example.com' if name == 'ltxstudio' else '123')
    assert len(accounts) == 1


def test_more_accounts_than_the_limit_are_refused():
    assert len(normalize_accounts(dict(('%d@x.io' % index, {}) for index in range(MAX_ACCOUNTS)), 'kling')) \
        == MAX_ACCOUNTS
    with pytest.raises(AccountsFormatError) as caught:
        normalize_accounts(dict(('%d@x.io' % index, {}) for index in range(MAX_ACCOUNTS + 1)), 'kling')
    assert 'has %d accounts, more than the %d' % (MAX_ACCOUNTS + 1, MAX_ACCOUNTS) in str(caught.value)


@pytest.mark.parametrize('overrides, message', [
    (dict(api_url='http://127.0.0.1:99999/v1/ltxstudio'), 'api_url cannot be used: its port is not a number'),
    (dict(api_url=u'http://127.0.0.1/v1/caf\u00e9'), 'api_url cannot be used: it holds characters that are not'),
    (dict(base_url='http://127.0.0.1:0'), 'base_url (or USEAPI_BASE_URL) cannot be used: its port'),
    (dict(base_url='http://[::1'), 'base_url (or USEAPI_BASE_URL) cannot be used: it cannot be parsed'),
    (dict(timeout=float('nan')), 'timeout must be more than 0 seconds'),
    (dict(timeout=float('inf')), 'timeout must be more than 0 seconds'),
    (dict(retry_max_time=float('nan')), 'retry_max_time must be more than 0 seconds (a finite number), got nan'),
    (dict(retry_max_time=float('inf')), 'retry_max_time must be more than 0 seconds (a finite number), got inf'),
])
def test_options_are_checked_before_any_request(no_requests, overrides, message):
    with pytest.raises(ConfigurationError) as caught:
        read_services(params(**overrides), ['ltxstudio'])
    assert message in str(caught.value)


def test_a_service_url_variable_is_named_when_it_is_wrong(no_requests, monkeypatch):
    monkeypatch.setenv('USEAPI_KLING_URL', 'http://127.0.0.1:70000/v1/kling')
    with pytest.raises(ConfigurationError) as caught:
        read_services(params(), ['kling'])
    assert 'USEAPI_KLING_URL cannot be used: its port' in str(caught.value)


def test_the_subscription_url_is_checked_too(no_requests):
    with pytest.raises(ConfigurationError) as caught:
        _read.read_subscription(params(base_url='ftp://127.0.0.1'))
    assert 'must be an http:// or https:// URL' in str(caught.value)


@settings(max_examples=300, deadline=None)
@given(name=st.sampled_from(SERVICE_NAMES), value=st.text())
def test_any_id_string_is_an_id_or_our_error(name, value):
    try:
        account_id = check_id(name, value, 'id')
    except ConfigurationError as error:
        str(error).encode('utf-8')  # a message that can be written anywhere
        return
    assert account_id and account_id == account_id.strip() and account_id not in ('.', '..')
    account_id.encode('utf-8')
    assert not any(ord(char) < 32 for char in account_id)


@settings(max_examples=200, deadline=None)
@given(name=st.sampled_from(SERVICE_NAMES), value=st.text(alphabet=st.characters(blacklist_categories=())))
def test_any_read_id_is_read_or_our_error(name, value):
    """Through the whole read path, URL building included: a well-formed answer or our own error."""
    from ansible_collections.useapi.accounts.plugins.module_utils import _client
    from ansible_collections.useapi.accounts.plugins.module_utils._http import Response
    sent = []

    def transport(method, url, headers, body, timeout, validate_certs, ca_path):
        sent.append(url)
        url.encode('ascii')  # what http.client needs of a request target
        return Response(404, {'content-type': 'application/json'},
                        b'{"error": "Account configuration not found", "code": 404}', url)

    original = _client.open_url_transport
    _client.open_url_transport = transport
    try:
        facts, counts = read_services(params(), [name], value, id_option='id')
    except UseapiError as error:
        str(error).encode('utf-8')
        assert not sent
        return
    finally:
        _client.open_url_transport = original
    assert counts == {name: 0} and len(sent) == 1


NOW = '2026-11-25T12:00:00Z'
SERVICES = ['ltxstudio', 'kling']


@pytest.fixture
def server():
    with StandIn(services=dict((name, str(FIXTURES / name / 'healthy.json')) for name in SERVICES), token=STANDIN_TOKEN,
                 now=NOW) as running:
        yield running


def server_params(server, **extra):
    values = dict(api_token=STANDIN_TOKEN, api_url=None, base_url=server.base_url, timeout=5.0, validate_certs=True,
                  ca_path=None, retries=0, retry_max_time=10.0)
    values.update(extra)
    return values


def test_every_read_gives_its_facts_its_read_time_and_id_and_no_failure(server):
    facts, counts = read_services(server_params(server), SERVICES, subscription=True)
    assert set(counts) == set(SERVICES) and all(counts.values())
    assert facts['useapi_read_failures'] == {}
    for name in SERVICES:
        assert len(facts['%s_accounts' % name]) == counts[name]
        assert facts['%s_accounts_read_at' % name].endswith('Z') and facts['%s_accounts_read_id' % name] is None
    assert facts['useapi_subscription']['active'] is True


def test_without_record_failures_a_failed_read_raises_naming_every_failure(server):
    server.add_fault('status', status=500, times=None, path='/v1/kling/')
    with pytest.raises(ServicesError) as caught:
        read_services(server_params(server), SERVICES)
    assert str(caught.value).startswith('1 of the reads failed:\n- Kling: GET ')
    assert list(caught.value.as_dict()['failed_services']) == ['kling']
    server.add_fault('status', status=500, times=None, path='/v1/ltxstudio/')
    with pytest.raises(ApiError, match='HTTP 500'):
        read_services(server_params(server), ['ltxstudio'])


def test_with_record_failures_the_reads_that_worked_are_facts_and_the_others_are_recorded(server):
    server.add_fault('status', status=503, times=None, path='/v1/kling/')
    server.add_fault('status', status=500, times=None, path='/v2/account')
    facts, counts = read_services(server_params(server), SERVICES, subscription=True, record_failures=True)
    assert list(counts) == ['ltxstudio'] and 'kling_accounts' not in facts and 'useapi_subscription' not in facts
    failures = facts['useapi_read_failures']
    assert sorted(failures) == ['kling', 'subscription']
    assert failures['kling']['status'] == 503 and 'failed with HTTP 503' in failures['kling']['msg']
    assert failures['subscription']['status'] == 500 and failures['kling']['read_at'].endswith('Z')
    assert STANDIN_TOKEN not in repr(facts)


def test_with_record_failures_an_option_error_fails_every_read_before_any_request(server):
    facts, counts = read_services(server_params(server, api_url=server.service_url('kling')), SERVICES, subscription=True,
                                  record_failures=True)
    assert counts == {} and sorted(facts['useapi_read_failures']) == ['kling', 'ltxstudio', 'subscription']
    assert 'api_url is the root of one service' in facts['useapi_read_failures']['kling']['msg']
    facts, dummy = read_services(server_params(server, api_token=''), ['kling'], record_failures=True)
    assert facts['useapi_read_failures']['kling']['msg'].startswith('No API token') and \
        facts['useapi_read_failures']['kling']['status'] is None
    assert server.requests == [], 'no request before the options were checked'
    with pytest.raises(ConfigurationError):
        read_services(server_params(server, api_token=''), ['kling'])


def test_a_read_of_one_account_records_its_id(server):
    facts, counts = read_services(server_params(server), ['kling'], account_id='nobody@example.com')
    assert counts == {'kling': 0} and facts['kling_accounts_read_id'] == 'nobody@example.com'
