# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Hostile loopback servers (issue 16): no answer outlives its deadline, no hostile JSON gets through.

- Trickles: a raw-socket server below sends the headers at once and then the body a byte at a
  time, or the headers one at a time, for ever. Each read ends within its limit (the timeout per
  attempt, retry_max_time in all) plus a margin, with our message saying which limit passed and
  how much had arrived. Before, the timeout bounded each socket read, not the answer, and a
  read ran for minutes.
- JSON: deep nesting, duplicate keys, 1e400 and NaN from the stand-in are refused with our message
  naming the account and the field, never with Python's.
"""

from __future__ import annotations

import select
import socket
import threading
import time

import pytest

from helpers import TOKEN

from ansible_collections.useapi.accounts.plugins.module_utils._client import UseapiClient
from ansible_collections.useapi.accounts.plugins.module_utils._errors import ApiError

# Seconds past a limit that a read may take: thread hand-over, backoff rounding, a slow CI. These
# are the suite's only wall-clock upper bounds (issue 17 dropped the others; the fake clock in
# tests/unit/.../test__deadline.py pins each allowance): the deadline is the feature under test here,
# and issue 16 asks for it to be shown over real sockets. The bound is met by a thread join with a
# timeout, not by work the machine has to do, so load does not eat into it.
MARGIN = 1.5


class Trickler(object):
    """A loopback server that reads each request and then trickles an answer for as long as the client stays.

    ``mode`` 'body': status line and headers at once (Content-Length 100000), then one body byte
    every ``interval`` seconds. ``mode`` 'headers': the status line, then one header every
    ``interval`` seconds, never the blank line. ``connected`` and ``gone`` record when a connection
    was accepted and when a send to it first failed (the client hung up); ``spans`` how long each
    connection lasted.
    """

    def __init__(self, mode, interval=0.2):
        self.mode, self.interval = mode, interval
        self.connected, self.gone, self.spans = [], [], []
        self.stopping = threading.Event()
        self.sock = socket.socket()
        self.sock.bind(('127.0.0.1', 0))
        self.sock.listen(16)
        self.url = 'http://127.0.0.1:%d/v1/ltxstudio' % self.sock.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self.stopping.is_set():
            try:
                conn, dummy = self.sock.accept()
            except OSError:
                return
            self.connected.append(time.monotonic())
            threading.Thread(target=self._serve, args=(conn, self.connected[-1]), daemon=True).start()

    def _serve(self, conn, accepted):
        try:
            data = b''
            while b'\r\n\r\n' not in data:
                more = conn.recv(4096)
                if not more:
                    return
                data += more
            if self.mode == 'body':
                conn.sendall(b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{')
                piece = b' '
            else:
                conn.sendall(b'HTTP/1.1 200 OK\r\n')
                piece = None
            count = 0
            while not self.stopping.is_set():
                # Wait one interval, watching for the client to hang up (readable, then b'' or a reset).
                if select.select([conn], [], [], self.interval)[0] and not conn.recv(1024):
                    raise ConnectionResetError('the client hung up')
                count += 1
                conn.sendall(piece or b'X-Trickle-%d: %d\r\n' % (count, count))
        except OSError:
            self.gone.append(time.monotonic())
            self.spans.append(self.gone[-1] - accepted)
        finally:
            conn.close()

    def stop(self):
        self.stopping.set()
        self.sock.close()


@pytest.fixture
def trickler():
    servers = []

    def start(mode, interval=0.2):
        servers.append(Trickler(mode, interval))
        return servers[-1]
    yield start
    for server in servers:
        server.stop()


def timed_read(url, **options):
    client = UseapiClient(url, TOKEN, 'ltxstudio', **options)
    started = time.monotonic()
    with pytest.raises(ApiError) as caught:
        client.get_accounts()
    return time.monotonic() - started, caught.value


@pytest.mark.parametrize('mode, got', [
    ('body', 'no complete answer within the timeout of 2 seconds (timed out) after '),
    ('headers', 'no answer within the timeout of 2 seconds (timed out) before the status line and headers had all arrived')])
def test_a_trickle_ends_at_the_timeout_of_each_attempt(trickler, mode, got):
    server = trickler(mode, interval=0.3)
    elapsed, error = timed_read(server.url, timeout=2, retries=1, retry_max_time=20)
    # Two attempts of 2 s each and a backoff of 0.5 to 1 s between them.
    assert 4.5 <= elapsed <= 5 + MARGIN, elapsed
    message = str(error)
    assert got in message, message
    assert 'gave up after 2 attempts' in message and error.attempts == 2 and error.status is None
    if mode == 'body':
        assert ' bytes of the body had arrived' in message
    assert len(server.connected) == 2
    if mode == 'body':
        wait_until_gone(server)  # hung up at the deadline (a header read is abandoned to its thread instead)


@pytest.mark.parametrize('mode', ['body', 'headers'])
def test_retry_max_time_holds_while_reading_not_only_between_attempts(trickler, mode):
    server = trickler(mode, interval=0.3)
    elapsed, error = timed_read(server.url, timeout=30, retries=3, retry_max_time=3)
    assert 3 <= elapsed <= 3 + MARGIN, elapsed
    message = str(error)
    assert 'failed: retry_max_time (3 s) passed during attempt 1, ' in message, message
    assert ('bytes of the body had arrived' if mode == 'body' else 'headers had all arrived') in message
    assert error.attempts == 1 and len(server.connected) == 1
    if mode == 'body':
        wait_until_gone(server)


def test_the_issue_s_case_through_ansible_is_bounded_by_retry_max_time(playbook, trickler):
    """The reported case: timeout=5 retries=1 retry_max_time=20 ran 150 s; now each read ends by its limits."""
    body, headers = trickler('body', interval=1.0), trickler('headers', interval=0.5)
    cases = [dict(name='body', api_url=body.url, timeout=5, retries=1, retry_max_time=20),
             dict(name='headers', api_url=headers.url, timeout=5, retries=1, retry_max_time=20),
             dict(name='budget', api_url=body.url, timeout=30, retries=5, retry_max_time=4)]
    run = playbook('info_limits.yml', extra_vars=dict(cases=cases))
    assert run.data is not None, run.output
    results = dict((result['item']['name'], result) for result in run.data['results'])
    assert 'no complete answer within the timeout of 5.0 seconds (timed out) after ' in results['body']['msg']
    assert 'no answer within the timeout of 5.0 seconds (timed out) before the status line' in results['headers']['msg']
    for name in ('body', 'headers'):
        assert results[name]['failed'] is True and results[name]['attempts'] == 2, results[name]
    assert 'retry_max_time (4.0 s) passed during attempt 1, after ' in results['budget']['msg'], results['budget']['msg']
    assert 'Traceback' not in run.output and TOKEN not in run.output
    # Server side. A body trickle is hung up on at its deadline (5 s; 4 s for the budget). A header
    # trickle is abandoned at its deadline by the module, and the socket closes when the module exits:
    # at the end of its second attempt.
    assert len(body.connected) == 3 and len(headers.connected) == 2
    for server in (headers, body):
        wait_until_gone(server)
    assert all(4 - 0.2 <= span <= 5 + MARGIN for span in body.spans), body.spans
    assert max(headers.gone) - headers.connected[0] <= 2 * 5 + 1 + MARGIN, (headers.connected, headers.gone)


def wait_until_gone(server, timeout=10.0):
    end = time.monotonic() + timeout
    while len(server.gone) < len(server.connected) and time.monotonic() < end:
        time.sleep(0.05)
    assert len(server.gone) == len(server.connected), 'a client connection is still open'


# -- hostile JSON ----------------------------------------------------------------------------------

HOSTILE = {
    'deep nesting': ('[' * 100000 + ']' * 100000, 'nesting deeper than 64 levels'),
    'deep unclosed': ('[' * 100000, 'nesting deeper than 64 levels'),  # never closed, and still not Python's message
    'duplicate keys': ('{"a@example.com": {"email": "a@example.com", "maxJobs": 1},'
                       ' "a@example.com": {"email": "a@example.com", "maxJobs": 2}}',
                       'the key a@example.com appears more than once in the same object at the top level'),
    'duplicate cookie': ('{"a@example.com": {"email": "a@example.com", "cookie": {"lt_token": "SECRETONE",'
                         ' "lt_token": "SECRETTWO"}}}',
                         'the key lt_token appears more than once in the same object at a@example.com > cookie'),
    '1e400': ('{"a@example.com": {"email": "a@example.com", "maxJobs": 1, "tokenExpire": 1e400}}',
              'a number too large to be finite at a@example.com > tokenExpire'),
    'NaN': ('{"a@example.com": {"email": "a@example.com", "maxJobs": NaN}}',
            'the non-JSON constant NaN at a@example.com > maxJobs'),
    'huge integer': ('{"a@example.com": {"email": "a@example.com", "tokenExpire": 1%s}}' % ('0' * 400),
                     'an integer out of range (more than 64 bits) at a@example.com > tokenExpire'),
}


@pytest.mark.parametrize('name', sorted(HOSTILE))
def test_hostile_json_is_refused_by_the_client_with_our_message(standin, name):
    text, expected = HOSTILE[name]
    server = standin('accounts_special.json')
    server.add_fault('body', body=text, content_type='application/json', times=None)
    elapsed, error = timed_read(server.url, timeout=5, retries=0)
    message = str(error)
    assert message.startswith('GET %s/accounts returned HTTP 200 with JSON that is refused: %s' % (server.url, expected)), message
    assert 'recursion' not in message and 'SECRET' not in message and TOKEN not in message


def test_hostile_json_through_ansible_fails_the_task_with_our_message(playbook, standin):
    servers, cases = {}, []
    for name, (text, dummy) in sorted(HOSTILE.items()):
        servers[name] = standin('accounts_special.json')
        servers[name].add_fault('body', body=text, content_type='application/json', times=None)
        cases.append(dict(name=name, api_url=servers[name].url))
    run = playbook('info_limits.yml', extra_vars=dict(cases=cases))
    assert run.data is not None, run.output
    for result in run.data['results']:
        name = result['item']['name']
        assert result['failed'] is True, result
        assert 'with JSON that is refused: %s' % HOSTILE[name][1] in result['msg'], result['msg']
        assert 'recursion' not in result['msg'] and 'Module failed' not in result['msg']
        assert 'accounts' not in result or not result['accounts'], result
    assert 'Traceback' not in run.output and 'SECRET' not in run.output and 'Infinity' not in run.output
