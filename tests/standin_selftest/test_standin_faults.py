"""The stand-in's faults (HTTP and socket level), TLS, stopping, and its command line. Real sockets."""

from __future__ import annotations

import http.client
import json
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time

import pytest
import requests
import trustme

from helpers import FIXTURES, TESTS, wait_for
from standin import StandIn

TOKEN = "test-token"
AUTH = {"Authorization": "Bearer " + TOKEN}


@pytest.fixture(name="srv")
def fixture_srv():
    server = StandIn(accounts=FIXTURES / "accounts_healthy.json")
    with server:
        yield server
    assert server.errors == []


@pytest.fixture(name="http")
def fixture_http():
    with requests.Session() as session:
        session.headers.update(AUTH)
        yield session


def test_status_faults_match_method_path_and_count(srv, http):
    srv.add_fault("status", times=2, method="GET", path="/accounts", status=503)
    srv.add_fault("status", status=596, path="alice", body={"error": "Account a@b in error state", "code": 596})
    assert http.post(srv.url + "/accounts", json={"cookie": "lt_id=a; lt_token=b; lt_refresh_token=c"}).ok
    assert [http.get(srv.url + "/accounts").status_code for dummy in range(3)] == [503, 503, 200]
    odd = http.get(srv.url + "/accounts/alice.producer%40example.com")
    assert (odd.status_code, odd.reason, odd.json()["code"]) == (596, "", 596)  # no reason phrase, as useapi.net
    assert http.get(srv.url + "/accounts/alice.producer%40example.com").status_code == 200
    srv.add_fault("status", times=None, status=500, body="<h1>oops</h1>", content_type="text/html",
                  headers={"Retry-After": "7"})
    for dummy in range(2):
        answer = http.get(srv.service_url("kling") + "/accounts")
        assert (answer.status_code, answer.text, answer.headers["Retry-After"]) == (500, "<h1>oops</h1>", "7")
    srv.clear_faults()
    srv.add_fault("status", status=502)
    assert requests.get(srv.url + "/accounts", timeout=10).status_code == 502  # faults come before auth
    default = srv.add_fault("status")
    assert http.get(srv.url + "/accounts").json() == {"error": "Service Unavailable", "code": 503}
    assert default.to_dict()["params"]["status"] == 503
    with pytest.raises(ValueError):
        srv.add_fault("nonsense")
    with pytest.raises(ValueError):
        srv.add_fault("rate_limit", retry_afterr=3)
    with pytest.raises(ValueError):
        srv.add_fault("close", times=0)


def test_rate_limits_say_when_to_retry(srv, http):
    for value in ("2", "Wed, 21 Oct 2015 07:28:00 GMT", 3.0, None):
        srv.add_fault("rate_limit", retry_after=value)
    answers = [http.get(srv.url + "/accounts") for dummy in range(4)]
    assert [a.status_code for a in answers] == [429] * 4 and answers[0].json() == {"error": "Too many requests", "code": 429}
    assert [a.headers.get("Retry-After") for a in answers] == ["2", "Wed, 21 Oct 2015 07:28:00 GMT", "3", None]


def test_odd_bodies_redirects_and_delay(srv, http):
    srv.add_fault("body", status=502, body="<html><body>Bad gateway</body></html>")
    srv.add_fault("body")
    srv.add_fault("body", body=b'{"alice@example.com": {"email": ', content_type="application/json")
    srv.add_fault("redirect", location="https://elsewhere.example/steal")
    srv.add_fault("redirect", location="/v1/ltxstudio/accounts?moved=1", status=307)
    html = http.get(srv.url + "/accounts")
    assert (html.status_code, html.headers["Content-Type"]) == (502, "text/html; charset=utf-8")
    assert http.get(srv.url + "/accounts").content == b""
    assert http.get(srv.url + "/accounts").content == b'{"alice@example.com": {"email": '
    moved = http.get(srv.url + "/accounts", allow_redirects=False)
    assert (moved.status_code, moved.headers["Location"]) == (302, "https://elsewhere.example/steal")
    followed = http.get(srv.url + "/accounts")
    assert followed.status_code == 200 and srv.requests[-1].path == "/v1/ltxstudio/accounts?moved=1"
    srv.add_fault("delay", seconds=0.3)
    started = time.monotonic()
    assert http.get(srv.url + "/accounts").status_code == 200
    assert time.monotonic() - started >= 0.25


def test_socket_faults_then_the_same_url_recovers(srv, http):
    srv.add_fault("close")
    with pytest.raises(requests.exceptions.ConnectionError):
        http.get(srv.url + "/accounts")
    srv.add_fault("hang")
    with pytest.raises(requests.exceptions.ReadTimeout):
        http.get(srv.url + "/accounts", timeout=0.5)
    srv.add_fault("body", body='{"a": 1', content_type="application/json", content_length=100)
    with pytest.raises(requests.exceptions.ChunkedEncodingError):  # fewer bytes than announced, then EOF
        http.get(srv.url + "/accounts")
    assert http.get(srv.url + "/accounts").status_code == 200
    assert [r.path for r in srv.requests] == ["/v1/ltxstudio/accounts"] * 4  # faulted requests are recorded too


@pytest.mark.parametrize("size_mb, valid", [(1, True), (0.25, False), (0.000001, True), (3, True)])
def test_big_bodies_have_exactly_the_announced_size(srv, size_mb, valid):
    srv.add_fault("big", size_mb=size_mb, valid=valid)
    connection = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=30)
    connection.request("GET", "/v1/ltxstudio/accounts", headers=AUTH)
    answer = connection.getresponse()
    body = answer.read()
    connection.close()
    size = max(int(size_mb * 1024 * 1024), 2 if valid else 0)
    assert (answer.status, len(body), int(answer.headers["Content-Length"])) == (200, size, size)
    if valid:
        assert isinstance(json.loads(body), dict)
    else:
        assert body.startswith(b'{"padding":"xx') and not body.endswith(b"}")


def test_a_big_body_need_not_announce_its_size(srv):
    srv.add_fault("big", size_mb=0.5, announce=False)
    connection = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=30)
    connection.request("GET", "/v1/ltxstudio/accounts", headers=AUTH)
    answer = connection.getresponse()
    body = answer.read()  # until the stand-in closes the connection
    connection.close()
    assert answer.headers["Content-Length"] is None
    assert (answer.status, len(body)) == (200, 512 * 1024)
    assert isinstance(json.loads(body), dict)


def test_stop_lets_a_hung_request_go():
    server = StandIn(accounts=FIXTURES / "accounts_healthy.json").start()
    server.add_fault("hang", times=None)
    outcome = {}

    def call():
        try:
            requests.get(server.url + "/accounts", headers=AUTH, timeout=300)
        except requests.exceptions.RequestException as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=call, daemon=True)
    thread.start()
    wait_for(lambda: server.requests, what="the hung request to arrive")
    server.stop()
    thread.join(60)
    assert not thread.is_alive(), "the client was still waiting after stop()"
    assert isinstance(outcome.get("error"), requests.exceptions.ConnectionError)
    server.stop()  # twice is fine
    assert server.errors == []


def test_https_with_a_private_ca(tmp_path):
    ca = trustme.CA()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    with StandIn(accounts=FIXTURES / "accounts_special.json", ssl_context=context) as server:
        assert server.url.startswith("https://127.0.0.1:")
        answer = requests.get(server.url + "/accounts", headers=AUTH, verify=str(ca_file), timeout=10)
        assert "zoë.müller@example.com" in answer.json()
        with pytest.raises(requests.exceptions.SSLError):  # the default trust store refuses the test CA
            requests.get(server.url + "/accounts", headers=AUTH, timeout=10)
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as plain:  # plain HTTP to TLS
            plain.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            try:
                assert not plain.recv(100).startswith(b"HTTP/")
            except ConnectionResetError:
                pass
        assert requests.get(server.url + "/accounts", headers=AUTH, verify=str(ca_file), timeout=10).ok
    assert server.errors == []


# -- the command line ------------------------------------------------------------------------------


def start_cli(tmp_path, *args):
    port_file = tmp_path / "port"
    process = subprocess.Popen([sys.executable, "-m", "standin", "--port-file", str(port_file), *args],
                               cwd=str(TESTS), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_for(lambda: port_file.exists() or process.poll() is not None, what="the port file")
    if not port_file.exists():
        pytest.fail("the stand-in did not start: %s" % (process.communicate(),))
    return process, int(port_file.read_text()), port_file


def test_cli_serves_fixtures_and_generated_accounts_until_sigterm(tmp_path):
    process, port, port_file = start_cli(
        tmp_path, "--service", "ltxstudio=fixtures/accounts_mixed.json", "--service", "kling=fixtures/kling/mixed.json",
        "--generate", "dreamina=120", "--token", "cli-token", "--now", "2025-06-03T12:13:14Z")
    try:
        base, auth = "http://127.0.0.1:%d" % port, {"Authorization": "Bearer cli-token"}
        assert requests.get(base + "/v1/ltxstudio/accounts", timeout=10).status_code == 401
        mixed = requests.get(base + "/v1/ltxstudio/accounts", headers=auth, timeout=10).json()
        assert mixed["intern.pool@example.com"]["tokenExpireUTC"] == "2025-06-01T12:13:14.000Z"
        assert len(requests.get(base + "/v1/kling/accounts", headers=auth, timeout=10).json()) == 5
        assert len(requests.get(base + "/v1/dreamina/accounts", headers=auth, timeout=10).json()) == 120
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=60)
    assert (process.returncode, out, err) == (0, "stand-in listening on http://127.0.0.1:%d\n" % port, "")
    assert not port_file.exists()


def test_cli_quiet_and_a_bad_fixture(tmp_path):
    process, port, dummy = start_cli(tmp_path, "--quiet", "--generate", "ltxstudio=3")
    process.send_signal(signal.SIGINT)
    assert process.communicate(timeout=60) == ("", "") and process.returncode == 0
    bad = subprocess.run([sys.executable, "-m", "standin", "--service", "kling=missing.json"], cwd=str(TESTS),
                         capture_output=True, text=True, timeout=60, check=False)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and "missing.json" in bad.stderr
    unknown = subprocess.run([sys.executable, str(TESTS / "standin"), "--service", "nope=x.json"],
                             capture_output=True, text=True, timeout=60, check=False)
    assert unknown.returncode == 2 and "NAME one of ltxstudio" in unknown.stderr
