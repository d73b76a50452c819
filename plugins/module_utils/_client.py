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
import math
import random
import re
import time
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from ansible_collections.useapi.accounts.plugins.module_utils._cookie import MASK
from ansible_collections.useapi.accounts.plugins.module_utils._errors import ApiError, ConfigurationError, json_kind
from ansible_collections.useapi.accounts.plugins.module_utils._http import (
    TransportFailure,
    deadline_message,
    open_url_transport,
)
from ansible_collections.useapi.accounts.plugins.module_utils._json import StrictJsonError, strict_loads
from ansible_collections.useapi.accounts.plugins.module_utils._services import DEFAULT_BASE_URL, SERVICES, service
from ansible_collections.useapi.accounts.plugins.module_utils._text import cut_note, safe_text

# The example of a root URL a message about a bad one gives: the first service's at useapi.net.
EXAMPLE_API_URL = DEFAULT_BASE_URL + next(iter(SERVICES.values()))['root']
MAX_REDIRECTS = 5
# The longest timeout accepted: a day. (Far longer ones overflow the socket and thread timers.)
MAX_TIMEOUT = 86400.0
# How much of an error body, and of the API's own error text, a message may quote (characters).
EXCERPT = 60
API_TEXT_MAX = 300
# A sent secret (or the token) whose first PREFIX_ECHO characters an answer echoes is masked from
# there on, however much of it follows; at a cut (the end of a quote, or "..."), from 4 characters.
PREFIX_ECHO = 8
PREFIX_AT_CUT = 4
# Names that say "secret": an error body with such a key (JSON) or such a header-like line (text) is
# never quoted, only described. The words are matched anywhere in a key, case-insensitively.
_SECRET_NAME = re.compile(r'token|passw|passwd|pwd|cookie|authori[sz]ation|secret|api[-_ ]?key|session[-_ ]?id|'
                          r'credential|private[-_ ]?key|bearer', re.IGNORECASE)
_SECRET_IN_TEXT = re.compile(r'(?:token|passw(?:or)?d|passwd|pwd|cookie|authori[sz]ation|secret|api[-_ ]?key|'
                             r'session[-_ ]?id|credential|private[-_ ]?key)s?["\']?\s*[:=]|bearer\s', re.IGNORECASE)
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
    port = parts.netloc.rpartition('@')[2].rpartition(']')[2].partition(':')[2]
    if port:
        host = '%s:%s' % (host, port)
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def _origin(url):
    parts = urlsplit(url)
    return (parts.scheme.lower(), (parts.hostname or '').lower(), parts.port)


def _error_body(body):
    """``(text, secretish)``: the API's own error text of an error body (``None`` when it has none), and
    whether the body holds a secret-looking key (JSON) or header-like line (text), so must not be quoted."""
    try:
        data = strict_loads(body)
    except StrictJsonError:
        return None, False
    except (ValueError, UnicodeDecodeError):
        text = body.decode('utf-8', 'replace').strip()
        secretish = bool(_SECRET_IN_TEXT.search(text))
        if text and not text.startswith(('<', '{', '[')) and len(text) <= API_TEXT_MAX:
            return text, secretish
        return None, secretish
    secretish = _has_secret_key(data)
    if isinstance(data, dict):
        for key in ('error', 'message'):
            if isinstance(data.get(key), str) and data.get(key):
                return data[key], secretish
    return None, secretish


def _has_secret_key(data):
    """Whether any key, at any depth, of a parsed JSON document has a name that says secret."""
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if any(_SECRET_NAME.search(key) for key in node):
                return True
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return False


def _api_message(body):
    """The API's own error text from a flat ``{"error": ..., "code": ...}`` body, if there is one (unmasked)."""
    return _error_body(body)[0]


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


def _encoding_problem(body):
    """What makes ``body`` not UTF-8 JSON text at the level of its bytes, or ``None``."""
    if body.startswith((b'\xff\xfe\x00\x00', b'\x00\x00\xfe\xff')):
        return 'starts with a UTF-32 byte-order mark: it is UTF-32 text, not UTF-8 JSON'
    if body.startswith((b'\xff\xfe', b'\xfe\xff')):
        return 'starts with a UTF-16 byte-order mark: it is UTF-16 text, not UTF-8 JSON'
    if body.startswith(b'\xef\xbb\xbf'):
        return 'starts with a UTF-8 byte-order mark, which JSON text must not have'
    if b'\x00' in body:
        return 'holds NUL bytes, as UTF-16 or UTF-32 text does: it is not UTF-8 JSON'
    try:
        body.decode('utf-8')
    except UnicodeDecodeError:
        return 'is not UTF-8 text (JSON must be UTF-8)'
    return None


def _describe_body(response, secrets=None):
    """Say what came back, for an error message, without echoing anything that might be secret.

    Size, content type and what is wrong with it; never a word of it unless ``secrets`` is given
    (an error answer, not one meant to be the configuration), and then only its start, masked
    (see :func:`_quote`), and only when it holds nothing that looks like a secret.
    """
    content_type = response.headers.get('content-type', 'no content type')
    body = response.body
    if not body:
        return 'an empty body (%s)' % content_type
    size = 'a body of %d bytes (%s)' % (len(body), content_type)
    problem = _encoding_problem(body)
    if problem:
        return '%s that %s' % (size, problem)
    text = body.decode('utf-8').lstrip()
    if text.startswith(('{', '[')):
        # It looks like JSON but did not parse: say so, but never quote it: it may hold cookie values.
        return '%s that looks like truncated or invalid JSON' % size
    described = '%s that is not JSON' % size
    if text.startswith('<'):
        described += ' (an HTML or XML page, by its first character)'
    if secrets is None:
        return described
    if _SECRET_IN_TEXT.search(text):
        return described + ', not quoted: it holds what looks like a secret (a token, password, cookie or authorization)'
    return '%s, starting with %r' % (described, _quote(text, secrets, EXCERPT, collapse=True))


def _quote(text, secrets, limit, collapse=False):
    """``text`` as a message may show it: secrets masked first, then cut to ``limit`` characters.

    Masked: every secret (the token, what was sent) whole, every echo of the first PREFIX_ECHO
    characters of one (and as much of it as follows), and a prefix of PREFIX_AT_CUT characters or
    more that reaches the cut. Then control characters are escaped; a cut says the whole length.
    """
    longest = max([len(secret) for secret in secrets] + [0])
    window = _mask(text[:limit + longest + 1], secrets)  # only what can reach the quote is masked
    if collapse:
        window = ' '.join(window.split())
    excerpt = window[:limit]
    cut = len(window) > limit or len(text) > limit + longest + 1
    excerpt = safe_text(_mask_cut_prefixes(excerpt, secrets))
    if cut:
        excerpt += cut_note(len(text))
    return excerpt


def _mask(text, secrets):
    """``text`` with every secret, and every echo of a secret's first PREFIX_ECHO characters, masked."""
    text = _redact(text, secrets)
    for secret in secrets:
        if len(secret) <= PREFIX_ECHO:
            continue
        head = secret[:PREFIX_ECHO]
        pieces, position = [], 0
        while True:
            found = text.find(head, position)
            if found < 0:
                break
            end = found + PREFIX_ECHO
            while end < len(text) and end - found < len(secret) and text[end] == secret[end - found]:
                end += 1
            pieces.extend((text[position:found], MASK))
            position = end
        pieces.append(text[position:])
        text = ''.join(pieces)
    return text


def _mask_cut_prefixes(text, secrets):
    """Mask a secret's prefix (PREFIX_AT_CUT characters or more) that ends where ``text`` was cut: at its
    end, or before a ``...`` that says a key was shortened."""
    ends = [len(text)] + [match.start() for match in re.finditer(r'\.\.\.', text)]
    for end in sorted(ends, reverse=True):
        for secret in secrets:
            for size in range(min(len(secret) - 1, end), PREFIX_AT_CUT - 1, -1):
                if text[end - size:end] == secret[:size]:
                    text = text[:end - size] + MASK + text[end:]
                    break
    return text


class UseapiClient(object):
    """Calls one useapi.net service's accounts endpoints (``api_url`` is its root) and returns parsed JSON.

    ``service_name`` names the service; its registry entry says whether a 404 on the list means "no
    configuration" (most services) or a wrong URL (those that answer ``{}`` when empty). It is
    ``None`` for a client of no one service (the subscription, ``GET /v2/account``).

    ``transport``, ``sleep``, ``clock``, ``wall_clock`` and ``rand`` are injectable for tests.
    Every failure is an :class:`ApiError` whose message names the method, the URL and the
    status, and never the token.
    """

    def __init__(self, api_url, api_token, service_name, timeout=30, validate_certs=True, ca_path=None,
                 retries=3, retry_max_time=120.0, transport=None, sleep=None, clock=None,
                 wall_clock=None, rand=None, url_option='api_url'):
        self.api_url = _check_api_url(api_url, url_option)
        self.entry = service(service_name) if service_name is not None else None
        self._empty_is_404 = self.entry is not None and self.entry['empty'] == '404'
        self._token = _check_token(api_token)
        self.timeout = timeout
        self.validate_certs = validate_certs
        self.ca_path = ca_path
        if retries is None or retries < 0:
            raise ConfigurationError('retries must be 0 or more, got %r' % (retries,))
        # nan compares false with everything: "<= 0" alone would let it through and turn the budget off.
        if not _positive_number(retry_max_time):
            raise ConfigurationError('retry_max_time must be more than 0 seconds (a finite number), got %r'
                                     % (retry_max_time,))
        if not _positive_number(timeout) or timeout > MAX_TIMEOUT:
            raise ConfigurationError('timeout must be more than 0 seconds and at most %d (a day), got %r'
                                     % (MAX_TIMEOUT, timeout))
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
            # The reason names keys (cut at 60 characters): masked as a quote is, cut prefixes too.
            masked = self._masked(secrets)
            reason = safe_text(_mask_cut_prefixes(_mask(error.reason, masked), masked))
            raise ApiError('%s %s returned HTTP %d with JSON that is refused: %s'
                           % (method, redact_url(url), response.status, reason),
                           method=method, url=redact_url(url), status=response.status, attempts=response.attempts)
        except (ValueError, UnicodeDecodeError):
            # Meant to be the configuration (or the account): described, never quoted.
            message = '%s %s returned HTTP %d with %s' % (method, redact_url(url), response.status,
                                                          _describe_body(response))
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
        attempt = 1  # a followed redirect is part of the same attempt
        redirects = 0
        current_url = url
        while True:
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
                last, last_status = failure.message, None
            else:
                status = response.status
                if 300 <= status < 400:
                    current_url = self._follow(method, current_url, response, shown_url, attempt, secrets)
                    redirects += 1
                    if redirects > MAX_REDIRECTS:
                        raise ApiError('%s %s failed: more than %d redirects' % (method, shown_url, MAX_REDIRECTS),
                                       method=method, url=shown_url, status=status, attempts=attempt)
                    continue
                not_configured = status == 404 and missing_ok and _says_not_configured(response.body, self.entry)
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
                last, last_status = 'HTTP %d %s' % (status, response.reason), status
            elapsed = self._clock() - started
            if elapsed + delay > self.policy.max_time:
                raise ApiError(
                    '%s %s failed: %s; gave up after %s because the next wait (%.1f s) would pass '
                    'retry_max_time (%s s)' % (method, shown_url, last, _attempts_text(attempt), delay,
                                               self.policy.max_time),
                    method=method, url=shown_url, attempts=attempt, status=last_status)
            self._sleep(delay)
            attempt += 1

    def _follow(self, method, current_url, response, shown_url, attempt, secrets):
        location = response.headers.get('location')
        if not location:
            raise self._status_error(method, shown_url, response, attempt, secrets)
        try:
            target = urljoin(current_url, location)
        except ValueError:
            target = None
        problem = _url_problem(target, redirect=True) if target is not None else 'it cannot be parsed as a URL'
        if problem:
            raise ApiError(
                '%s %s was redirected (HTTP %d) to an address that cannot be followed: %s; not followed, not retried. '
                'Set api_url to the final address.' % (method, shown_url, response.status, problem),
                method=method, url=shown_url, status=response.status, attempts=attempt)
        if method not in ('GET', 'HEAD') or _origin(target) != _origin(current_url):
            raise ApiError(_quote(
                '%s %s was redirected (HTTP %d) to %s; the collection does not follow redirects to another '
                'host or for writes, so the API token is never sent elsewhere. Set api_url to the final address.'
                % (method, shown_url, response.status, redact_url(target)), secrets, 2000),
                method=method, url=shown_url, status=response.status, attempts=attempt)
        return target

    def _tries_text(self, attempt):
        if attempt <= 1:
            return ''
        return ' (gave up after %s)' % _attempts_text(attempt)

    def _status_error(self, method, shown_url, response, attempt, secrets):
        """The :class:`ApiError` for a final non-2xx answer; ``secrets`` are masked wherever they appear."""
        status = response.status
        text, secretish = _error_body(response.body)
        # The API's text, masked before it is cut; none at all from a body that holds a secret-looking key.
        api_message = _quote(text, secrets, API_TEXT_MAX) if text and not secretish else None
        if status == 401:
            message = ('The API token was rejected (HTTP 401 Unauthorized) by %s %s. Check api_token or the '
                       'USEAPI_TOKEN environment variable.' % (method, shown_url))
        else:
            reason = response.reason or ('account in error state' if status == 596 else '')
            message = '%s %s failed with HTTP %d%s' % (method, shown_url, status, (' ' + reason) if reason else '')
            if api_message:
                message += ': %s' % api_message
            elif secretish:
                message += (': the API answered with %s, not quoted: it holds what looks like a secret (a token, '
                            'password, cookie or authorization)' % _size_of(response))
            elif response.body:
                message += ': the API answered with %s' % _describe_body(response, secrets)
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


def _positive_number(value):
    return (isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
            and value > 0)


def _size_of(response):
    return 'a body of %d bytes (%s)' % (len(response.body), response.headers.get('content-type', 'no content type'))


def _url_problem(url, redirect=False):
    """What makes ``url`` unusable as the address of a request, in words, or ``None``.

    http or https, a host, a port in 1..65535, no user name or password, no query or fragment, and
    plain ASCII without spaces or control characters: a non-ASCII path is not percent-encoded for
    you (that would be a guess at the encoding), nor a host turned into its IDNA form. A
    ``redirect`` target may have a query string.
    """
    if any(ord(char) <= 32 or 127 <= ord(char) < 160 for char in url):
        return 'it holds a space or a control character'
    if not url.isascii():
        return ('it holds characters that are not plain ASCII; percent-encode them in the path (%C3%A9 for '
                '\u00e9) and give a host name in its IDNA form (xn--...)')
    try:
        parts = urlsplit(url)
    except ValueError:
        return 'it cannot be parsed as a URL (a bracket of an IPv6 address left open?)'
    if parts.scheme not in ('http', 'https') or not parts.hostname:
        return 'it is not an http:// or https:// URL with a host'
    if parts.username is not None or parts.password is not None:
        return 'it holds a user name or password (the token goes in api_token)'
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port == 0:
        return 'its port is not a number between 1 and 65535'
    if (parts.query or parts.fragment) and not redirect:
        return 'it has a query string or fragment'
    return None


def _check_api_url(api_url, option='api_url'):
    """The root URL of the service, checked before any request; ``option`` names where it came from."""
    if not isinstance(api_url, str) or not api_url.strip():
        raise ConfigurationError('%s is empty; give the API base URL, e.g. %s' % (option, EXAMPLE_API_URL))
    url = api_url.strip().rstrip('/')
    problem = _url_problem(url)
    if problem is None:
        return url
    shown = safe_text(redact_url(url))
    if problem.startswith('it is not an http'):
        raise ConfigurationError('%s must be an http:// or https:// URL such as %s, got %r'
                                 % (option, EXAMPLE_API_URL, shown))
    if problem.startswith('it holds a user name'):
        raise ConfigurationError('%s must not contain a user name or password (the token goes in api_token), '
                                 'got %r' % (option, shown))
    if problem.startswith('it has a query'):
        raise ConfigurationError('%s must not have a query string or fragment, got %r' % (option, shown))
    raise ConfigurationError('%s cannot be used: %s; got %r' % (option, problem, shown))


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
