"""Self-tests of the LTX Studio accounts API stand-in (tests/standin/ltxstudio_standin.py)."""

from __future__ import annotations

import json
import os
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import quote

import pytest
import requests

from standin.ltxstudio_standin import (
    SECURED,
    StandIn,
    epoch_ms,
    generate_accounts,
    iso_utc,
    render_placeholders,
)

TESTS_DIR = Path(__file__).resolve().parent.parent
FIXTURES = TESTS_DIR / "fixtures"
SCRIPT = TESTS_DIR / "standin" / "ltxstudio_standin.py"
NOW = datetime(2025, 6, 3, 12, 13, 14, tzinfo=timezone.utc)
TOKEN = "test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
COOKIE = "lt_id=user777; lt_token=tok-abc; lt_refresh_token=ref-xyz"


@pytest.fixture(name="srv")
def fixture_srv():
    server = StandIn(accounts=FIXTURES / "accounts_healthy.json", now=NOW)
    with server:
        yield server
    assert server.errors == []


@pytest.fixture(name="http")
def fixture_http():
    with requests.Session() as session:
        session.headers.update(AUTH)
        yield session


def ms(moment):
    return epoch_ms(moment)


# ---------------------------------------------------------------- placeholders


def test_render_placeholders_units_and_keys():
    data = {
        "a": {"updated": "@now", "updatedUTC": "@now", "tokenExpire": "@now+1w2d3h4m5s",
              "tokenExpireUTC": "@now-2h", "keep": "now", "other": "@nowhere", "n": 5},
        "list": ["@now+1s"],
    }
    out = render_placeholders(data, NOW)
    delta = timedelta(weeks=1, days=2, hours=3, minutes=4, seconds=5)
    assert out["a"]["updated"] == ms(NOW)
    assert out["a"]["updatedUTC"] == "2025-06-03T12:13:14.000Z"
    assert out["a"]["tokenExpire"] == ms(NOW + delta)
    assert out["a"]["tokenExpireUTC"] == "2025-06-03T10:13:14.000Z"
    assert out["a"]["keep"] == "now" and out["a"]["other"] == "@nowhere" and out["a"]["n"] == 5
    assert out["list"] == [ms(NOW) + 1000]
    assert data["a"]["updated"] == "@now"  # input untouched
    with pytest.raises(ValueError):
        render_placeholders({"x": "@now+3x"}, NOW)


def test_iso_and_ms_formats():
    moment = datetime(2025, 7, 3, 12, 13, 14, 123456, tzinfo=timezone.utc)
    assert iso_utc(moment) == "2025-07-03T12:13:14.123Z"
    assert epoch_ms(datetime(1970, 1, 1, 0, 0, 1, tzinfo=timezone.utc)) == 1000


def test_load_fixtures_render_now():
    healthy = StandIn.load_fixture(FIXTURES / "accounts_healthy.json", now=NOW)
    assert len(healthy) == 3
    for account in healthy.values():
        expire = account.get("tokenExpire")
        if expire is None:
            expire = ms(datetime.fromisoformat(account["tokenExpireUTC"].replace("Z", "+00:00")))
        assert ms(NOW + timedelta(days=30)) <= expire <= ms(NOW + timedelta(days=90))
    assert any("tokenExpire" in a and "updated" in a for a in healthy.values())

    mixed = StandIn.load_fixture(FIXTURES / "accounts_mixed.json", now=NOW)
    assert len(mixed) == 6
    expires = {e: a.get("tokenExpireUTC") for e, a in mixed.items()}
    assert iso_utc(NOW + timedelta(days=3)) in expires.values()
    assert iso_utc(NOW - timedelta(days=2)) in expires.values()
    assert sum("error" in a for a in mixed.values()) == 1
    assert any(not ({"tokenExpire", "tokenExpireUTC"} & set(a)) for a in mixed.values())

    special = StandIn.load_fixture(FIXTURES / "accounts_special.json", now=NOW)
    assert "video+render@example.com" in special and "zoë.müller@example.com" in special
    raw = special["raw.cookie@example.com"]
    assert raw["cookie"]["lt_token"] == "RAW-TOKEN-CANARY-1"
    assert raw["cookie"]["lt_session"] == "RAW-SESSION-CANARY-1"
    assert raw["region"] == "eu"
    assert set(special["ms.only@example.com"]) >= {"updated", "tokenExpire"}
    assert not {"updatedUTC", "tokenExpireUTC"} & set(special["ms.only@example.com"])
    assert not {"updated", "tokenExpire"} & set(special["utc.only@example.com"])


# ---------------------------------------------------------------- endpoints


def test_url_and_list_accounts(srv, http):
    assert srv.url == f"http://127.0.0.1:{srv.port}/v1/ltxstudio"
    resp = http.get(srv.url + "/accounts")
    assert resp.status_code == 200
    assert resp.headers["Content-Type"] == "application/json; charset=utf-8"
    assert int(resp.headers["Content-Length"]) == len(resp.content)
    body = resp.json()
    assert body == srv.accounts
    assert body["alice.producer@example.com"]["tokenExpireUTC"] == iso_utc(NOW + timedelta(days=35))
    assert body["alice.producer@example.com"]["cookie"]["lt_token"] == SECURED


@pytest.mark.parametrize("headers", [
    {}, {"Authorization": "Bearer wrong"}, {"Authorization": "bearer test-token"},
    {"Authorization": "Bearer  test-token"}, {"Authorization": "test-token"},
])
def test_auth_required(srv, headers):
    resp = requests.get(srv.url + "/accounts", headers=headers, timeout=5)
    assert resp.status_code == 401
    assert resp.json() == {"error": "Unauthorized", "code": 401}
    assert srv.requests[-1].authorized is False


@pytest.mark.parametrize("accounts", [None, {}])
def test_no_configuration(accounts, http):
    with StandIn(accounts=accounts) as server:
        resp = http.get(server.url + "/accounts")
    assert resp.status_code == 404
    assert resp.json() == {"error": "Configuration not found. To create configuration use POST /accounts.",
                           "code": 404}


def test_get_one_account_special_addresses(http):
    with StandIn(accounts=FIXTURES / "accounts_special.json", now=NOW) as server:
        for path in ("video%2Brender%40example.com", "video+render@example.com"):
            resp = http.get(f"{server.url}/accounts/{path}")
            assert resp.status_code == 200, path
            body = resp.json()
            assert body["email"] == "video+render@example.com"
            assert body["balance"] == {"LTXStudio_token": 150}
            assert isinstance(body["latestCreatedAtMs"]["LTXStudio_token"], int)
        resp = http.get(f"{server.url}/accounts/{quote('zoë.müller@example.com', safe='')}")
        assert resp.status_code == 200 and resp.json()["email"] == "zoë.müller@example.com"
        assert "balance" not in server.accounts["zoë.müller@example.com"]  # state untouched
        server.accounts["ms.only@example.com"]["balance"] = {"LTXStudio_token": 7}
        assert http.get(f"{server.url}/accounts/ms.only%40example.com").json()["balance"] == {"LTXStudio_token": 7}
        resp = http.get(f"{server.url}/accounts/nobody%40example.com")
        assert resp.status_code == 404
        assert resp.json() == {"error": "Account configuration not found for the specified email address.",
                               "code": 404}
        assert http.get(f"{server.url}/accounts/%FF%FE").status_code == 404
        # raw fixture values are served verbatim, for the client to mask
        raw = http.get(server.url + "/accounts").json()["raw.cookie@example.com"]
        assert raw["cookie"]["lt_refresh_token"] == "RAW-REFRESH-CANARY-1" and raw["region"] == "eu"


def test_post_creates_and_updates(srv, http):
    srv.identities["user777"] = "new.person@example.com"
    resp = http.post(srv.url + "/accounts", json={"cookie": COOKIE, "maxJobs": 7})
    assert resp.status_code == 200
    account = resp.json()
    expire = NOW + timedelta(days=30)
    assert account == {
        "email": "new.person@example.com",
        "cookie": {"lt_id": "user777", "lt_token": SECURED, "lt_refresh_token": SECURED},
        "maxJobs": 7, "updated": ms(NOW), "updatedUTC": "2025-06-03T12:13:14.000Z",
        "tokenExpire": ms(expire), "tokenExpireUTC": "2025-07-03T12:13:14.000Z",
    }
    assert srv.accounts["new.person@example.com"] == account
    assert srv.received_cookies["new.person@example.com"] == COOKIE
    # update of an existing account found by lt_id; error cleared; maxJobs defaults to 20
    srv.accounts["alice.producer@example.com"]["error"] = "Session refresh failed"
    srv.accounts["alice.producer@example.com"]["region"] = "eu"
    cookie = "lt_id=user12345; lt_token=t2; lt_refresh_token=r2; extra=x"
    account = http.post(srv.url + "/accounts", json={"cookie": cookie}).json()
    assert account["email"] == "alice.producer@example.com"
    assert account["maxJobs"] == 20 and "error" not in account and account["region"] == "eu"
    assert account["cookie"] == {"lt_id": "user12345", "lt_token": SECURED, "lt_refresh_token": SECURED,
                                 "extra": SECURED}
    # unknown lt_id: a made-up address
    account = http.post(srv.url + "/accounts", json={"cookie": "lt_id=zz9; lt_token=a; lt_refresh_token=b"}).json()
    assert account["email"] == "zz9@standin.example"
    assert srv.requests[-1].json()["cookie"].startswith("lt_id=zz9")


def test_post_form_and_multipart(srv, http):
    resp = http.post(srv.url + "/accounts", data={"cookie": COOKIE, "maxJobs": "3"})
    assert resp.status_code == 200 and resp.json()["maxJobs"] == 3
    assert srv.received_cookies["user777@standin.example"] == COOKIE
    resp = http.post(srv.url + "/accounts", files={"cookie": (None, COOKIE), "maxJobs": (None, "4")})
    assert resp.status_code == 200 and resp.json()["maxJobs"] == 4


@pytest.mark.parametrize("kwargs, message", [
    ({"data": b"{not json", "headers": {"Content-Type": "application/json"}}, None),
    ({"json": ["cookie"]}, None),
    ({"json": {"maxJobs": 3}}, None),
    ({"json": {"cookie": "lt_id=a"}}, "Missing required cookie fields: lt_token | lt_refresh_token"),
    ({"json": {"cookie": "lt_id=a; lt_token=b"}}, "Missing required cookie fields: lt_refresh_token"),
    ({"json": {"cookie": COOKIE, "maxJobs": 0}}, None),
    ({"json": {"cookie": COOKIE, "maxJobs": 101}}, None),
    ({"json": {"cookie": COOKIE, "maxJobs": "5"}}, None),
    ({"json": {"cookie": COOKIE, "maxJobs": True}}, None),
])
def test_post_bad_requests(srv, http, kwargs, message):
    resp = http.post(srv.url + "/accounts", **kwargs)
    assert resp.status_code == 400
    body = resp.json()
    assert body["code"] == 400 and body["error"]
    if message:
        assert body["error"] == message
    assert srv.received_cookies == {}


def test_post_subscription_required(http):
    with StandIn(accounts=None, subscription=False) as server:
        resp = http.post(server.url + "/accounts", json={"cookie": COOKIE})
        assert resp.status_code == 402
        assert resp.json() == {"error": "Subscription required", "code": 402}
        assert server.accounts is None


def test_delete(srv, http):
    resp = http.delete(srv.url + "/accounts/bob.editor%40example.com")
    assert resp.status_code == 204 and resp.content == b""
    assert "bob.editor@example.com" not in srv.accounts
    assert http.delete(srv.url + "/accounts/bob.editor%40example.com").status_code == 404
    srv.delete_status = 200
    resp = http.delete(srv.url + "/accounts/alice.producer@example.com")
    assert resp.status_code == 200
    assert resp.json() == {"account": "alice.producer@example.com", "deleted": True}
    http.delete(srv.url + "/accounts/carol.studio@example.com")
    assert http.get(srv.url + "/accounts").status_code == 404  # nothing left


def test_unknown_paths_and_methods(srv, http):
    for path in ("/scheduler", "/accounts/a/b", ""):
        resp = http.get(srv.url + path)
        assert resp.status_code == 404 and resp.json()["code"] == 404
    assert requests.get(srv.base_url + "/other", timeout=5).status_code == 404  # no token needed for a 404
    resp = http.put(srv.url + "/accounts", json={})
    assert resp.status_code == 405 and "POST" in resp.headers["Allow"]
    assert http.post(srv.url + "/accounts/alice.producer%40example.com").status_code == 405
    head = http.head(srv.url + "/accounts")
    assert head.status_code == 200 and int(head.headers["Content-Length"]) > 0


def test_requests_are_recorded(srv, http):
    http.post(srv.url + "/accounts/x%2By%40example.com?q=1", data=b"hello", headers={"X-Test": "yes"})
    recorded = srv.requests[-1]
    assert recorded.method == "POST"
    assert recorded.path == "/v1/ltxstudio/accounts/x%2By%40example.com?q=1"
    assert recorded.headers["x-test"] == "yes" and recorded.headers["X-TEST"] == "yes"
    assert recorded.headers.get("authorization") == f"Bearer {TOKEN}"
    assert recorded.body == b"hello" and recorded["body"] == b"hello"
    assert recorded.authorized is True


def test_reset(srv, http):
    http.delete(srv.url + "/accounts/bob.editor%40example.com")
    srv.add_fault("status", times=None)
    srv.reset()
    assert len(srv.accounts) == 3 and srv.requests == [] and srv.faults == []
    srv.reset(accounts={"a@example.com": {"email": "a@example.com", "tokenExpire": "@now+1d"}})
    assert srv.accounts["a@example.com"]["tokenExpire"] == ms(NOW + timedelta(days=1))
    srv.reset(accounts=None)
    assert http.get(srv.url + "/accounts").status_code == 404


def test_generate_many_accounts(http):
    accounts = generate_accounts(10000, NOW)
    assert len(accounts) == 10000 and "user00001@example.com" in accounts and "user10000@example.com" in accounts
    with StandIn(accounts=accounts, now=NOW) as server:
        started = time.monotonic()
        assert len(http.get(server.url + "/accounts").json()) == 10000
        assert time.monotonic() - started < 5


# ---------------------------------------------------------------- faults


def test_fault_status_with_filters_and_counts(srv, http):
    srv.add_fault("status", times=2, method="GET", path="/accounts", status=503)
    srv.add_fault("status", status=596, path="alice",
                  body={"error": "Account a@b in error state: refresh token rejected", "code": 596})
    assert http.post(srv.url + "/accounts", json={"cookie": COOKIE}).status_code == 200  # method mismatch
    assert http.get(srv.url + "/accounts").status_code == 503
    assert http.get(srv.url + "/accounts").status_code == 503
    assert http.get(srv.url + "/accounts").status_code == 200  # used up
    resp = http.get(srv.url + "/accounts/alice.producer%40example.com")
    assert resp.status_code == 596 and resp.json()["code"] == 596
    assert http.get(srv.url + "/accounts/alice.producer%40example.com").status_code == 200
    srv.add_fault("status", times=None, status=500, body="<h1>oops</h1>", content_type="text/html",
                  headers={"X-Fault": "1"})
    for dummy in range(3):
        resp = http.get(srv.url + "/accounts")
        assert resp.status_code == 500 and resp.text == "<h1>oops</h1>" and resp.headers["X-Fault"] == "1"
    srv.clear_faults()
    assert http.get(srv.url + "/accounts").status_code == 200
    # faults come before auth
    srv.add_fault("status", status=502)
    assert requests.get(srv.url + "/accounts", timeout=5).status_code == 502
    with pytest.raises(ValueError):
        srv.add_fault("nonsense")
    with pytest.raises(ValueError):
        srv.add_fault("rate_limit", retry_afterr=3)


def test_fault_rate_limit(srv, http):
    srv.add_fault("rate_limit", retry_after="2")
    srv.add_fault("rate_limit", retry_after="Wed, 21 Oct 2015 07:28:00 GMT")
    srv.add_fault("rate_limit", retry_after=3.0)
    srv.add_fault("rate_limit", retry_after=None)
    resp = http.get(srv.url + "/accounts")
    assert resp.status_code == 429 and resp.headers["Retry-After"] == "2" and resp.json()["code"] == 429
    assert http.get(srv.url + "/accounts").headers["Retry-After"] == "Wed, 21 Oct 2015 07:28:00 GMT"
    assert http.get(srv.url + "/accounts").headers["Retry-After"] == "3"
    resp = http.get(srv.url + "/accounts")
    assert resp.status_code == 429 and "Retry-After" not in resp.headers


def test_fault_delay(srv, http):
    srv.add_fault("delay", seconds=0.4)
    started = time.monotonic()
    assert http.get(srv.url + "/accounts").status_code == 200
    assert time.monotonic() - started >= 0.35


def test_fault_hang_times_out_client(srv, http):
    srv.add_fault("hang")
    with pytest.raises(requests.exceptions.ReadTimeout):
        http.get(srv.url + "/accounts", timeout=0.3)
    assert http.get(srv.url + "/accounts", timeout=5).status_code == 200


def test_fault_body(srv, http):
    srv.add_fault("body", status=502, body="<html><body>Bad gateway</body></html>")
    srv.add_fault("body")
    srv.add_fault("body", body=b'{"alice@example.com": {"email": ', content_type="application/json")
    resp = http.get(srv.url + "/accounts")
    assert resp.status_code == 502 and resp.headers["Content-Type"].startswith("text/html")
    assert "Bad gateway" in resp.text
    resp = http.get(srv.url + "/accounts")
    assert resp.status_code == 200 and resp.content == b""
    resp = http.get(srv.url + "/accounts")
    with pytest.raises(ValueError):
        resp.json()
    # a body cut short of its announced Content-Length
    srv.add_fault("body", body='{"a": 1', content_type="application/json", content_length=100)
    with pytest.raises(requests.exceptions.RequestException):  # ChunkedEncodingError here
        http.get(srv.url + "/accounts")


@pytest.mark.parametrize("size_mb, valid", [(1, True), (0.25, False), (0.000001, True)])
def test_fault_big(srv, http, size_mb, valid):
    srv.add_fault("big", size_mb=size_mb, valid=valid)
    resp = http.get(srv.url + "/accounts")
    expected = max(int(size_mb * 1024 * 1024), 2 if valid else 0)
    assert resp.status_code == 200 and len(resp.content) == expected
    assert resp.headers["Content-Type"].startswith("application/json")
    if valid:
        assert isinstance(resp.json(), dict)
    else:
        with pytest.raises(ValueError):
            resp.json()


def test_fault_redirect_and_close(srv, http):
    srv.add_fault("redirect", location="https://evil.example/steal")
    srv.add_fault("redirect", location=srv.url + "/accounts", status=307)
    resp = http.get(srv.url + "/accounts", allow_redirects=False)
    assert resp.status_code == 302 and resp.headers["Location"] == "https://evil.example/steal"
    resp = http.get(srv.url + "/accounts", allow_redirects=False)
    assert resp.status_code == 307
    srv.add_fault("close")
    with pytest.raises(requests.exceptions.ConnectionError):
        http.get(srv.url + "/accounts")
    assert http.get(srv.url + "/accounts").status_code == 200


def test_stop_while_hang_pending(capsys):
    server = StandIn(accounts=FIXTURES / "accounts_healthy.json").start()
    server.add_fault("hang", times=None)
    outcome = {}

    def client():
        try:
            requests.get(server.url + "/accounts", headers=AUTH, timeout=30)
        except requests.exceptions.RequestException as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=client, daemon=True)
    thread.start()
    deadline = time.monotonic() + 5
    while not server.requests and time.monotonic() < deadline:
        time.sleep(0.01)
    assert server.requests, "request never arrived"
    # an idle keep-alive connection too
    idle = socket.create_connection(("127.0.0.1", server.port))
    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 4  # well under the client's 30 s timeout, with room for a busy CI
    thread.join(5)
    idle.close()
    assert not thread.is_alive() and isinstance(outcome.get("error"), requests.exceptions.ConnectionError)
    # The idle connection's thread notices the close on its next read: give a busy machine time.
    deadline = time.monotonic() + 5
    while [t for t in threading.enumerate() if t.name.startswith("ltxstudio-standin")] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [t for t in threading.enumerate() if t.name.startswith("ltxstudio-standin")]
    server.stop()  # twice is fine
    assert capsys.readouterr().err == ""


def test_threads_are_daemonic(srv, http):
    srv.add_fault("delay", seconds=0.2)
    holder = threading.Thread(target=lambda: http.get(srv.url + "/accounts"), daemon=True)
    holder.start()
    time.sleep(0.05)
    ours = [t for t in threading.enumerate() if t.name.startswith("ltxstudio-standin")]
    assert ours and all(t.daemon for t in ours)
    holder.join(5)


# ---------------------------------------------------------------- HTTPS


def test_https_with_trustme(tmp_path, capsys):
    trustme = pytest.importorskip("trustme")
    ca = trustme.CA()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    with StandIn(accounts=FIXTURES / "accounts_special.json", ssl_context=context) as server:
        assert server.url.startswith("https://127.0.0.1:")
        resp = requests.get(server.url + "/accounts", headers=AUTH, verify=str(ca_file), timeout=5)
        assert resp.status_code == 200 and "zoë.müller@example.com" in resp.json()
        with pytest.raises(requests.exceptions.SSLError):  # default trust store refuses the test CA
            requests.get(server.url + "/accounts", headers=AUTH, timeout=5)
        with socket.create_connection(("127.0.0.1", server.port)) as plain:  # plain HTTP on TLS port
            plain.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            plain.settimeout(5)
            try:
                assert not plain.recv(100).startswith(b"HTTP/")
            except ConnectionResetError:
                pass
        assert requests.get(server.url + "/accounts", headers=AUTH, verify=str(ca_file), timeout=5).ok
    assert server.errors == [] and capsys.readouterr().err == ""


# ---------------------------------------------------------------- CLI


def _start_cli(tmp_path, *args):
    port_file = tmp_path / "port"
    env = dict(os.environ, STANDIN_TOKEN="cli-token")
    proc = subprocess.Popen([sys.executable, str(SCRIPT), "--port-file", str(port_file), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    deadline = time.monotonic() + 10
    while not port_file.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            out, err = proc.communicate()
            pytest.fail(f"stand-in did not start: rc={proc.returncode} {out} {err}")
        time.sleep(0.02)
    return proc, int(port_file.read_text()), port_file


def _stop_cli(proc):
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=10)
    return proc.returncode, out, err


def test_cli_fixture_control_and_sigterm(tmp_path):
    proc, port, port_file = _start_cli(tmp_path, "--fixture", str(FIXTURES / "accounts_mixed.json"),
                                       "--now", "2025-06-03T12:13:14Z")
    try:
        base = f"http://127.0.0.1:{port}"
        api = base + "/v1/ltxstudio"
        auth = {"Authorization": "Bearer cli-token"}
        with requests.Session() as http:
            assert http.get(base + "/__standin__/health").json()["status"] == "ok"
            assert http.get(api + "/accounts").status_code == 401
            resp = http.get(api + "/accounts", headers=auth)
            assert resp.status_code == 200 and len(resp.json()) == 6
            assert resp.json()["intern.pool@example.com"]["tokenExpireUTC"] == "2025-06-01T12:13:14.000Z"
            assert http.post(base + "/__standin__/faults",
                             json={"kind": "status", "times": 1, "method": "GET", "path": "/accounts",
                                   "params": {"status": 503}}).status_code == 200
            assert http.post(base + "/__standin__/faults",
                             json={"kind": "rate_limit", "retry_after": "1"}).status_code == 200
            assert http.post(base + "/__standin__/faults", json={"kind": "bogus"}).status_code == 400
            assert len(http.get(base + "/__standin__/faults").json()) == 2
            assert http.get(api + "/accounts", headers=auth).status_code == 503
            assert http.get(api + "/accounts", headers=auth).headers["Retry-After"] == "1"
            assert http.post(api + "/accounts", headers=auth, json={"cookie": COOKIE}).status_code == 200
            assert "user777@standin.example" in http.get(base + "/__standin__/state").json()
            assert http.get(base + "/__standin__/cookies").json()["user777@standin.example"] == COOKIE
            recorded = http.get(base + "/__standin__/requests").json()
            assert [r["method"] for r in recorded] == ["GET", "GET", "GET", "GET", "POST"]
            assert json.loads(recorded[-1]["body"])["cookie"] == COOKIE
            assert "cli-token" not in json.dumps(recorded) and recorded[-1]["authorized"] is True
            assert http.post(base + "/__standin__/reset").json()["accounts"] == 6
            assert http.get(base + "/__standin__/requests").json() == []
            assert http.post(base + "/__standin__/reset", json={"accounts": None}).status_code == 200
            assert http.get(api + "/accounts", headers=auth).status_code == 404
    finally:
        rc, out, err = _stop_cli(proc)
    assert rc == 0
    assert out == f"stand-in listening on http://127.0.0.1:{port}/v1/ltxstudio\n"
    assert err == ""
    assert not port_file.exists()


def test_cli_generate_tls_quiet(tmp_path):
    trustme = pytest.importorskip("trustme")
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1")
    cert_file, key_file, ca_file = tmp_path / "cert.pem", tmp_path / "key.pem", tmp_path / "ca.pem"
    cert.cert_chain_pems[0].write_to_path(str(cert_file))
    cert.private_key_pem.write_to_path(str(key_file))
    ca.cert_pem.write_to_path(str(ca_file))
    proc, port, dummy = _start_cli(tmp_path, "--generate", "10000", "--quiet", "--token", "tok",
                                   "--tls-cert", str(cert_file), "--tls-key", str(key_file))
    try:
        resp = requests.get(f"https://127.0.0.1:{port}/v1/ltxstudio/accounts",
                            headers={"Authorization": "Bearer tok"}, verify=str(ca_file), timeout=10)
        assert resp.status_code == 200 and len(resp.json()) == 10000
    finally:
        rc, out, err = _stop_cli(proc)
    assert (rc, out, err) == (0, "", "")


def test_cli_bad_fixture_exits_cleanly(tmp_path):
    proc = subprocess.run([sys.executable, str(SCRIPT), "--fixture", str(tmp_path / "missing.json")],
                          check=False, capture_output=True, text=True, timeout=10)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "missing.json" in proc.stderr
