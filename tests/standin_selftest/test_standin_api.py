"""The stand-in answers like each service's documentation: lists, single accounts, writes, /v2/account, auth."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from urllib.parse import quote

import pytest
import requests
from hypothesis import given, settings, strategies as st

from helpers import FIXTURES
from standin import SECURED, SERVICES, StandIn, epoch_ms, generate_accounts, iso_utc, load_fixture, mask_email, render

NOW = datetime(2025, 6, 3, 12, 13, 14, tzinfo=timezone.utc)
TOKEN = "test-token"
AUTH = {"Authorization": "Bearer " + TOKEN}
EMPTY_404 = "Configuration not found. To create configuration use POST /accounts."
COOKIE = "lt_id=user777; lt_token=tok-abc; lt_refresh_token=ref-xyz"
TEMPOLOR_PARAMS = {"token": "tp-secret", "uid": "1"}
# service -> (POST path id or None, body, identities, the account id, created status, updated status)
WRITES = {
    "ltxstudio": (None, {"cookie": COOKIE, "maxJobs": 7}, {"user777": "new.person@example.com"},
                  "new.person@example.com", 200, 200),
    "kling": (None, {"email": "k@example.com", "password": "kling-pw-1", "maxJobs": 5}, {}, "k@example.com", 201, 201),
    "minimax": (None, {"url": "https://hailuoai.video", "token": "mm-token-0123456", "maxJobs": 1},
                {"mm-token-0123456": "361838487953829890"}, "361838487953829890", 201, 201),
    "runwayml": ("r@example.com", {"email": "r@example.com", "password": "runway-pw", "maxJobs": 5}, {},
                 "r@example.com", 200, 200),
    "pixverse": ("p@example.com", {"email": "p@example.com", "password": "pix-pw", "maxJobs": 4}, {},
                 "p@example.com", 201, 201),
    "google-flow": (None, {"cookies": "SID\tsid-value\t.google.com"}, {"SID\tsid-value\t.google.com": "jo.flow@gmail.com"},
                    "jo.flow@gmail.com", 201, 200),
    "flowmusic": (None, {"refresh_token": "rt-0123456789", "maxJobs": 4}, {"rt-0123456789": "fm@example.com"},
                  "fm@example.com", 201, 200),
    "dreamina": (None, {"email": "d@example.com", "password": "pw", "region": "US"}, {}, "US:d@example.com", 200, 200),
    "mureka": (None, {"sessionCookie": {"value": "g.a000secretvalue", "expires": "2027-01-01T00:00:00.000Z"}},
               {"g.a000secretvalue": "100234567"}, "100234567", 200, 200),
    "tempolor": (None, {"requestParams": TEMPOLOR_PARAMS, "maxJobs": 10},
                 {json.dumps(TEMPOLOR_PARAMS, sort_keys=True, separators=(",", ":")): "7411234567"}, "7411234567",
                 200, 200),
}
SECRET_FIELD = {"ltxstudio": "cookie", "kling": "password", "minimax": "token", "runwayml": "password",
                "pixverse": "password", "google-flow": "cookies", "flowmusic": "refresh_token", "dreamina": "password",
                "mureka": "sessionCookie", "tempolor": "requestParams"}


@pytest.fixture(name="http")
def fixture_http():
    with requests.Session() as session:
        session.headers.update(AUTH)
        yield session


def accounts_url(srv, name, account_id=None):
    url = srv.service_url(name) + "/accounts"
    return url if account_id is None else url + "/" + quote(account_id, safe="")


@pytest.mark.parametrize("name", list(SERVICES))
def test_every_service_lists_reads_and_deletes_its_fixture(name, http):
    with StandIn(services={name: FIXTURES / name / "mixed.json"}, now=NOW) as srv:
        config = srv.config(name)
        listed = http.get(accounts_url(srv, name))
        assert listed.status_code == 200 and listed.headers["Content-Type"] == "application/json; charset=utf-8"
        expected = {mask_email(k): v for k, v in config.items()} if name == "google-flow" else config
        assert listed.json() == expected
        for account_id, record in config.items():
            single = http.get(accounts_url(srv, name, account_id))
            assert single.status_code == 200, account_id
            assert single.json() == dict(render(SERVICES[name].extras, NOW), **record)
        absent = http.get(accounts_url(srv, name, "nobody@example.com"))
        assert absent.status_code == 404 and absent.json()["code"] == 404 and "not found" in absent.json()["error"]
        for account_id in list(config):
            gone = http.delete(accounts_url(srv, name, account_id))
            if name == "dreamina":
                assert gone.status_code == 200
                assert gone.json() == {"account": account_id, "deleted": True, "remaining": len(srv.config(name))}
            else:
                assert (gone.status_code, gone.content) == (204, b"")
            assert http.delete(accounts_url(srv, name, account_id)).status_code == 404
        empty = http.get(accounts_url(srv, name))
        if SERVICES[name].empty == "{}":
            assert (empty.status_code, empty.json()) == (200, {})
        else:
            assert (empty.status_code, empty.text) == (404, EMPTY_404)
    assert srv.errors == []


@pytest.mark.parametrize("name", list(SERVICES))
def test_no_configuration_is_404_or_an_empty_object(name, http):
    with StandIn(services={name: None}) as srv:
        answer = http.get(accounts_url(srv, name))
    if name in ("google-flow", "flowmusic"):
        assert (answer.status_code, answer.json()) == (200, {})
    else:
        assert (answer.status_code, answer.text) == (404, EMPTY_404)


@pytest.mark.parametrize("name", list(SERVICES))
def test_every_service_creates_then_updates_as_documented(name, http):
    path_id, body, identities, account_id, created, updated = WRITES[name]
    with StandIn(identities=identities, now=NOW) as srv:
        url = accounts_url(srv, name, path_id)
        first = http.post(url, json=body)
        assert first.status_code == created, first.text
        answer = first.json()
        record = answer[account_id] if name == "mureka" else answer  # Mureka answers {account: record}
        assert srv.config(name) == {account_id: record}
        if name == "google-flow":  # its records show the email masked only
            assert record["sessionData"]["user"]["email"] == mask_email(account_id)
        else:
            assert record[SERVICES[name].id_key] == account_id
        assert srv.received(name)[account_id] == body[SECRET_FIELD[name]]
        shown = json.dumps(record)
        for secret in ("tok-abc", "kling-pw-1", "mm-token-0123456", "runway-pw", "pix-pw", "sid-value", "rt-0123456789",
                       "g.a000secretvalue", "tp-secret"):
            assert secret not in shown, secret
        srv.config(name)[account_id]["error"] = "Session refresh failed"
        second = http.post(url, json=body)
        assert second.status_code == updated and len(srv.config(name)) == 1
        assert "error" not in srv.config(name)[account_id], "a re-add clears the error"
        listed = http.get(accounts_url(srv, name)).json()
        assert list(listed) == [mask_email(account_id) if name == "google-flow" else account_id]


def test_ltx_post_keeps_its_exact_behaviour(http):
    with StandIn(accounts=FIXTURES / "accounts_healthy.json", now=NOW, identities={"user777": "new@example.com"}) as srv:
        account = http.post(srv.url + "/accounts", json={"cookie": COOKIE, "maxJobs": 7}).json()
        expire = NOW + timedelta(days=30)
        assert account == {"email": "new@example.com", "maxJobs": 7,
                           "cookie": {"lt_id": "user777", "lt_token": SECURED, "lt_refresh_token": SECURED},
                           "updated": epoch_ms(NOW), "updatedUTC": iso_utc(NOW),
                           "tokenExpire": epoch_ms(expire), "tokenExpireUTC": iso_utc(expire)}
        assert srv.received_cookies["new@example.com"] == COOKIE
        # An existing account is found by its lt_id; fields the POST does not set are kept; maxJobs defaults to 20.
        srv.accounts["alice.producer@example.com"]["region"] = "eu"
        cookie = "lt_id=user12345; lt_token=t2; lt_refresh_token=r2; extra=x"
        account = http.post(srv.url + "/accounts", json={"cookie": cookie}).json()
        assert account["email"] == "alice.producer@example.com" and account["maxJobs"] == 20
        assert account["region"] == "eu" and account["cookie"]["extra"] == SECURED
        unknown = http.post(srv.url + "/accounts", json={"cookie": "lt_id=zz9; lt_token=a; lt_refresh_token=b"})
        assert unknown.json()["email"] == "zz9@standin.example"
        srv.delete_status = 200
        gone = http.delete(srv.url + "/accounts/zz9%40standin.example")
        assert (gone.status_code, gone.json()) == (200, {"account": "zz9@standin.example", "deleted": True})
        missing = http.get(srv.url + "/accounts/nobody%40example.com").json()
        assert missing == {"error": "Account configuration not found for the specified email address.", "code": 404}


@pytest.mark.parametrize("name, path_id, body, message", [
    ("ltxstudio", None, {"maxJobs": 3}, "Missing required parameter: cookie"),
    ("ltxstudio", None, {"cookie": "lt_id=a"}, "Missing required cookie fields: lt_token | lt_refresh_token"),
    ("ltxstudio", None, {"cookie": COOKIE, "maxJobs": 101}, "Parameter maxJobs must be an integer between 1 and 100"),
    ("ltxstudio", None, {"cookie": COOKIE, "maxJobs": True}, "Parameter maxJobs must be an integer between 1 and 100"),
    ("kling", None, {"email": "k@example.com", "maxJobs": 5}, "Parameter password is required"),
    ("kling", None, {"email": "k@example.com", "password": "x"}, "Parameter maxJobs is required"),
    ("minimax", None, {"url": "u", "token": "t", "maxJobs": 11}, "Parameter maxJobs must be an integer between 1 and 10"),
    ("runwayml", "r@example.com", {"email": "other@example.com", "password": "x", "maxJobs": 1},
     "Parameter email must match the email in the path"),
    ("pixverse", "p@example.com", {"email": "p@example.com", "password": "x", "maxJobs": 9},
     "Parameter maxJobs must be an integer between 1 and 8"),
    ("google-flow", None, {}, "Parameter cookies is required"),
    ("flowmusic", None, {"maxJobs": 2}, "Parameter refresh_token is required"),
    ("flowmusic", None, {"refresh_token": "short"}, "Parameter refresh_token must be at least 10 characters"),
    ("dreamina", None, {"email": "d@example.com", "password": "x"}, "Parameter region is required"),
    ("dreamina", None, {"email": "d@example.com", "password": "x", "region": "EU"}, "Parameter region must be one of: US, CA"),
    ("mureka", None, {"sessionCookie": {"expires": "2027-01-01"}}, "Parameter sessionCookie is required"),
    ("mureka", "1", {"account": "2", "token": "t"}, "Parameter account must match the account in the path"),
    ("tempolor", None, {"requestParams": {}}, "Parameter requestParams is required"),
])
def test_bad_posts_are_refused_and_change_nothing(name, path_id, body, message, http):
    with StandIn() as srv:
        answer = http.post(accounts_url(srv, name, path_id), json=body)
        assert (answer.status_code, answer.json()) == (400, {"error": message, "code": 400})
        for raw in (b"{not json", b'["a list"]'):
            assert http.post(accounts_url(srv, name, path_id), data=raw).status_code == 400
        assert srv.config(name) is None and srv.received(name) == {}


def test_service_specific_writes(http):
    with StandIn(services={"flowmusic": FIXTURES / "flowmusic" / "healthy.json"}, now=NOW) as srv:
        update_only = http.post(accounts_url(srv, "flowmusic"), json={"email": "tom.tracks@example.com", "maxJobs": 2})
        assert update_only.status_code == 200 and srv.config("flowmusic")["tom.tracks@example.com"]["maxJobs"] == 2
        assert http.post(accounts_url(srv, "flowmusic"), json={"email": "x@example.com", "maxJobs": 2}).status_code == 404
        legacy = http.post(accounts_url(srv, "mureka", "555"), json={"account": "555", "token": "legacy-token-123"})
        assert legacy.status_code == 201 and legacy.json()["tokenIssuedDaysAgo"] == 0
        # A credential nobody named gets a stable made-up id; POSTed again, it updates that account.
        first = http.post(accounts_url(srv, "minimax"), json={"url": "u", "token": "unnamed-token-1", "maxJobs": 1})
        again = http.post(accounts_url(srv, "minimax"), json={"url": "u", "token": "unnamed-token-1", "maxJobs": 2})
        assert first.json()["account"] == again.json()["account"] and first.json()["account"].isdigit()
        assert len(srv.config("minimax")) == 1
        # Google Flow: the single GET takes the real email, never the masked list key.
        srv.load("google-flow", FIXTURES / "google-flow" / "healthy.json")
        assert http.get(accounts_url(srv, "google-flow", "john.veo@gmail.com")).status_code == 200
        assert http.get(accounts_url(srv, "google-flow", "jo***@gmail.com")).status_code == 404
        # Dreamina: REGION:email ids, percent-encoded in the path.
        srv.load("dreamina", FIXTURES / "dreamina" / "healthy.json")
        assert http.get(srv.service_url("dreamina") + "/accounts/US%3Amia.seed%40example.com").json()["region"] == "US"
        gone = http.delete(srv.service_url("dreamina") + "/accounts/US%3Anobody%40example.com")
        assert gone.json() == {"error": "Unable to find configuration for account US:nobody@example.com", "code": 404}


def test_subscription_off_makes_every_post_402(http):
    with StandIn(subscription=False) as srv:
        for name, (path_id, body, *_rest) in WRITES.items():
            answer = http.post(accounts_url(srv, name, path_id), json=body)
            assert (answer.status_code, answer.json()) == (402, {"error": "Subscription required", "code": 402}), name
            assert srv.config(name) is None
        summary = http.get(srv.base_url + "/v2/account").json()
    assert summary == {"subscriptionIsActive": False, "subscriptions": [], "maxAccountsPerAPI": 3, "accounts": {}}


def test_v2_account_counts_every_service_with_accounts(http):
    services = {name: FIXTURES / name / "mixed.json" for name in SERVICES if name != "tempolor"}
    with StandIn(services=services, now=NOW) as srv:
        summary = http.get(srv.base_url + "/v2/account").json()
    assert summary["subscriptionIsActive"] is True and summary["maxAccountsPerAPI"] == 3
    titles = {"ltxstudio": "LTX Studio", "kling": "Kling", "minimax": "MiniMax", "runwayml": "Runway",
              "pixverse": "PixVerse", "google-flow": "Google Flow", "flowmusic": "Flow Music", "dreamina": "Dreamina",
              "mureka": "Mureka"}
    assert sorted(summary["accounts"]) == sorted(title + " API" for title in titles.values())
    errors = {"LTX Studio": 1, "Kling": 1, "MiniMax": 0, "Runway": 1, "PixVerse": 0, "Google Flow": 2,
              "Flow Music": 1, "Dreamina": 1, "Mureka": 1}
    for name, title in titles.items():
        counts = summary["accounts"][title + " API"]
        total = len(load_fixture(FIXTURES / name / "mixed.json", NOW))
        assert counts == {"total": total, "active": total - errors[title], "error": errors[title]}, name


@pytest.mark.parametrize("headers", [
    {}, {"Authorization": "Bearer wrong"}, {"Authorization": "bearer " + TOKEN},
    {"Authorization": "Bearer  " + TOKEN}, {"Authorization": TOKEN},
])
def test_every_endpoint_needs_the_exact_bearer_token(headers):
    with StandIn(services={"kling": FIXTURES / "kling" / "healthy.json"}) as srv:
        calls = [("GET", srv.base_url + "/v2/account"), ("GET", accounts_url(srv, "kling")),
                 ("GET", accounts_url(srv, "kling", "ana.motion@example.com")), ("POST", accounts_url(srv, "kling")),
                 ("DELETE", accounts_url(srv, "kling", "ana.motion@example.com"))]
        for method, url in calls:
            answer = requests.request(method, url, headers=headers, json={}, timeout=10)
            assert (answer.status_code, answer.json()) == (401, {"error": "Unauthorized", "code": 401}), url
        assert [r.authorized for r in srv.requests] == [False] * len(calls) and len(srv.config("kling")) == 3
    with StandIn(token=None) as open_srv:
        assert requests.get(open_srv.base_url + "/v2/account", headers=headers, timeout=10).status_code == 200


def test_unknown_paths_and_methods(http):
    with StandIn(accounts=FIXTURES / "accounts_healthy.json") as srv:
        assert requests.get(srv.base_url + "/v1/ltxstudo/accounts", timeout=10).status_code == 404  # no token needed
        for path in ("/scheduler", "/accounts/a/b", "", "/accounts/%FF%FE"):
            assert http.get(srv.url + path).status_code == 404, path
        assert http.put(srv.url + "/accounts", json={}).status_code == 405
        assert http.post(srv.url + "/accounts/a%40example.com", json={}).headers["Allow"] == "GET, DELETE"
        assert http.post(accounts_url(srv, "runwayml"), json={}).headers["Allow"] == "GET"
        assert http.delete(srv.base_url + "/v2/account").status_code == 405


def test_requests_are_recorded_with_the_token_redacted(http):
    with StandIn() as srv:
        http.post(accounts_url(srv, "kling") + "?q=1", json={"email": "a@b.c"}, headers={"X-Test": "yes"})
        requests.get(srv.base_url + "/v2/account", headers={"Authorization": "Bearer nope"}, timeout=10)
    first, second = srv.requests
    assert (first.method, first.path, first.query, first.service) == ("POST", "/v1/kling/accounts?q=1", "q=1", "kling")
    assert first.json == {"email": "a@b.c"} and first["body"] == b'{"email": "a@b.c"}' and first.headers["x-test"] == "yes"
    assert first.headers["authorization"] == "<redacted>" and TOKEN not in json.dumps(first.to_dict())
    assert first.authorized and first.bearer_is(TOKEN) and not first.bearer_is("nope")
    assert (second.service, second.authorized, second.bearer_is("nope")) == ("v2", False, True)


# -- placeholders and generated configurations ------------------------------------------------------


def test_placeholders_render_in_the_unit_they_name():
    data = {"updated": "@now", "tokenExpireUTC": "@now-2h", "a": "@now+1w2d3h4m5s|iso", "b": "@now+1d|ms",
            "c": "@now-1d|s", "d": "@now+30d|s_int", "keep": "@nowhere", "list": ["@now+1s"], "n": 5}
    out = render(data, NOW)
    delta = timedelta(weeks=1, days=2, hours=3, minutes=4, seconds=5)
    assert out == {"updated": epoch_ms(NOW), "tokenExpireUTC": "2025-06-03T10:13:14.000Z", "a": iso_utc(NOW + delta),
                   "b": epoch_ms(NOW) + 86400000, "c": NOW.timestamp() - 86400, "d": int(NOW.timestamp()) + 30 * 86400,
                   "keep": "@nowhere", "list": [epoch_ms(NOW) + 1000], "n": 5}
    assert iso_utc(datetime(2025, 7, 3, 12, 13, 14, 123456, tzinfo=timezone.utc)) == "2025-07-03T12:13:14.123Z"
    for bad in ("@now+3x", "@now|hours", "@now+1d|"):
        with pytest.raises(ValueError):
            render({"x": bad}, NOW)


@settings(max_examples=60, deadline=None)
@given(sign=st.sampled_from("+-"), parts=st.lists(st.tuples(st.integers(0, 400), st.sampled_from("wdhms")),
                                                  min_size=1, max_size=4),
       unit=st.sampled_from(["iso", "ms", "s", "s_int"]))
def test_any_offset_renders_to_the_same_instant_in_every_unit(sign, parts, unit):
    text = "@now%s%s|%s" % (sign, "".join("%d%s" % part for part in parts), unit)
    seconds = sum(n * {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}[u] for n, u in parts)
    moment = NOW + timedelta(seconds=seconds if sign == "+" else -seconds)
    value = render(text, NOW)
    expected = {"iso": iso_utc(moment), "ms": epoch_ms(moment), "s": moment.timestamp(),
                "s_int": int(moment.timestamp())}[unit]
    assert value == expected


@pytest.mark.parametrize("name", list(SERVICES))
def test_generated_configurations_are_healthy_and_distinct(name, http):
    accounts = generate_accounts(700, NOW, name)
    assert len(accounts) == 700
    with StandIn(services={name: accounts}, now=NOW) as srv:
        assert len(http.get(accounts_url(srv, name)).json()) == 700  # Google Flow's masked keys stay distinct
        counts = http.get(srv.base_url + "/v2/account").json()["accounts"]
    assert list(counts.values()) == [{"total": 700, "active": 700, "error": 0}]
