# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reading a body under the size cap, with fake streams (the socket paths are in tests/integration)."""

from __future__ import annotations

import pytest

from ansible_collections.useapi.accounts.plugins.module_utils import _http
from ansible_collections.useapi.accounts.plugins.module_utils._http import TransportFailure


class Stream(object):
    """An http.client-like response: ``length`` is what Content-Length still owes (None: not announced)."""

    def __init__(self, data, length=None):
        self.data = data
        self.length = length
        self.reads = 0

    def read(self, amount):
        self.reads += 1
        chunk, self.data = self.data[:amount], self.data[amount:]
        if self.length is not None:
            self.length -= len(chunk)
        return chunk


@pytest.fixture
def small_cap(monkeypatch):
    monkeypatch.setattr(_http, 'MAX_RESPONSE_BYTES', 1000)


def test_an_announced_oversized_body_is_refused_before_it_is_read(small_cap):
    stream = Stream(b'x' * 2000, length=1001)
    with pytest.raises(TransportFailure) as caught:
        _http._read_capped(stream)
    assert stream.reads == 0
    assert not caught.value.retryable
    assert 'larger than 0 MiB (the server announced 1001 bytes)' in caught.value.message


def test_an_unannounced_oversized_body_is_refused_once_the_cap_is_passed(small_cap):
    stream = Stream(b'x' * 5000)
    with pytest.raises(TransportFailure) as caught:
        _http._read_capped(stream)
    assert not caught.value.retryable
    assert 'refusing to parse it' in caught.value.message
    assert len(stream.data) >= 5000 - 1001  # it stopped reading just past the cap


@pytest.mark.parametrize('length', [None, 1000])
def test_a_body_at_the_cap_is_read_whole(small_cap, length):
    assert _http._read_capped(Stream(b'y' * 1000, length=length)) == b'y' * 1000


def test_a_body_shorter_than_announced_is_a_retryable_truncation(small_cap):
    stream = Stream(b'{"a": 1', length=100)
    with pytest.raises(TransportFailure) as caught:
        _http._read_capped(stream)
    assert caught.value.retryable
    assert 'truncated answer' in caught.value.message


# -- issue 20: a corrupt or cut gzip body is the server's fault, not the network's -----------------

def gzip_stream(data):
    """The body as ansible's open_url hands it over for Content-Encoding: gzip (a GzipFile over the bytes)."""
    import gzip
    import io
    return gzip.GzipFile(fileobj=io.BytesIO(data), mode='rb')


def test_a_gzip_body_is_read_decompressed():
    import gzip
    assert _http._read_capped(gzip_stream(gzip.compress(b'{"a": 1}'))) == b'{"a": 1}'


# mtime=0 and ids: the parameters must be the same in every pytest-xdist worker (gzip stamps the time).
@pytest.mark.parametrize('data, what', [
    (__import__('gzip').compress(b'{"a@example.com": {"maxJobs": 1}}' * 50, mtime=0)[:-30], 'cut short'),
    (b'\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03' + b'\xff' * 64, 'corrupt'),
    (b'this is not gzip at all', 'corrupt'),
], ids=['cut', 'corrupt-deflate', 'not-gzip'])
def test_a_broken_gzip_body_is_our_error_and_not_retried(data, what):
    with pytest.raises(TransportFailure) as caught:
        _http._read_capped(gzip_stream(data))
    assert caught.value.message.startswith('invalid compressed body: ')
    assert what in caught.value.message
    assert not caught.value.retryable
