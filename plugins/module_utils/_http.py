# -*- coding: utf-8 -*-
# Copyright (c) useapi.accounts contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: this module_utils file is private to the useapi.accounts collection.
# Its interface may change at any time; do not import it from other collections.

"""Transport only: one HTTP request and its whole answer, within one deadline.

The only file of the collection that talks to sockets (through ``ansible.module_utils.urls.open_url``).
It knows nothing of endpoints, tokens or retries: :mod:`_client` builds the request and decides
what to do with the answer or the :class:`TransportFailure`.

The deadline: ``timeout`` is the time one attempt may take from the start of the connection
to the last byte of the body, not the time one socket read may take. A server that sends its
headers one a second, or its body one byte a second, is cut off when the deadline passes. The
attempt runs in a daemon worker thread; the caller waits for it at most ``timeout`` seconds, so
nothing a server sends (or does not send) can hold the caller longer. The worker notices the
deadline between chunks and stops; one blocked in a read ends with its socket timeout or when
the module process exits, whichever comes first.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import gzip
import http.client as http_client
import socket
import ssl
import threading
import time
import zlib
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit
from urllib.request import getproxies, proxy_bypass
from ansible.module_utils.urls import ConnectionError as UrlsConnectionError
from ansible.module_utils.urls import SSLValidationError, open_url

USER_AGENT = 'useapi.accounts-ansible-collection'
# A configuration of 10,000 accounts is about 5 MiB; anything beyond this is not an answer we trust.
MAX_RESPONSE_BYTES = 32 * 1024 * 1024
CHUNK = 64 * 1024
# What gzip raises for a body that is not gzip, is corrupt, or ends before its end-of-stream marker.
_BAD_COMPRESSION = (EOFError, zlib.error, gzip.BadGzipFile)


class Response(object):
    """An HTTP answer: status, lower-cased headers and the raw body bytes.

    ``attempts`` is set by :meth:`UseapiClient.request` on the answer it returns: how many
    requests it took (retries included), for the messages of errors found in the body later.
    """

    def __init__(self, status, headers, body, url, attempts=1):
        self.status = status
        self.headers = headers
        self.body = body
        self.url = url
        self.attempts = attempts

    @property
    def reason(self):
        return http_client.responses.get(self.status, '')


class TransportFailure(Exception):
    """No (complete) HTTP answer came back. ``retryable`` says whether another attempt may help.

    ``deadline`` is True when the attempt was cut off because its deadline passed; ``received``
    is then how many body bytes had arrived (``None``: the status line and headers had not).
    """

    def __init__(self, message, retryable, deadline=False, received=None):
        super(TransportFailure, self).__init__(message)
        self.message = message
        self.retryable = retryable
        self.deadline = deadline
        self.received = received


class _Progress(object):
    """What one attempt has done so far, shared between the worker thread and the caller."""

    def __init__(self, deadline, clock):
        self.deadline = deadline
        self.clock = clock
        self.headers_done = False
        self.received = 0
        self.cancelled = False

    def passed(self):
        return self.cancelled or self.clock() >= self.deadline


def deadline_failure(timeout, progress):
    """The failure of an attempt whose deadline passed, saying how far it got."""
    received = progress.received if progress is not None and progress.headers_done else None
    return TransportFailure(deadline_message(timeout, received), retryable=True, deadline=True, received=received)


def deadline_message(timeout, received):
    """Words for an attempt cut off after ``timeout`` seconds with ``received`` body bytes (None: no headers yet)."""
    if received is None:
        return 'no answer within the timeout of %s seconds (timed out) before the status line and headers had all arrived' % timeout
    return 'no complete answer within the timeout of %s seconds (timed out) after %d bytes of the body had arrived' % (
        timeout, received)


def _read_capped(stream, progress=None):
    """The whole body, at most MAX_RESPONSE_BYTES, read chunk by chunk so that the deadline is seen."""
    if stream is None:
        return b''
    announced = getattr(stream, 'length', None)
    if isinstance(announced, int) and announced > MAX_RESPONSE_BYTES:
        # Refused before a byte of it is read: reading 32 MiB only to refuse it could outlast the
        # deadline, and a timed-out attempt is retried where this answer must not be.
        raise TransportFailure(
            'the response body is larger than %d MiB (the server announced %d bytes), which is more than any '
            'accounts configuration needs; refusing to parse it' % (MAX_RESPONSE_BYTES // (1024 * 1024), announced),
            retryable=False)
    read = getattr(stream, 'read1', None) or stream.read
    parts = []
    size = 0
    while True:
        if progress is not None and progress.passed():
            raise deadline_failure(None, progress)
        try:
            chunk = read(min(CHUNK, MAX_RESPONSE_BYTES + 1 - size))
        except _BAD_COMPRESSION as error:
            # The server's answer, not the network: another attempt gets the same bytes.
            raise TransportFailure(
                'invalid compressed body: the answer says Content-Encoding: gzip, but after %d bytes its body %s%s'
                % (size, 'ends before the end of the compressed stream (cut short)' if isinstance(error, EOFError)
                   else 'is not valid gzip data (corrupt)',
                   # ansible-core's decoder reads gzip under the chunk framing, so chunks never decode.
                   ' (it came with Transfer-Encoding: chunked, which ansible-core cannot decompress)'
                   if getattr(stream, 'chunked', False) is True else ''), retryable=False)
        if not chunk:
            break
        parts.append(chunk)
        size += len(chunk)
        if progress is not None:
            progress.received = size
        if size > MAX_RESPONSE_BYTES:
            raise TransportFailure(
                'the response body is larger than %d MiB, which is more than any accounts configuration '
                'needs; refusing to parse it' % (MAX_RESPONSE_BYTES // (1024 * 1024)), retryable=False)
    body = b''.join(parts)
    # read(amt) returns a short body without raising when the server hangs up early; a cut-off
    # answer must never pass for a complete (smaller) configuration.
    owed = getattr(stream, 'length', None)
    if isinstance(owed, int) and owed > 0:
        raise TransportFailure('the server closed the connection after %d bytes, %d bytes short of the '
                               'announced Content-Length (truncated answer)' % (len(body), owed), retryable=True)
    return body


def _headers_of(message):
    if message is None:
        return {}
    return dict((key.lower(), value) for key, value in message.items())


def _describe_os_error(error, timeout):
    """Turn a low-level network error into words a person understands, and say if a retry may help."""
    if isinstance(error, (socket.timeout,)) or 'timed out' in str(error):
        return TransportFailure('no answer within the timeout of %s seconds (timed out)' % timeout, retryable=True,
                                deadline=True)
    if isinstance(error, socket.gaierror):
        return TransportFailure('the host name could not be resolved (%s)' % (error.strerror or error), retryable=False)
    if 'match' in str(getattr(error, 'verify_message', '') or '') or "doesn't match" in str(error):
        return TransportFailure(
            'TLS certificate verify failed: the certificate is not valid for the host name in api_url (%s); '
            'use the host name the certificate names' % getattr(error, 'verify_message', error), retryable=False)
    if isinstance(error, ssl.SSLCertVerificationError) or 'CERTIFICATE_VERIFY_FAILED' in str(error):
        return TransportFailure(
            'TLS certificate verify failed (%s); set ca_path to the CA bundle that signed the server '
            'certificate, or validate_certs=false for a test server' % getattr(error, 'verify_message', error),
            retryable=False)
    if isinstance(error, ssl.SSLError):
        return TransportFailure('TLS handshake failed (%s)' % error, retryable=False)
    if isinstance(error, ConnectionRefusedError):
        return TransportFailure('connection refused (nothing listens at that address and port)', retryable=True)
    if isinstance(error, (ConnectionResetError, http_client.RemoteDisconnected, http_client.BadStatusLine,
                          http_client.IncompleteRead, BrokenPipeError)):
        return TransportFailure('the server closed the connection without a complete answer', retryable=True)
    return TransportFailure('network error: %s' % error, retryable=True)


def _proxy_for(url):
    """The proxy that the environment routes a request to ``url`` through, as ``scheme://host:port``, or None.

    Only scheme, host and port are returned: a proxy setting may carry a user name and password,
    with or without a scheme (``user:pass@proxy:3128``), and neither may reach a message.
    """
    try:
        parts = urlsplit(url)
        proxy = getproxies().get(parts.scheme)
        # urllib checks no_proxy against host:port, so do the same.
        if not proxy or proxy_bypass(parts.netloc.rpartition('@')[2]):
            return None
        proxy_parts = urlsplit(proxy if '://' in proxy else 'http://' + proxy)
        host = proxy_parts.hostname or ''
        if ':' in host:
            host = '[%s]' % host
        port = proxy_parts.port
    except (ValueError, OSError):
        return '(an unparseable proxy setting)'
    return '%s://%s%s' % (proxy_parts.scheme, host, ':%d' % port if port else '')


def open_url_transport(method, url, headers, body, timeout, validate_certs, ca_path, clock=None):
    """Send one request with ``ansible.module_utils.urls.open_url`` and read its whole answer within ``timeout`` seconds.

    ``timeout`` bounds the whole attempt: connect, status line, headers and body (see the module
    docstring); each socket operation is bounded by it too. Never follows redirects itself.
    ``use_netrc=False``: a ~/.netrc entry for the host would otherwise replace our Bearer header.
    Authorization is an unredirected header, belt and braces next to ``follow_redirects='none'``.
    A failure to connect names the proxy when the environment routes the request through one:
    "connection refused" would otherwise send the reader to the wrong host.
    """
    clock = clock or time.monotonic
    progress = _Progress(clock() + timeout, clock)
    outcome = {}

    def attempt():
        try:
            outcome['response'] = _open_url_once(method, url, headers, body, timeout, validate_certs, ca_path, progress)
        except TransportFailure as failure:
            outcome['failure'] = failure
        except Exception as error:  # pylint: disable=broad-except
            # Whatever open_url lets through must reach the caller as ours, not kill a thread unseen.
            outcome['failure'] = TransportFailure('network error: %s' % type(error).__name__, retryable=True)

    worker = threading.Thread(target=attempt, name='useapi-request')
    worker.daemon = True
    worker.start()
    worker.join(max(0.0, progress.deadline - clock()))
    if worker.is_alive():
        progress.cancelled = True  # the worker stops at its next chunk
        failure = deadline_failure(timeout, progress)
    elif 'failure' in outcome:
        failure = outcome['failure']
        if failure.deadline:
            failure = deadline_failure(timeout, progress)
    else:
        return outcome['response']
    proxy = _proxy_for(url)
    if proxy:
        failure.message += ' (the request went through the proxy %s, set by the environment)' % proxy
    raise failure


def _open_url_once(method, url, headers, body, timeout, validate_certs, ca_path, progress=None):
    try:
        response = open_url(
            url, data=body, headers=headers, method=method, timeout=timeout,
            validate_certs=validate_certs, ca_path=ca_path, follow_redirects='none',
            use_netrc=False, use_proxy=True, http_agent=USER_AGENT,
            unredirected_headers=['Authorization'])
        if progress is not None:
            progress.headers_done = True
        try:
            return Response(response.getcode(), _headers_of(response.headers), _read_capped(response, progress), url)
        finally:
            _close(response)  # at once: a trickling server must not keep the connection after the deadline
    except HTTPError as error:
        if progress is not None:
            progress.headers_done = True
        try:
            error_body = _read_capped(error, progress)
        except (OSError, http_client.HTTPException):
            error_body = b''
        finally:
            _close(error)
        return Response(error.code, _headers_of(error.headers), error_body, url)
    except TransportFailure:
        raise
    except SSLValidationError as error:
        raise TransportFailure(
            'TLS certificate verify failed; set ca_path to the CA bundle that signed the server certificate, '
            'or validate_certs=false for a test server (%s)' % str(error).split('\n', maxsplit=1)[0], retryable=False)
    except URLError as error:
        reason = error.reason
        if isinstance(reason, BaseException):
            raise _describe_os_error(reason, timeout)
        raise TransportFailure('network error: %s' % reason, retryable=True)
    except UrlsConnectionError as error:
        raise TransportFailure('connection failed: %s' % error, retryable=True)
    except (OSError, http_client.HTTPException) as error:
        raise _describe_os_error(error, timeout)


def _close(stream):
    try:
        stream.close()
    except (OSError, http_client.HTTPException, AttributeError):
        pass
