# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Transport over real sockets (issue 4, "Transport"): TLS, proxies from the environment, redirects.

- TLS: an HTTPS stand-in with its own CA (trustme): refused by default with a readable
  "certificate verify failed" message, accepted with ca_path or validate_certs=false.
- Proxies: a small loopback forward proxy (below) records what it forwarded; http_proxy and
  https_proxy are honoured, no_proxy bypasses them.
- Redirects: a redirect to another host (a second stand-in on 127.0.0.2) is not followed, so
  the Authorization header never reaches it; the message says why.
"""

from __future__ import annotations

import http.client
import selectors
import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
import trustme

from helpers import TOKEN

from ansible_collections.useapi.accounts.plugins.module_utils._client import UseapiClient
from ansible_collections.useapi.accounts.plugins.module_utils._errors import ApiError

NO_PROXY_ENV = dict(http_proxy='', https_proxy='', no_proxy='', HTTP_PROXY='', HTTPS_PROXY='', NO_PROXY='')


def by_name(run):
    assert run.data is not None, run
    return dict((result['item']['name'], result) for result in run.data['results'])


@pytest.fixture(scope='module')
def tls(tmp_path_factory):
    """A private CA, a server context for 127.0.0.1/localhost it signed, and the CA as a PEM file."""
    ca = trustme.CA()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert(u'127.0.0.1', u'localhost').configure_cert(context)
    ca_file = tmp_path_factory.mktemp('tls') / 'standin-ca.pem'
    ca.cert_pem.write_to_path(str(ca_file))

    class Tls(object):
        pass
    result = Tls()
    result.ca, result.context, result.ca_path = ca, context, str(ca_file)
    return result


# -- TLS ------------------------------------------------------------------------------------------

def test_tls_default_refuses_an_unknown_ca_and_ca_path_or_validate_certs_false_accept(playbook, standin, tls, tmp_path):
    server = standin('accounts_special.json', ssl_context=tls.context)
    assert server.url.startswith('https://127.0.0.1:')
    cases = [dict(name='default', api_url=server.url),
             dict(name='ca_path', api_url=server.url, ca_path=tls.ca_path),
             dict(name='validate_certs false', api_url=server.url, validate_certs=False)]
    run = playbook('info_cases.yml', token=TOKEN, env=NO_PROXY_ENV, extra_vars=dict(cases=cases))
    results = by_name(run)
    refused = results['default']
    assert refused['failed'] is True
    assert refused['msg'].startswith(
        'GET %s/accounts failed: TLS certificate verify failed' % server.url), refused['msg']
    assert 'set ca_path to the CA bundle that signed the server certificate' in refused['msg']
    assert refused['status'] is None and refused['attempts'] == 1
    for name in ('ca_path', 'validate_certs false'):
        assert results[name].get('failed') is not True, results[name]
        assert results[name]['count'] == 5
    assert 'Traceback' not in run.output
    # Only the two accepted connections got as far as an HTTP request, each with the token.
    assert [request.bearer_is(TOKEN) for request in server.requests] == [True, True]


def test_tls_certificate_for_another_name_is_refused_even_with_the_right_ca(standin, tls):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.ca.issue_cert(u'api.example.test').configure_cert(context)
    server = standin('accounts_special.json', ssl_context=context)
    with pytest.raises(ApiError) as caught:
        UseapiClient(server.url, TOKEN, 'ltxstudio', timeout=5, retries=2, ca_path=tls.ca_path).get_accounts()
    assert 'TLS certificate verify failed' in str(caught.value)
    assert 'not valid for the host name in api_url' in str(caught.value)
    assert "IP address mismatch" in str(caught.value) or 'hostname' in str(caught.value).lower()
    assert caught.value.attempts == 1, 'a certificate problem is not retried'
    assert server.requests == []


def test_plain_http_to_an_https_port_fails_cleanly(standin, tls):
    server = standin('accounts_special.json', ssl_context=tls.context)
    with pytest.raises(ApiError) as caught:
        UseapiClient(server.url.replace('https://', 'http://'), TOKEN, 'ltxstudio', timeout=2, retries=0).get_accounts()
    assert str(caught.value).startswith('GET http://127.0.0.1:')
    assert TOKEN not in str(caught.value)


# -- proxies from the environment ------------------------------------------------------------------

class LoopbackProxy(object):
    """A small HTTP forward proxy on 127.0.0.1 that records every request it forwards.

    Absolute-URL requests (``GET http://host:port/path``) are forwarded with their headers;
    ``CONNECT host:port`` opens a tunnel (HTTPS through the proxy). ``records`` holds dicts
    with ``method``, ``target`` (the absolute URL or host:port) and ``headers`` (lower-cased).
    """

    def __init__(self):
        self.records = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = 'HTTP/1.0'

            def log_message(self, format, *args):  # pylint: disable=redefined-builtin
                pass

            def _record(self):
                proxy.records.append(dict(method=self.command, target=self.path,
                                          headers=dict((k.lower(), v) for k, v in self.headers.items())))

            def _forward(self):
                self._record()
                target = urlsplit(self.path)
                length = int(self.headers.get('Content-Length') or 0)
                body = self.rfile.read(length) if length else None
                hop_by_hop = ('proxy-connection', 'connection', 'keep-alive', 'proxy-authorization')
                headers = dict((k, v) for k, v in self.headers.items() if k.lower() not in hop_by_hop)
                upstream = http.client.HTTPConnection(target.hostname, target.port or 80, timeout=10)
                try:
                    upstream.request(self.command, target.path + ('?' + target.query if target.query else ''),
                                     body=body, headers=headers)
                    answer = upstream.getresponse()
                    data = answer.read()
                finally:
                    upstream.close()
                self.send_response(answer.status, answer.reason)
                for name, value in answer.getheaders():
                    if name.lower() not in ('connection', 'transfer-encoding', 'content-length', 'server', 'date'):
                        self.send_header(name, value)
                self.send_header('Content-Length', str(len(data)))
                self.send_header('Connection', 'close')
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_DELETE = do_HEAD = _forward

            def do_CONNECT(self):  # pylint: disable=invalid-name
                self._record()
                host, port = self.path.rsplit(':', 1)
                upstream = socket.create_connection((host, int(port)), timeout=10)
                self.send_response(200, 'Connection established')
                self.end_headers()
                self.wfile.flush()
                client = self.connection
                selector = selectors.DefaultSelector()
                selector.register(client, selectors.EVENT_READ, upstream)
                selector.register(upstream, selectors.EVENT_READ, client)
                try:
                    while True:
                        events = selector.select(timeout=10)
                        if not events:
                            return
                        for key, dummy in events:
                            data = key.fileobj.recv(65536)
                            if not data:
                                return
                            key.data.sendall(data)
                finally:
                    selector.close()
                    upstream.close()
                    self.close_connection = True

        self.server = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        self.server.daemon_threads = True
        self.url = 'http://127.0.0.1:%d' % self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs=dict(poll_interval=0.05), daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def proxy():
    started = LoopbackProxy()
    yield started
    started.stop()


def test_proxies_from_the_environment_are_honoured_and_no_proxy_bypasses_them(playbook, standin, proxy, tls, tmp_path):
    """One run, one environment: http_proxy/https_proxy point at the loopback proxy, no_proxy=localhost.

    - http://127.0.0.1:PORT goes through the proxy as an absolute-URL GET;
    - https://127.0.0.1:PORT goes through it as a CONNECT tunnel (the proxy never sees the token);
    - http://localhost:PORT is in no_proxy: straight to the stand-in, the proxy sees nothing.
    """
    plain = standin('accounts_special.json')
    secure = standin('accounts_special.json', ssl_context=tls.context)
    bypass = standin('accounts_special.json')
    bypass_url = bypass.url.replace('127.0.0.1', 'localhost')
    cases = [dict(name='http via proxy', api_url=plain.url),
             dict(name='https via proxy', api_url=secure.url, ca_path=tls.ca_path),
             dict(name='no_proxy', api_url=bypass_url)]
    env = dict(NO_PROXY_ENV, http_proxy=proxy.url, https_proxy=proxy.url, no_proxy='localhost')
    run = playbook('info_cases.yml', token=TOKEN, env=env, extra_vars=dict(cases=cases))
    results = by_name(run)
    for name, result in results.items():
        assert result.get('failed') is not True and result['count'] == 5, (name, result)

    forwarded = [(record['method'], record['target']) for record in proxy.records]
    assert forwarded == [('GET', plain.url + '/accounts'), ('CONNECT', '127.0.0.1:%d' % secure.port)], forwarded
    # Plain HTTP through a proxy: the proxy sees the request, header included (inherent to http).
    assert proxy.records[0]['headers'].get('authorization') == 'Bearer ' + TOKEN
    assert TOKEN not in proxy.records[0]['target']
    # HTTPS through a proxy: only "CONNECT host:port"; the token stays inside TLS.
    assert 'authorization' not in proxy.records[1]['headers']
    assert TOKEN not in str(proxy.records[1])
    for server in (plain, secure, bypass):
        assert len(server.requests) == 1 and server.requests[0].authorized
    assert bypass_url.split('//')[1].split('/')[0] not in str(proxy.records)


def test_an_unreachable_proxy_fails_with_a_clear_message(standin, monkeypatch):
    server = standin('accounts_special.json')
    holder = socket.socket()
    holder.bind(('127.0.0.1', 0))  # bound, never listening: connection refused
    try:
        monkeypatch.setenv('http_proxy', 'http://127.0.0.1:%d' % holder.getsockname()[1])
        monkeypatch.setenv('no_proxy', '')
        with pytest.raises(ApiError) as caught:
            UseapiClient(server.url, TOKEN, 'ltxstudio', timeout=2, retries=0).get_accounts()
    finally:
        holder.close()
    assert 'connection refused' in str(caught.value)
    assert server.requests == []


# -- redirects -------------------------------------------------------------------------------------

def test_a_redirect_to_another_host_is_not_followed_and_says_why(playbook, standin):
    elsewhere = standin('accounts_special.json', host='127.0.0.2', token=None)
    server = standin('accounts_special.json')
    server.add_fault('redirect', location=elsewhere.url + '/accounts', status=302, times=None)
    run = playbook('info.yml', url=server.url, env=NO_PROXY_ENV)
    result = run.data['result']
    assert result['failed'] is True
    assert result['msg'] == (
        'GET %s/accounts was redirected (HTTP 302) to %s/accounts; the collection does not follow redirects '
        'to another host or for writes, so the API token is never sent elsewhere. Set api_url to the final '
        'address.' % (server.url, elsewhere.url)), result['msg']
    assert result['status'] == 302
    assert elsewhere.requests == [], 'the other host was called: %r' % [r.to_dict() for r in elsewhere.requests]
    assert len(server.requests) == 1
    assert TOKEN not in run.output


@pytest.mark.parametrize('status', [301, 302, 303, 307, 308])
def test_no_redirect_status_carries_the_token_to_another_host(standin, status):
    elsewhere = standin('accounts_special.json', host='127.0.0.2', token=None)
    server = standin('accounts_special.json')
    server.add_fault('redirect', location=elsewhere.url + '/accounts', status=status, times=None)
    with pytest.raises(ApiError) as caught:
        UseapiClient(server.url, TOKEN, 'ltxstudio', timeout=2, retries=2).get_accounts()
    assert 'was redirected (HTTP %d)' % status in str(caught.value)
    assert elsewhere.requests == []


def test_a_redirect_to_another_port_or_scheme_on_the_same_host_is_not_followed(standin, tls):
    other_port = standin('accounts_special.json', token=None)
    server = standin('accounts_special.json')
    server.add_fault('redirect', location=other_port.url + '/accounts', times=None)
    with pytest.raises(ApiError) as caught:
        UseapiClient(server.url, TOKEN, 'ltxstudio', timeout=2).get_accounts()
    assert 'does not follow redirects to another host' in str(caught.value)
    assert other_port.requests == []

    secure = standin('accounts_special.json', ssl_context=tls.context)
    downgrade = 'http://127.0.0.1:%d/v1/ltxstudio/accounts' % secure.port
    secure.add_fault('redirect', location=downgrade, times=None)
    with pytest.raises(ApiError) as caught:
        UseapiClient(secure.url, TOKEN, 'ltxstudio', timeout=2, ca_path=tls.ca_path).get_accounts()
    assert 'redirected (HTTP 302) to %s' % downgrade in str(caught.value)
    assert len(secure.requests) == 1


def test_a_write_is_never_redirected_even_on_the_same_host(standin):
    server = standin(fixture=None)
    server.add_fault('redirect', location=server.url + '/accounts?again=1', method='POST', status=307, times=None)
    with pytest.raises(ApiError) as caught:
        client = UseapiClient(server.url, TOKEN, 'ltxstudio', timeout=2)
        client.send('POST', client.accounts_url(), {'cookie': 'lt_id=a; lt_token=b; lt_refresh_token=c', 'maxJobs': 5})
    assert 'POST %s/accounts was redirected (HTTP 307)' % server.url in str(caught.value)
    assert [request.method for request in server.requests] == ['POST']


def test_a_same_origin_redirect_is_followed_and_a_loop_is_cut(standin):
    server = standin('accounts_special.json')
    server.add_fault('redirect', location='/v1/ltxstudio/accounts?moved=1', path='/accounts', times=1)
    assert len(UseapiClient(server.url, TOKEN, 'ltxstudio', timeout=2).get_accounts()) == 5
    assert [request.path for request in server.requests] == ['/v1/ltxstudio/accounts', '/v1/ltxstudio/accounts?moved=1']
    assert all(request.authorized for request in server.requests)

    server.clear_requests()
    server.add_fault('redirect', location='/v1/ltxstudio/accounts?loop=1', times=None)
    with pytest.raises(ApiError) as caught:
        UseapiClient(server.url, TOKEN, 'ltxstudio', timeout=2).get_accounts()
    assert 'more than 5 redirects' in str(caught.value)
    assert len(server.requests) == 6
