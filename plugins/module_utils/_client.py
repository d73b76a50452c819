# -*- coding: utf-8 -*-
# Copyright (c) useapi.accounts contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: this module_utils file is private to the useapi.accounts collection.
# Its interface may change at any time; do not import it from other collections.

"""The one HTTP/JSON client of the collection for the useapi.net API (every service).

Endpoints and the retry policy, over the transport in ``_http`` (which alone talks to sockets).
The Authorization header is built in exactly one place
(``UseapiClient._headers``) and is never forwarded to another host: redirects are
followed by hand, for reads only, and only within the same scheme, host and port.

The retry policy is data (``RetryPolicy``) and is documented as a table in the
``useapi.accounts.connection`` doc fragment:

=====================================  =========  ============================================
Outcome                                Retried?   Wait before the next attempt
=====================================  =========  ============================================
429 Too Many Requests                  yes        Retry-After (seconds or HTTP-date), capped
502, 503, 504                          yes        jittered exponential backoff
connection refused/reset, timeout      yes        jittered exponential backoff
400, 401, 402, 403, 404, other 4xx     no         -
596 (account in error state), 5xx      no         -
DNS failure, TLS verification failure  no         -
=====================================  =========  ============================================
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import email.utils
import json
import random
import time
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from ansible_collections.useapi.accounts.plugins.module_utils._cookie import MASK, cookie_secrets
from ansible_collections.useapi.accounts.plugins.module_utils._errors import ApiError, ConfigurationError, json_kind
from ansible_collections.useapi.accounts.plugins.module_utils._http import (
    TransportFailure,
    deadline_message,
    open_url_transport,
)
from ansible_collections.useapi.accounts.plugins.module_utils._json import StrictJsonError, strict_loads
from ansible_collections.useapi.accounts.plugins.module_utils._services import service
from ansible_collections.useapi.accounts.plugins.module_utils._text import TEXT_LIMIT, safe_text

DEFAULT_API_URL = 'https://api.useapi.net/v1/ltxstudio'  # LTX Studio's; see _services for every root
MAX_REDIRECTS = 5
# An attempt started with less of retry_max_time left than this still gets this long.
MIN_ATTEMPT_SECONDS = 0.5


class RetryPolicy(object):
    """Which outcomes are retried, and how long to wait. See the table in the module docstring."""

    RETRY_STATUSES = frozenset([429, 502, 503, 504])

    def __init__(self, retries=3, max_time=120.0, backoff_base=1.0, backoff_max=30.0, retry_after_max=60.0):
        self.retries = retries
        self.max_time = max_time
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.retry_after_max = retry_after_max

    def backoff(self, attempt, rand):
        """Equal-jitter exponential backoff for the wait after attempt number ``attempt`` (1-based)."""
        ceiling = min(self.backoff_max, self.backoff_base * (2 ** (attempt - 1)))
        return ceiling / 2.0 + rand() * ceiling / 2.0

    def retry_after(self, header_value, wall_now):
        """Seconds to wait for a Retry-After header value, capped; ``None`` when it cannot be read."""
        if header_value is None:
            return None
        value = header_value.strip()
        seconds = None
        if value.isascii() and value.isdigit():  # not str.isdigit alone: it accepts '²', which float() rejects
            seconds = float(value)
        else:
            try:
                when = email.utils.parsedate_to_datetime(value)
            except (TypeError, ValueError, IndexError):
                when = None
            if when is not None and when.tzinfo is not None:
                seconds = when.timestamp() - wall_now
        if seconds is None:
            return None
        return max(0.0, min(seconds, self.retry_after_max))


def _got(failure):
    if failure.received is None:
        return 'before the status line and headers had all arrived'
    return 'after %d bytes of the body had arrived' % failure.received


def _attempts_text(count):
    return '1 attempt' if count == 1 else '%d attempts' % count


def redact_url(url):
    """Drop any user:password@ part of a URL before it goes into a message."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return '<unparseable URL>'
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ''
    if parts.port:
        host = '%s:%d' % (host, parts.port)
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def _origin(url):
    parts = urlsplit(url)
    return (parts.scheme.lower(), (parts.hostname or '').lower(), parts.port)


def _api_message(body):
    """The API's own error text from a flat ``{"error": ..., "code": ...}`` body, if there is one."""
    try:
        data = strict_loads(body)
    except StrictJsonError:
        return None
    except (ValueError, UnicodeDecodeError):
        text = body.decode('utf-8', 'replace').strip()
        if text and not text.startswith(('<', '{', '[')) and len(text) <= 300:
            return text
        return None
    if isinstance(data, dict):
        for key in ('error', 'message'):
            if isinstance(data.get(key), str) and data.get(key):
                return data[key]
    return None


def _says_not_configured(body, entry=None):
    """Whether a 404 is the API's own "no such configuration or account", not a wrong URL's 404.

    useapi.net words it per service: "Configuration not found", "Account configuration not found
    for the specified email address", "Unable to find configuration for account ...", "account not
    configured", and what the registry ``entry`` lists in ``empty_404`` (TemPolor: "no accounts are
    configured"); an empty body only where ``empty_404_body`` says the page documents no body. An
    HTML page never says it.
    """
    if entry is not None and entry.get('empty_404_body') and not body.strip():
        return True
    message = (_api_message(body) or '').lower()
    if entry is not None and any(sentence.lower() in message for sentence in entry.get('empty_404', ())):
        return True
    return 'configuration not found' in message or 'unable to find configuration' in message or (
        ('not found' in message or 'not configured' in message) and 'account' in message)


def _describe_body(response):
    """Say what came back, for an error message, without echoing anything that might be secret."""
    content_type = response.headers.get('content-type', 'no content type')
    if not response.body:
        return 'an empty body (%s)' % content_type
    text = response.body.decode('utf-8', 'replace').lstrip()
    if text.startswith(('{', '[')):
        # It looks like JSON but did not parse: say so, but never quote it: it may hold cookie values.
        return 'a body of %d bytes (%s) that looks like truncated or invalid JSON' % (len(response.body), content_type)
    excerpt = ' '.join(text[:60].split())
    return 'a body of %d bytes (%s) that is not JSON, starting with %r' % (len(response.body), content_type, excerpt)


class UseapiClient(object):
    """Calls one useapi.net service's accounts endpoints (``api_url`` is its root) and returns parsed JSON.

    ``service_name`` names the registry entry: it says whether a 404 on the list means "no
    configuration" (most services) or a wrong URL (those that answer ``{}`` when empty).

    ``transport``, ``sleep``, ``clock``, ``wall_clock`` and ``rand`` are injectable for tests.
    Every failure is an :class:`ApiError` whose message names the method, the URL and the
    status, and never the token.
    """

    def __init__(self, api_url, api_token, timeout=30, validate_certs=True, ca_path=None,
                 retries=3, retry_max_time=120.0, transport=None, sleep=None, clock=None,
                 wall_clock=None, rand=None, service_name='ltxstudio'):
        self.api_url = _check_api_url(api_url)
        self.service_name = service_name
        self._empty_is_404 = service(service_name)['empty'] == '404'
        self._token = _check_token(api_token)
        self.timeout = timeout
        self.validate_certs = validate_certs
        self.ca_path = ca_path
        if retries is None or retries < 0:
            raise ConfigurationError('retries must be 0 or more, got %r' % (retries,))
        if retry_max_time is None or retry_max_time <= 0:
            raise ConfigurationError('retry_max_time must be more than 0 seconds, got %r' % (retry_max_time,))
        if timeout is None or timeout <= 0:
            raise ConfigurationError('timeout must be more than 0 seconds, got %r' % (timeout,))
        self.policy = RetryPolicy(retries=retries, max_time=retry_max_time)
        self._transport = transport or open_url_transport
        self._sleep = sleep or time.sleep
        self._clock = clock or time.monotonic
        self._wall_clock = wall_clock or time.time
        self._rand = rand or random.random

    # -- the endpoints -------------------------------------------------------------------

    def accounts_url(self, email=None):
        """The URL of GET /accounts, or of one account (its id percent-encoded as UTF-8, ``:`` too)."""
        url = self.api_url + '/accounts'
        if email is not None:
            url += '/' + quote(email.encode('utf-8'), safe='@')
        return url

    def get_accounts(self):
        """GET /accounts: the configuration as a dict keyed by id, or ``None`` for "no configuration".

        Services that answer ``{}`` when empty never say 404 for it: there a 404 is an error.
        """
        return self._json('GET', self.accounts_url(), missing_ok=self._empty_is_404)

    def get_json(self, url):
        """GET any URL of the API (``/v2/account``, say) and return its JSON object."""
        return self._json('GET', url)

    def get_account(self, email):
        """GET /accounts/{email}: one account, or ``None`` when the API has no such account (404)."""
        return self._json('GET', self.accounts_url(email), missing_ok=True)

    def post_account(self, cookie, max_jobs):
        """POST /accounts: create or update the account the cookie belongs to; returns the account."""
        payload = json.dumps({'cookie': cookie, 'maxJobs': max_jobs}).encode('utf-8')
        # An API that echoes a cookie value in its error must not put it in our message.
        secrets = cookie_secrets(cookie)
        return self._json('POST', self.accounts_url(), body=payload, secrets=secrets)

    def delete_account(self, email):
        """DELETE /accounts/{email}: ``True`` when deleted, ``False`` when it did not exist (404)."""
        response = self.request('DELETE', self.accounts_url(email), missing_ok=True)
        return response.status != 404

    def send(self, method, url, payload=None, secrets=(), missing_ok=False):
        """Send a write (``POST`` with the JSON object ``payload``, ``DELETE``); return ``(status, body)``.

        ``body`` is the answer's JSON object, or ``None`` when the body is empty (a 204) or the
        answer is an accepted 404 (``missing_ok``: the API says it has no such account).
        ``secrets`` are the values sent; like the token, they are masked in every message.
        """
        body = json.dumps(payload).encode('utf-8') if payload is not None else None
        response = self.request(method, url, body=body, missing_ok=missing_ok, secrets=secrets)
        if response.status == 404 or not response.body.strip():
            return response.status, None
        return response.status, self._object(method, url, response, secrets)

    # -- the machinery -------------------------------------------------------------------

    def _headers(self, has_body):
        headers = {
            'Authorization': 'Bearer %s' % self._token,
            'Accept': 'application/json',
        }
        if has_body:
            headers['Content-Type'] = 'application/json'
        return headers

    def _json(self, method, url, body=None, missing_ok=False, secrets=()):
        response = self.request(method, url, body=body, missing_ok=missing_ok, secrets=secrets)
        if response.status == 404:
            return None
        return self._object(method, url, response, secrets)

    def _object(self, method, url, response, secrets):
        """The JSON object of a 2xx answer; an :class:`ApiError` that quotes no secret otherwise."""
        try:
            data = strict_loads(response.body)
        except StrictJsonError as error:
            raise ApiError('%s %s returned HTTP %d with JSON that is refused: %s'
                           % (method, redact_url(url), response.status, _redact(error.reason, self._masked(secrets))),
                           method=method, url=redact_url(url), status=response.status, attempts=response.attempts)
        except (ValueError, UnicodeDecodeError):
            # The excerpt of a non-JSON body could echo what was posted: mask it like any other message.
            described = _describe_body(response)
            message = '%s %s returned HTTP %d with %s' % (method, redact_url(url), response.status, described)
            raise ApiError(_redact(message, self._masked(secrets)),
                           method=method, url=redact_url(url), status=response.status, attempts=response.attempts)
        if not isinstance(data, dict):
            raise ApiError(
                '%s %s returned HTTP %d with %s where a JSON object was expected'
                % (method, redact_url(url), response.status, json_kind(data, qualified=True)),
                method=method, url=redact_url(url), status=response.status, attempts=response.attempts)
        return data

    def _masked(self, secrets):
        """What to mask in this request's messages: the token, and the sent values long enough to be secret."""
        return [self._token] + [value for value in secrets if value and len(value) >= 4]

    def request(self, method, url, body=None, missing_ok=False, secrets=()):
        """Send a request with the retry policy; return the final 2xx (or accepted 404) :class:`Response`.

        ``secrets`` are values sent in the body; like the token, they are masked in any error message.
        """
        secrets = self._masked(secrets)
        shown_url = redact_url(url)
        started = self._clock()
        attempt = 0
        redirects = 0
        current_url = url
        while True:
            attempt += 1
            # One deadline per attempt: the timeout, or what is left of retry_max_time if that is less.
            left = self.policy.max_time - (self._clock() - started)
            allowance = min(self.timeout, max(left, MIN_ATTEMPT_SECONDS))
            try:
                response = self._transport(method, current_url, self._headers(body is not None), body,
                                           allowance, self.validate_certs, self.ca_path)
            except TransportFailure as failure:
                if failure.deadline and allowance < self.timeout:
                    raise ApiError('%s %s failed: retry_max_time (%s s) passed during attempt %d, %s (gave up after %s)'
                                   % (method, shown_url, self.policy.max_time, attempt, _got(failure),
                                      _attempts_text(attempt)),
                                   method=method, url=shown_url, attempts=attempt)
                if failure.deadline:
                    failure.message = deadline_message(self.timeout, failure.received)
                if not failure.retryable or attempt > self.policy.retries:
                    raise ApiError('%s %s failed: %s%s' % (method, shown_url, failure.message, self._tries_text(attempt)),
                                   method=method, url=shown_url, attempts=attempt)
                delay = self.policy.backoff(attempt, self._rand)
                last = failure.message
            else:
                status = response.status
                if 300 <= status < 400:
                    current_url = self._follow(method, current_url, response, shown_url, attempt, secrets)
                    redirects += 1
                    if redirects > MAX_REDIRECTS:
                        raise ApiError('%s %s failed: more than %d redirects' % (method, shown_url, MAX_REDIRECTS),
                                       method=method, url=shown_url, status=status, attempts=attempt)
                    attempt -= 1
                    continue
                not_configured = status == 404 and missing_ok and _says_not_configured(response.body, service(self.service_name))
                if 200 <= status < 300 or not_configured:
                    response.attempts = attempt
                    return response
                if status not in self.policy.RETRY_STATUSES or attempt > self.policy.retries:
                    raise self._status_error(method, shown_url, response, attempt, secrets)
                delay = None
                if status == 429:
                    delay = self.policy.retry_after(response.headers.get('retry-after'), self._wall_clock())
                if delay is None:
                    delay = self.policy.backoff(attempt, self._rand)
                last = 'HTTP %d %s' % (status, response.reason)
            elapsed = self._clock() - started
            if elapsed + delay > self.policy.max_time:
                raise ApiError(
                    '%s %s failed: %s; gave up after %s because the next wait (%.1f s) would pass '
                    'retry_max_time (%s s)' % (method, shown_url, last, _attempts_text(attempt), delay,
                                               self.policy.max_time),
                    method=method, url=shown_url, attempts=attempt,
                    status=response.status if last.startswith('HTTP') else None)
            self._sleep(delay)

    def _follow(self, method, current_url, response, shown_url, attempt, secrets):
        location = response.headers.get('location')
        if not location:
            raise self._status_error(method, shown_url, response, attempt, secrets)
        target = urljoin(current_url, location)
        if method not in ('GET', 'HEAD') or _origin(target) != _origin(current_url):
            raise ApiError(
                '%s %s was redirected (HTTP %d) to %s; the collection does not follow redirects to another '
                'host or for writes, so the API token is never sent elsewhere. Set api_url to the final address.'
                % (method, shown_url, response.status, redact_url(target)),
                method=method, url=shown_url, status=response.status, attempts=attempt)
        return target

    def _tries_text(self, attempt):
        if attempt <= 1:
            return ''
        return ' (gave up after %s)' % _attempts_text(attempt)

    def _status_error(self, method, shown_url, response, attempt, secrets):
        """The :class:`ApiError` for a final non-2xx answer; ``secrets`` are masked wherever they appear."""
        status = response.status
        api_message = _api_message(response.body)
        if api_message:
            # Masked first, then cut and escaped: a megabyte or an escape sequence from the server is no message.
            api_message = safe_text(_redact(api_message, secrets), TEXT_LIMIT)
        if status == 401:
            message = ('The API token was rejected (HTTP 401 Unauthorized) by %s %s. Check api_token or the '
                       'USEAPI_TOKEN environment variable.' % (method, shown_url))
        else:
            reason = response.reason or ('account in error state' if status == 596 else '')
            message = '%s %s failed with HTTP %d%s' % (method, shown_url, status, (' ' + reason) if reason else '')
            if api_message:
                message += ': %s' % api_message
            elif response.body:
                message += ': the API answered with %s' % _describe_body(response)
            message += self._tries_text(attempt)
        if status == 404:
            message += '; check api_url'
        return ApiError(_redact(message, secrets), method=method, url=shown_url, status=status, attempts=attempt,
                        api_message=api_message)


def _redact(text, secrets):
    """``text`` with every one of ``secrets`` replaced by the mask (longest first, so that a secret
    that contains another is never left half shown)."""
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text


def _check_api_url(api_url):
    if not isinstance(api_url, str) or not api_url.strip():
        raise ConfigurationError('api_url is empty; give the API base URL, e.g. %s' % DEFAULT_API_URL)
    url = api_url.strip().rstrip('/')
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ('http', 'https') or not parts.hostname:
        raise ConfigurationError('api_url must be an http:// or https:// URL such as %s, got %r'
                                 % (DEFAULT_API_URL, redact_url(url)))
    if parts.username is not None or parts.password is not None:
        raise ConfigurationError('api_url must not contain a user name or password (the token goes in api_token), '
                                 'got %r' % redact_url(url))
    if parts.query or parts.fragment:
        raise ConfigurationError('api_url must not have a query string or fragment, got %r' % redact_url(url))
    return url


def _check_token(api_token):
    if not isinstance(api_token, str) or not api_token.strip():
        raise ConfigurationError('No API token: set the api_token option or the USEAPI_TOKEN environment variable.')
    if any(ord(char) < 32 or ord(char) == 127 for char in api_token):
        raise ConfigurationError('The API token contains control characters (such as a newline); check how it was set.')
    if not api_token.isascii():
        # Python's own message would quote the character and its position: a piece of the secret.
        raise ConfigurationError('The API token holds a character that is not plain ASCII, which an HTTP header cannot '
                                 'carry (a typographic quote or an ellipsis pasted with it?); check how it was set.')
    return api_token.strip()
