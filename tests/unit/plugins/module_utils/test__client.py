# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The client's logic with a scripted transport: statuses, retries, waits, redirects, messages.

Real sockets are exercised in tests/unit/test_client_sockets.py against the stand-in.
"""

from __future__ import annotations

import json
import socket

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ansible_collections.useapi.accounts.plugins.module_utils._accounts import normalize_accounts
from ansible_collections.useapi.accounts.plugins.module_utils._client import RetryPolicy, UseapiClient
from ansible_collections.useapi.accounts.plugins.module_utils._http import Response, TransportFailure, open_url_transport
from ansible_collections.useapi.accounts.plugins.module_utils._errors import ApiError, ConfigurationError, UseapiError
from ansible_collections.useapi.accounts.plugins.module_utils._services import SERVICE_NAMES
from ansible_collections.useapi.accounts.plugins.module_utils._write import delete_account, request_of

TOKEN = 'user:1234-CANARYTOKEN'
URL = 'https://api.example.test/v1/ltxstudio'


def answer(status, body=b'', headers=None):
    if isinstance(body, (dict, list)):
        body = json.dumps(body).encode()
        headers = dict({'content-type': 'application/json'}, **(headers or {}))
    return Response(status, headers or {}, body, None)


class Script(object):
    """A transport that plays a list of answers (Response or TransportFailure) and records calls."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.calls = []
        self.sleeps = []
        self.now = 0.0

    def __call__(self, method, url, headers, body, timeout, validate_certs, ca_path):
        self.calls.append(dict(method=method, url=url, headers=dict(headers), body=body))
        item = self.answers.pop(0)
        if isinstance(item, TransportFailure):
            raise item
        return item

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds

    def client(self, **kwargs):
        kwargs.setdefault('retries', 3)
        kwargs.setdefault('service_name', 'ltxstudio')
        return UseapiClient(URL, TOKEN, transport=self, sleep=self.sleep, clock=lambda: self.now,
                            wall_clock=lambda: 1000000.0, rand=lambda: 0.5, **kwargs)


def post_cookie(client, cookie, max_jobs):
    """POST /accounts as ltxstudio_account sends it: the body and the secrets to mask from ``_write``."""
    dummy, body, secrets = request_of('ltxstudio', 'create', None, None, dict(cookie=cookie, max_jobs=max_jobs))
    return client.send('POST', client.accounts_url(), body, secrets=secrets)


def test_get_accounts_sends_bearer_token_once_and_parses_the_object():
    script = Script(answer(200, {'a@example.com': {'maxJobs': 1}}))
    assert script.client().get_accounts() == {'a@example.com': {'maxJobs': 1}}
    call = script.calls[0]
    assert call['method'] == 'GET' and call['url'] == URL + '/accounts'
    assert call['headers']['Authorization'] == 'Bearer ' + TOKEN
    assert TOKEN not in call['url']


@pytest.mark.parametrize('email, path', [
    ('video+render@example.com', '/accounts/video%2Brender@example.com'),
    (u'zo\u00eb.m\u00fcller@example.com', '/accounts/zo%C3%AB.m%C3%BCller@example.com'),
    ('a/b?c#d@example.com', '/accounts/a%2Fb%3Fc%23d@example.com'),
])
def test_email_is_percent_encoded_as_utf8(email, path):
    script = Script(answer(200, {'email': email}))
    script.client().get_account(email)
    assert script.calls[0]['url'] == URL + path


def test_404_means_not_configured():
    script = Script(answer(404, {'error': 'Configuration not found. To create configuration use POST /accounts.',
                                 'code': 404}),
                    answer(404, b'Account configuration not found'))
    client = script.client()
    assert client.get_accounts() is None
    assert client.get_account('a@example.com') is None


def test_401_says_the_token_was_rejected_and_is_not_retried():
    script = Script(answer(401, {'error': 'Unauthorized', 'code': 401}))
    with pytest.raises(ApiError) as caught:
        script.client().get_accounts()
    message = str(caught.value)
    assert 'API token was rejected (HTTP 401' in message
    assert TOKEN not in message and 'CANARY' not in message
    assert caught.value.status == 401 and caught.value.attempts == 1
    assert len(script.calls) == 1


@pytest.mark.parametrize('status', [400, 402, 403, 404, 410, 500, 596])
def test_other_statuses_are_not_retried_and_carry_the_api_message(status):
    script = Script(answer(status, {'error': 'Subscription required', 'code': status}))
    with pytest.raises(ApiError) as caught:
        post_cookie(script.client(), 'lt_id=a; lt_token=b; lt_refresh_token=c', 20)
    message = str(caught.value)
    assert message.startswith('POST %s/accounts failed with HTTP %d' % (URL, status))
    assert ': Subscription required' in message
    assert len(script.calls) == 1


def test_429_waits_for_retry_after_seconds_then_succeeds():
    script = Script(answer(429, {'error': 'Too many'}, {'retry-after': '7'}), answer(200, {}))
    assert script.client().get_accounts() == {}
    assert script.sleeps == [7.0]


def test_429_retry_after_as_http_date_and_capped():
    policy = RetryPolicy(retry_after_max=60)
    assert policy.retry_after('Mon, 12 Jan 1970 13:46:50 GMT', 1000000.0) == 10.0
    assert policy.retry_after('Mon, 12 Jan 1970 14:46:40 GMT', 1000000.0) == 60.0
    assert policy.retry_after('Mon, 12 Jan 1970 13:00:00 GMT', 1000000.0) == 0.0
    assert policy.retry_after('3600', 0) == 60.0
    assert policy.retry_after('soon', 0) is None
    script = Script(answer(429, b'', {'retry-after': 'Mon, 12 Jan 1970 13:46:50 GMT'}), answer(200, {}))
    script.client().get_accounts()
    assert script.sleeps == [10.0]


@pytest.mark.parametrize('status', [502, 503, 504])
def test_gateway_errors_back_off_exponentially_then_give_up_naming_status_and_attempts(status):
    script = Script(*[answer(status, b'<html>bad gateway</html>', {'content-type': 'text/html'})] * 4)
    with pytest.raises(ApiError) as caught:
        script.client().get_accounts()
    assert script.sleeps == [0.75, 1.5, 3.0]  # equal jitter with rand=0.5: 3/4 of 1, 2, 4 seconds
    message = str(caught.value)
    assert 'HTTP %d' % status in message and 'gave up after 4 attempts' in message
    assert caught.value.attempts == 4


def test_connection_failures_are_retried_and_recover():
    script = Script(TransportFailure('connection refused', True), TransportFailure('timed out', True), answer(200, {}))
    assert script.client().get_accounts() == {}
    assert len(script.calls) == 3


def test_permanent_transport_failures_are_not_retried():
    script = Script(TransportFailure('the host name could not be resolved', False))
    with pytest.raises(ApiError, match='could not be resolved'):
        script.client().get_accounts()
    assert len(script.calls) == 1


def test_retry_budget_stops_before_a_wait_that_would_pass_it():
    script = Script(answer(429, b'', {'retry-after': '50'}), answer(429, b'', {'retry-after': '50'}), answer(200, {}))
    with pytest.raises(ApiError) as caught:
        script.client(retry_max_time=60).get_accounts()
    assert script.sleeps == [50.0]
    assert 'retry_max_time' in str(caught.value) and 'HTTP 429' in str(caught.value)
    assert caught.value.attempts == 2


def test_a_followed_redirect_is_no_attempt_and_the_give_up_names_the_last_status_only():
    moved = answer(302, b'', {'location': '/v2/ltxstudio/accounts'})
    script = Script(moved, answer(503, b''), moved, TransportFailure('connection refused', True), answer(503, b''))
    with pytest.raises(ApiError) as caught:
        script.client(retry_max_time=2).get_accounts()
    assert caught.value.attempts == 2 and caught.value.status is None, 'the last failure had no status'
    assert 'connection refused' in str(caught.value) and 'gave up after 2 attempts' in str(caught.value)
    script = Script(moved, answer(503, b''), answer(503, b''))
    with pytest.raises(ApiError) as caught:
        script.client(retry_max_time=2).get_accounts()
    assert caught.value.attempts == 2 and caught.value.status == 503


def test_zero_retries_means_one_attempt():
    script = Script(answer(503, b''))
    with pytest.raises(ApiError):
        script.client(retries=0).get_accounts()
    assert len(script.calls) == 1


@pytest.mark.parametrize('body, content_type, expected', [
    (b'<!DOCTYPE html><html><body>Oops</body></html>', 'text/html', 'not JSON (an HTML or XML page'),
    (b'', 'application/json', 'an empty body'),
    (b'{"a@example.com": {"cookie": {"lt_token": "RAW-SECRET', 'application/json', 'truncated or invalid JSON'),
])
def test_bodies_that_are_not_json_are_described_not_echoed(body, content_type, expected):
    script = Script(answer(200, body, {'content-type': content_type}))
    with pytest.raises(ApiError) as caught:
        script.client().get_accounts()
    message = str(caught.value)
    assert message.startswith('GET %s/accounts returned HTTP 200 with ' % URL)
    assert expected in message
    assert 'RAW-SECRET' not in message


@pytest.mark.parametrize('body, kind', [([1], 'a JSON array'), ('x', 'a JSON string'), (5, 'a JSON number'),
                                        (None, 'JSON null')])
def test_json_that_is_not_an_object_is_an_error(body, kind):
    script = Script(Response(200, {}, json.dumps(body).encode(), None))
    with pytest.raises(ApiError, match='with %s where a JSON object was expected' % kind):
        script.client().get_accounts()


def test_same_origin_redirect_is_followed_for_reads():
    script = Script(answer(301, b'', {'location': '/v2/ltxstudio/accounts'}), answer(200, {}))
    assert script.client().get_accounts() == {}
    assert script.calls[1]['url'] == 'https://api.example.test/v2/ltxstudio/accounts'
    assert script.calls[1]['headers']['Authorization'] == 'Bearer ' + TOKEN


@pytest.mark.parametrize('location', ['https://evil.example.test/steal', 'http://api.example.test/v1/ltxstudio/accounts',
                                      'https://api.example.test:8443/x'])
def test_redirect_to_another_origin_is_refused_without_sending_the_token(location):
    script = Script(answer(302, b'', {'location': location}))
    with pytest.raises(ApiError, match='never sent elsewhere'):
        script.client().get_accounts()
    assert len(script.calls) == 1


def test_writes_are_never_redirected():
    script = Script(answer(307, b'', {'location': URL + '/accounts2'}))
    with pytest.raises(ApiError, match='redirected'):
        post_cookie(script.client(), 'c', 1)
    assert len(script.calls) == 1


def test_delete_reports_whether_something_was_deleted():
    script = Script(answer(204), answer(200, {'deleted': True}), answer(404, b'Account configuration not found for the specified email address.'))
    client = script.client()
    assert delete_account(client, 'ltxstudio', 'a@example.com') is True
    assert delete_account(client, 'ltxstudio', 'a@example.com') is True
    assert delete_account(client, 'ltxstudio', 'a@example.com') is False
    assert [call['method'] for call in script.calls] == ['DELETE'] * 3


def test_post_sends_cookie_and_max_jobs_as_json():
    script = Script(answer(200, {'email': 'a@example.com'}))
    post_cookie(script.client(), 'lt_id=a; lt_token=b; lt_refresh_token=c', 7)
    call = script.calls[0]
    assert json.loads(call['body']) == {'cookie': 'lt_id=a; lt_token=b; lt_refresh_token=c', 'maxJobs': 7}
    assert call['headers']['Content-Type'] == 'application/json'


@pytest.mark.parametrize('kwargs, message', [
    (dict(api_token=''), 'No API token: set the api_token option or the USEAPI_TOKEN environment variable'),
    (dict(api_token=None), 'USEAPI_TOKEN'),
    (dict(api_token='abc\ndef'), 'control characters'),
    (dict(api_url='ftp://x'), 'api_url must be an http:// or https:// URL'),
    (dict(api_url='api.useapi.net'), 'api_url must be an http:// or https:// URL'),
    (dict(api_url='https://u:SECRETPW@host/x'), "got 'https://host/x'"),
    (dict(api_url='https://host/x?token=1'), 'query string'),
    (dict(timeout=0), 'timeout must be more than 0'),
    (dict(retries=-1), 'retries must be 0 or more'),
    (dict(api_token='user:1-abc\u2026xyz'), 'not plain ASCII, which an HTTP header cannot carry'),
    (dict(api_token='\u201cuser:1-abc\u201d'), 'not plain ASCII'),
])
def test_bad_settings_are_clear_errors(kwargs, message):
    arguments = dict(api_url=URL, api_token=TOKEN, service_name='ltxstudio')
    arguments.update(kwargs)
    with pytest.raises(ConfigurationError) as caught:
        UseapiClient(**arguments)
    assert message in str(caught.value)
    assert 'SECRETPW' not in str(caught.value) and 'abc' not in str(caught.value)


def test_a_404_that_is_not_the_apis_own_is_an_error():
    script = Script(answer(404, b'<html>404 Not Found</html>', {'content-type': 'text/html'}))
    with pytest.raises(ApiError, match='HTTP 404 Not Found.*check api_url'):
        script.client().get_accounts()


def test_a_cookie_value_echoed_by_the_api_is_masked_in_the_error():
    script = Script(answer(400, {'error': 'Cookie rejected: lt_token=SECRETVALUE1 and %s' % TOKEN, 'code': 400}))
    with pytest.raises(ApiError) as caught:
        post_cookie(script.client(), 'lt_id=user1; lt_token=SECRETVALUE1; lt_refresh_token=REFRESH22', 20)
    assert 'SECRETVALUE1' not in str(caught.value) and TOKEN not in str(caught.value)
    assert 'SECRETVALUE1' not in caught.value.api_message
    assert 'Cookie rejected: lt_token=\u2026secured\u2026' in str(caught.value)


def test_a_bad_body_after_retries_counts_every_attempt():
    script = Script(answer(503), answer(502), answer(200, b'<html>maintenance</html>', {'content-type': 'text/html'}))
    with pytest.raises(ApiError, match='is not JSON') as caught:
        script.client().get_accounts()
    assert caught.value.attempts == 3 and caught.value.status == 200


@pytest.fixture
def proxy_env(monkeypatch):
    """monkeypatch, with every proxy variable of the machine running the tests removed first."""
    for key in ('http_proxy', 'https_proxy', 'no_proxy', 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'all_proxy', 'ALL_PROXY'):
        monkeypatch.delenv(key, raising=False)
    return monkeypatch


def _refused_message(url):
    """The TransportFailure message of a GET that can only fail to connect."""
    with pytest.raises(TransportFailure) as caught:
        open_url_transport('GET', url, {}, None, 5, True, None)
    return caught.value.message


def _closed_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def test_a_dead_proxy_is_named_in_the_error_without_its_credentials(proxy_env):
    port = _closed_port()
    proxy_env.setenv('http_proxy', 'http://proxyuser:PROXY-PASSWORD@127.0.0.1:%d' % port)
    message = _refused_message('http://api.example.test/v1/ltxstudio/accounts')
    assert 'connection refused' in message
    assert 'through the proxy http://127.0.0.1:%d' % port in message
    assert 'PROXY-PASSWORD' not in message and 'proxyuser' not in message


def test_no_proxy_is_mentioned_when_none_applies(proxy_env):
    port = _closed_port()
    proxy_env.setenv('http_proxy', 'http://127.0.0.1:%d' % _closed_port())
    proxy_env.setenv('no_proxy', '127.0.0.1')
    message = _refused_message('http://127.0.0.1:%d/v1/ltxstudio/accounts' % port)
    assert 'connection refused' in message and 'proxy' not in message


def test_retry_after_in_other_digits_falls_back_to_backoff():
    # A header byte 0xB2 decodes to '²' in latin-1; float('²') would have escaped as a ValueError.
    assert RetryPolicy().retry_after('\u00b2', 0) is None
    assert RetryPolicy().retry_after('5', 0) == 5.0


def test_a_proxy_without_a_scheme_shows_no_credentials(proxy_env):
    port = _closed_port()
    proxy_env.setenv('http_proxy', 'proxyuser:PROXY-PASSWORD@127.0.0.1:%d' % port)
    message = _refused_message('http://api.example.test/v1/ltxstudio/accounts')
    assert 'PROXY-PASSWORD' not in message and 'proxyuser' not in message
    assert 'http://127.0.0.1:%d' % port in message


def test_no_proxy_with_a_port_is_honoured_when_naming_the_proxy(proxy_env):
    port = _closed_port()
    proxy_env.setenv('http_proxy', 'http://127.0.0.1:%d' % _closed_port())
    proxy_env.setenv('no_proxy', '127.0.0.1:%d' % port)
    assert 'proxy' not in _refused_message('http://127.0.0.1:%d/v1/ltxstudio/accounts' % port)


def test_a_non_json_answer_to_a_post_never_quotes_the_cookie():
    script = Script(answer(200, b'ok lt_token=SECRETVALUE1 stored', {'content-type': 'text/plain'}))
    with pytest.raises(ApiError) as caught:
        post_cookie(script.client(), 'lt_id=user1; lt_token=SECRETVALUE1; lt_refresh_token=REFRESH22', 20)
    assert 'SECRETVALUE1' not in str(caught.value) and 'is not JSON' in str(caught.value)


def test_a_secret_containing_another_is_masked_whole():
    script = Script(answer(400, {'error': 'bad cookie ABCD-LONGER-SECRET', 'code': 400}))
    with pytest.raises(ApiError) as caught:
        post_cookie(script.client(), 'lt_id=u1; lt_token=ABCD; lt_refresh_token=ABCD-LONGER-SECRET', 20)
    assert 'LONGER' not in str(caught.value) and 'SECRET' not in str(caught.value)


# -- issue 20: mask before you cut, quote less -----------------------------------------------------

PASSWORD = 'pw-CANARY-abcdefghijklmnop'


def failure_of(*answers, **kwargs):
    script = Script(*answers)
    client = script.client(retries=0)
    secrets = kwargs.pop('secrets', ())
    with pytest.raises(ApiError) as caught:
        client._json('POST' if secrets else 'GET', client.accounts_url(), body=b'{}' if secrets else None,
                     secrets=secrets)
    return caught.value


@pytest.mark.parametrize('body', [
    b'\xef\xbb\xbf{"a@example.com": {"password": "%s"}}' % PASSWORD.encode(),
    (u'{"a@example.com": {"password": "%s"}}' % PASSWORD).encode('utf-16'),
    (u'{"a@example.com": {"password": "%s"}}' % PASSWORD).encode('utf-16-le'),
    (u'password=%s' % PASSWORD).encode('utf-8'),
    b'\xff\xfe\x00\x00',
    (u'"%s' % PASSWORD).encode('utf-8'),
])
def test_a_2xx_body_that_is_not_the_configuration_is_described_never_quoted(body):
    error = failure_of(answer(200, body, {'content-type': 'application/json'}))
    message = str(error)
    assert 'returned HTTP 200 with a body of %d bytes (application/json)' % len(body) in message
    assert 'CANARY' not in message and 'pw-' not in message and 'starting with' not in message


@pytest.mark.parametrize('body, says', [
    (b'\xef\xbb\xbf{}', 'starts with a UTF-8 byte-order mark'),
    (u'{}'.encode('utf-16'), 'starts with a UTF-16 byte-order mark'),
    (u'{}'.encode('utf-16-be'), 'holds NUL bytes'),
    (b'{"a": "\xe9"}', 'is not UTF-8 text'),
])
def test_what_is_wrong_with_the_bytes_is_said(body, says):
    assert says in str(failure_of(answer(200, body, {'content-type': 'application/json'})))


def test_an_error_page_that_echoes_the_authorization_header_is_not_quoted():
    page = ('<html><body><pre>GET /accounts\nAuthorization: Bearer %s\n</pre></body></html>' % TOKEN).encode()
    message = str(failure_of(answer(502, page, {'content-type': 'text/html'})))
    assert 'not quoted: it holds what looks like a secret' in message
    assert 'CANARY' not in message and 'user:12' not in message


@pytest.mark.parametrize('position', range(40, 66))
def test_the_token_is_masked_before_the_cut_wherever_the_cut_falls(position):
    page = ('<p>' + 'x' * (position - 3) + TOKEN + ' and more text after it, far beyond the cut</p>').encode()
    message = str(failure_of(answer(500, page, {'content-type': 'text/html'})))
    assert 'starting with' in message
    for size in range(4, len(TOKEN) + 1):
        assert TOKEN[:size] not in message, (position, size, message)


def test_an_echoed_prefix_of_a_sent_secret_is_masked():
    error = failure_of(answer(400, {'error': 'password %s is not accepted' % PASSWORD[:16], 'code': 400}),
                       secrets=[PASSWORD])
    assert PASSWORD[:8] not in str(error) and 'is not accepted' in str(error)
    assert PASSWORD[:8] not in error.api_message


def test_an_error_body_with_a_secret_looking_key_is_not_quoted():
    error = failure_of(answer(400, {'error': 'bad request', 'debug': {'apiKey': 'SECRET-CANARY'}, 'code': 400}))
    assert 'not quoted' in str(error) and 'bad request' not in str(error) and error.api_message is None


def test_a_long_api_text_is_cut_with_its_length_and_control_characters_are_escaped():
    error = failure_of(answer(400, {'error': 'line one\nforged line\x1b[31m' + 'e' * 1000000, 'code': 400}))
    message = str(error)
    assert len(message) < 600 and '... (1000025 characters, cut)' in message
    assert '\n' not in message and '\x1b' not in message and 'line one\\nforged line\\x1b[31m' in message


def test_a_refused_key_that_holds_the_token_is_masked_where_it_is_cut():
    body = json.dumps({'x' * 50 + TOKEN: {'a': 1e400}}).replace('1e+400', '1e400').encode()
    message = str(failure_of(answer(200, body.replace(b'Infinity', b'1e400'), {'content-type': 'application/json'})))
    assert 'refused' in message
    for size in range(4, len(TOKEN) + 1):
        assert TOKEN[:size] not in message, message


@pytest.mark.parametrize('location, says', [
    (u'/v1/caf\u00e9', 'not plain ASCII'),
    (u'/v1/caf\u00c3\u00a9', 'not plain ASCII'),
    ('http://api.example.test:99999/v1', 'its port is not a number between 1 and 65535'),
    ('http://[::1/v1', 'cannot be parsed'),
    ('/v1/a b', 'a space or a control character'),
])
def test_a_redirect_to_an_unusable_address_is_our_error_and_not_retried(location, says):
    script = Script(answer(302, b'', {'location': location}))
    with pytest.raises(ApiError) as caught:
        script.client(retries=3).get_accounts()
    assert 'cannot be followed: ' in str(caught.value) and says in str(caught.value)
    assert len(script.calls) == 1 and caught.value.attempts == 1


def test_a_cross_host_redirect_that_carries_the_token_does_not_show_it():
    script = Script(answer(302, b'', {'location': 'https://elsewhere.test/?t=' + TOKEN}))
    with pytest.raises(ApiError) as caught:
        script.client().get_accounts()
    assert 'does not follow redirects to another host' in str(caught.value) and 'CANARY' not in str(caught.value)


@pytest.mark.parametrize('kwargs, message', [
    (dict(timeout=float('nan')), 'timeout must be more than 0 seconds and at most 86400'),
    (dict(timeout=1e300), 'timeout must be more than 0 seconds and at most 86400'),
    (dict(retry_max_time=float('nan')), 'retry_max_time must be more than 0 seconds (a finite number)'),
    (dict(retry_max_time=float('-inf')), 'retry_max_time must be more than 0 seconds (a finite number)'),
    (dict(api_url='http://127.0.0.1:99999/v1/ltxstudio'), 'its port is not a number between 1 and 65535'),
    (dict(api_url='http://127.0.0.1:0/v1/ltxstudio'), 'its port is not a number between 1 and 65535'),
    (dict(api_url='http://127.0.0.1:http/v1/ltxstudio'), 'its port is not a number between 1 and 65535'),
    (dict(api_url=u'http://127.0.0.1/v1/lt\u00e9'), 'percent-encode them in the path'),
    (dict(api_url=u'http://b\u00fccher.example/v1'), 'IDNA form'),
    (dict(api_url='http://127.0.0.1/v1/ltx studio'), 'a space or a control character'),
    (dict(api_url='https://u:SECRETPW@host:99999/x'), 'must not contain a user name or password'),
])
def test_bad_options_are_refused_before_any_request(kwargs, message):
    arguments = dict(api_url=URL, api_token=TOKEN, service_name='ltxstudio')
    arguments.update(kwargs)
    with pytest.raises(ConfigurationError) as caught:
        UseapiClient(**arguments)
    assert message in str(caught.value) and 'SECRETPW' not in str(caught.value)


ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=()))  # lone surrogates too
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | ANY_TEXT,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(ANY_TEXT, children, max_size=4),
    max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(name=st.sampled_from(SERVICE_NAMES), document=JSON_VALUES)
def test_any_json_document_is_a_configuration_or_our_error(name, document):
    script = Script(answer(200, json.dumps(document).encode()))
    client = UseapiClient(URL, TOKEN, transport=script, retries=0, service_name=name)
    try:
        accounts = normalize_accounts(client.get_accounts(), name)
    except UseapiError as error:
        str(error).encode('utf-8')
        return
    assert isinstance(accounts, dict)
    json.dumps(accounts, ensure_ascii=False).encode('utf-8')  # a fact any callback can write


@settings(max_examples=300, deadline=None)
@given(body=st.binary(max_size=200) | st.text(max_size=60).map(lambda text: text.encode('utf-8', 'surrogatepass')))
def test_any_bytes_are_a_configuration_or_our_error(body):
    for status in (200, 400, 500):
        script = Script(answer(status, body, {'content-type': 'application/json'}))
        try:
            normalize_accounts(UseapiClient(URL, TOKEN, 'ltxstudio', transport=script, retries=0).get_accounts(), 'ltxstudio')
        except UseapiError as error:
            str(error).encode('utf-8')
