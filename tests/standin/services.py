"""The ten useapi.net services the stand-in serves: their account model as data, and their POSTs.

Everything here follows useapi.net's documentation of each service (the pages are listed in
docs/docsite/rst/guide_services.rst). The stand-in never imports the collection: it is the
collection's independent reference, so this table is written from the documentation, not from
the collection's registry.

Placeholders: a string ``@now``, ``@now+30d``, ``@now-1w2d3h4m5s`` (units w d h m s), optionally
followed by ``|iso``, ``|ms``, ``|s`` (float epoch seconds) or ``|s_int`` (whole epoch seconds),
stands for that moment relative to the server's ``now``. Without a unit the key decides, as LTX
fixtures have always done: a key ending in ``UTC`` gets an ISO string, any other key epoch ms.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

SECURED = "\u2026secured\u2026"

# -- time ---------------------------------------------------------------------------------------


def parse_now(value: datetime | str | None) -> datetime | None:
    """``value`` as an aware UTC datetime; ISO strings (``2025-06-03T12:13:14Z``) and naive datetimes (UTC) too."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    if value is None:
        return None
    return value.astimezone(timezone.utc) if value.tzinfo else value.replace(tzinfo=timezone.utc)


def epoch_ms(moment: datetime) -> int:
    return int(round(moment.timestamp() * 1000))


def iso_utc(moment: datetime) -> str:
    """``2025-06-03T12:13:14.000Z``, the form of useapi.net's ``...UTC`` fields."""
    moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (moment.microsecond // 1000)


_PLACEHOLDER = re.compile(r"@now(?:(?P<sign>[+-])(?P<offset>(?:\d+[wdhms])+))?(?:\|(?P<unit>iso|ms|s|s_int))?")
_LOOKS_LIKE_ONE = re.compile(r"@now(?:[-+|].*)?", re.DOTALL)
_SECONDS = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}
_UNITS: dict[str, Callable[[datetime], Any]] = {
    "iso": iso_utc, "ms": epoch_ms, "s": lambda m: round(m.timestamp(), 3), "s_int": lambda m: int(m.timestamp())}


def render(data: Any, now: datetime, key: str | None = None) -> Any:
    """A copy of ``data`` with every placeholder string replaced (list items use their list's key)."""
    if isinstance(data, dict):
        return {k: render(v, now, k) for k, v in data.items()}
    if isinstance(data, list):
        return [render(v, now, key) for v in data]
    if not (isinstance(data, str) and data.startswith("@now")):
        return data
    match = _PLACEHOLDER.fullmatch(data)
    if match is None:
        if _LOOKS_LIKE_ONE.fullmatch(data):
            raise ValueError("malformed placeholder %r (e.g. @now, @now+30d, @now-2h|iso, @now+1w|s)" % data)
        return data  # "@nowhere" is just text
    seconds = sum(int(n) * _SECONDS[u] for n, u in re.findall(r"(\d+)([wdhms])", match["offset"] or ""))
    moment = now + timedelta(seconds=-seconds if match["sign"] == "-" else seconds)
    unit = match["unit"] or ("iso" if key is not None and key.endswith("UTC") else "ms")
    return _UNITS[unit](moment)


# -- masks ----------------------------------------------------------------------------------------


def partial_mask(secret: str, word: str = "secured") -> str:
    """``abc…secured…xyz``: how useapi.net shows a secret it keeps (short ones fully hidden)."""
    return "%s\u2026%s\u2026%s" % (secret[:3], word, secret[-3:]) if len(secret) >= 10 else "\u2026%s\u2026" % word


def mask_email(address: str, keep: int = 2) -> str:
    """Google Flow's list key: ``jo***@gmail.com``, ``keep`` characters of the local part (two in the
    revision of Nov 17, 2025 of get-google-flow-accounts, one, ``a***@gmail.com``, in that of Dec 1, 2025)."""
    local, at, domain = address.rpartition("@")
    return "%s***@%s" % (local[:keep], domain) if at else address


# -- the services -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Service:
    name: str            # the URL segment
    title: str           # "<title> API" keys GET /v2/account
    root: str
    id_key: str
    empty: str           # what GET /accounts answers with no configuration: "404" or "{}"
    create: tuple        # "/accounts" (id from the credentials) and/or "/accounts/{id}"
    created: int         # status of a POST that created the account ...
    updated: int         # ... and of one that replaced it
    masked_keys: bool = False
    extras: dict = field(default_factory=dict)  # added to GET /accounts/{id} answers (placeholders rendered)


SERVICES = {s.name: s for s in (
    Service("ltxstudio", "LTX Studio", "/v1/ltxstudio", "email", "404", ("/accounts",), 200, 200, extras={
        "balance": {"LTXStudio_token": 150}, "latestCreatedAtMs": {"LTXStudio_token": "@now-1h|ms"}}),
    Service("kling", "Kling", "/v1/kling", "email", "404", ("/accounts",), 201, 201, extras={
        "balance": {"points": [], "tickets": 0, "total": 66}}),
    Service("minimax", "MiniMax", "/v1/minimax", "account", "404", ("/accounts",), 201, 201),
    Service("runwayml", "Runway", "/v1/runwayml", "email", "404", ("/accounts/{id}",), 200, 200),
    Service("pixverse", "PixVerse", "/v2/pixverse", "email", "404", ("/accounts/{id}",), 201, 201),
    Service("google-flow", "Google Flow", "/v1/google-flow", "email", "{}", ("/accounts",), 201, 200,
            masked_keys=True, extras={"credits": {"credits": 1000, "userPaygateTier": "PAYGATE_TIER_ONE"}}),
    Service("flowmusic", "Flow Music", "/v1/flowmusic", "email", "{}", ("/accounts",), 201, 200, extras={
        "credits_remaining": 500, "tokens_remaining": 5000}),
    Service("dreamina", "Dreamina", "/v1/dreamina", "account", "404", ("/accounts",), 200, 200, extras={
        "credits": {"total": 160, "vip": 0, "gift": 100, "purchase": 60, "dailyClaimed": True}}),
    Service("mureka", "Mureka", "/v1/mureka", "account", "404", ("/accounts", "/accounts/{id}"), 200, 200),
    Service("tempolor", "TemPolor", "/v1/tempolor", "user_id", "404", ("/accounts",), 200, 200),
)}


# -- POST: each service builds its account from the body ------------------------------------------


class Reject(Exception):
    """The POST is refused with this status and message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Post:
    """One create/update call, as a builder sees it."""

    body: dict
    path_id: str | None          # the {id} of POST /accounts/{id}, else None
    now: datetime
    existing: dict               # the service's configuration (read only)
    identify: Callable[[str, str], str]  # (credential key, "email" | "number") -> account id


@dataclass
class Write:
    """What a builder decided: store ``record`` under ``id``; ``secret`` is what was received."""

    id: str
    record: dict
    secret: Any
    key: str | None = None       # the credential key the id was derived from, remembered
    status: int | None = None    # overrides the service's created/updated status
    keyed: bool = False          # answer {id: record} instead of the record


def _text(body: dict, name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value.strip():
        raise Reject(400, "Parameter %s is required" % name)
    return value


def _max_jobs(body: dict, low: int, high: int, default: int | None = None) -> int:
    value = body.get("maxJobs")
    if value is None:
        if default is None:
            raise Reject(400, "Parameter maxJobs is required")
        return default
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 20.0 is 20 in JSON
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise Reject(400, "Parameter maxJobs must be an integer between %d and %d" % (low, high))
    return value


def _path_id(post: Post, key: str) -> str:
    if _text(post.body, key) != post.path_id:
        raise Reject(400, "Parameter %s must match the %s in the path" % (key, key))
    return post.path_id


def _ltxstudio(post: Post) -> Write:
    raw = post.body.get("cookie")
    if not isinstance(raw, str) or not raw.strip():
        raise Reject(400, "Missing required parameter: cookie")
    text = raw.strip()[7:] if raw.strip()[:7].lower() == "cookie:" else raw
    cookies = {}
    for part in text.split(";"):
        name, sep, value = part.partition("=")
        if sep and name.strip():
            cookies[name.strip()] = value.strip()
    missing = [name for name in ("lt_id", "lt_token", "lt_refresh_token") if not cookies.get(name)]
    if missing:
        raise Reject(400, "Missing required cookie fields: " + " | ".join(missing))
    jobs = _max_jobs(post.body, 1, 100, 20)
    lt_id = cookies["lt_id"]
    known = [k for k, a in post.existing.items() if isinstance(a, dict) and (a.get("cookie") or {}).get("lt_id") == lt_id]
    address = post.identify(lt_id, "") or (known[0] if known else "%s@standin.example" % lt_id)
    expire = post.now + timedelta(days=30)
    masked = {name: (value if name == "lt_id" else SECURED) for name, value in cookies.items()}
    return Write(address, {"email": address, "cookie": masked, "maxJobs": jobs,
                           "updated": epoch_ms(post.now), "updatedUTC": iso_utc(post.now),
                           "tokenExpire": epoch_ms(expire), "tokenExpireUTC": iso_utc(expire)}, raw)


def _kling(post: Post) -> Write:
    email, password, jobs = _text(post.body, "email"), _text(post.body, "password"), _max_jobs(post.body, 1, 50)
    expire = post.now + timedelta(days=30)
    return Write(email, {"email": email, "password": SECURED, "maxJobs": jobs,
                         "session": {"ExpireTime": epoch_ms(expire), "ExpireTimeUTC": iso_utc(expire)}}, password)


def _minimax(post: Post) -> Write:
    _text(post.body, "url")
    token, jobs = _text(post.body, "token"), _max_jobs(post.body, 1, 10)
    account = post.identify(token, "number")
    expire = post.now + timedelta(days=30)
    return Write(account, {"account": account, "maxJobs": jobs, "jwt": {
        "token": partial_mask(token), "exp": round(expire.timestamp(), 3), "exp_Expire": iso_utc(expire),
        "iat": round(post.now.timestamp(), 3), "iat_Issued": iso_utc(post.now)}}, token, key=token)


def _runwayml(post: Post) -> Write:
    email = _path_id(post, "email")
    password, jobs = _text(post.body, "password"), _max_jobs(post.body, 1, 10)
    expire = post.now + timedelta(days=30)
    return Write(email, {"email": email, "password": SECURED, "maxJobs": jobs,
                         "jwt": {"token": SECURED, "exp": round(expire.timestamp(), 3)}}, password)


def _pixverse(post: Post) -> Write:
    email = _path_id(post, "email")
    password, jobs = _text(post.body, "password"), _max_jobs(post.body, 1, 8)
    expire = post.now + timedelta(days=30)
    token = post.body.get("token") if isinstance(post.body.get("token"), str) else "eyJhbGciOiJIUzI1NiJ9.standin"
    return Write(email, {"email": email, "password": SECURED, "maxJobs": jobs, "jwt": {
        "token": partial_mask(token), "ExpireTime": epoch_ms(expire), "ExpireTimeUTC": iso_utc(expire),
        "AccountId": int(hashlib.sha256(email.encode()).hexdigest()[:8], 16), "Username": email.split("@")[0]}},
        password)


def _google_flow(post: Post) -> Write:
    cookies = _text(post.body, "cookies")
    email = post.identify(cookies, "email")
    return Write(email, google_flow_record(email, post.now), cookies, key=cookies)


def google_flow_record(email: str, now: datetime) -> dict:
    return {"health": "OK", "created": iso_utc(now),
            "sessionData": {"expires": iso_utc(now + timedelta(hours=1)), "access_token": "ya29.a0A...(redacted)",
                            "user": {"email": mask_email(email)}},
            "nextRefresh": {"scheduledFor": iso_utc(now + timedelta(minutes=50))},
            "accountCookies": [{"name": "__Secure-1PSID", "value": "g.a...(redacted)",
                                "expires": iso_utc(now + timedelta(days=400))}]}


def _flowmusic(post: Post) -> Write:
    body = post.body
    if "refresh_token" not in body and "email" in body and set(body) <= {"email", "maxJobs"}:
        email = _text(body, "email")  # update-only mode: maxJobs of an existing account
        if not isinstance(post.existing.get(email), dict):
            raise Reject(404, "Account %s not found" % email)
        return Write(email, dict(post.existing[email], maxJobs=_max_jobs(body, 1, 16, 4)), None, status=200)
    token = _text(body, "refresh_token")
    if len(token) < 10:
        raise Reject(400, "Parameter refresh_token must be at least 10 characters")
    email = post.identify(token, "email")
    return Write(email, flowmusic_record(email, _max_jobs(body, 1, 16, 4), post.now, partial_mask(token, "redacted")),
                 token, key=token)


def flowmusic_record(email: str, jobs: int, now: datetime, refresh: str = "l6e\u2026redacted\u2026z4v") -> dict:
    return {"email": email, "maxJobs": jobs, "access_token": "eyJ\u2026redacted\u2026zmQ", "refresh_token": refresh,
            "access_token_expires_at": iso_utc(now + timedelta(hours=1)), "refreshed_at": iso_utc(now),
            "refreshed_count": 0, "tier": "pro"}


def _dreamina(post: Post) -> Write:
    email, password, region = (_text(post.body, name) for name in ("email", "password", "region"))
    if region not in ("US", "CA"):
        raise Reject(400, "Parameter region must be one of: US, CA")
    account = "%s:%s" % (region, email)
    return Write(account, dreamina_record(account, _max_jobs(post.body, 1, 50, 10), post.now), password)


def dreamina_record(account: str, jobs: int, now: datetime, days: int = 60) -> dict:
    region, dummy, email = account.partition(":")
    expires = iso_utc(now + timedelta(days=days))
    return {"account": account, "email": email, "region": region, "maxJobs": jobs, "sessionExpires": expires,
            "session": {"expires": expires, "daysUntilExpiry": days, "lastRefreshed": iso_utc(now)}}


def _mureka(post: Post) -> Write:
    if post.path_id is not None:  # the legacy method: a token renewed by hand every 30 days
        account, token = _path_id(post, "account"), _text(post.body, "token")
        return Write(account, {"account": account, "token": partial_mask(token), "tokenIssuedDaysAgo": 0,
                               "hasAutoRefresh": False, "updated": int(post.now.timestamp()),
                               "updatedUTC": iso_utc(post.now)}, token, status=201)
    cookie = post.body.get("sessionCookie")
    value = cookie.get("value") if isinstance(cookie, dict) else cookie
    if not isinstance(value, str) or not value.strip():
        raise Reject(400, "Parameter sessionCookie is required")
    account = post.identify(value, "number")
    expires = cookie.get("expires") if isinstance(cookie, dict) and isinstance(cookie.get("expires"), str) else None
    return Write(account, mureka_record(account, post.now, expires, partial_mask(value)), cookie, key=value,
                 keyed=True)


def mureka_record(account: str, now: datetime, expires: str | None = None, value: str = "g.a\u2026secured\u2026345") -> dict:
    return {"account": account, "sessionCookie": {"value": value, "expires": expires or iso_utc(now + timedelta(days=180)),
                                                  "added": iso_utc(now)},
            "hasAutoRefresh": True, "updated": int(now.timestamp()), "updatedUTC": iso_utc(now)}


def _tempolor(post: Post) -> Write:
    params = post.body.get("requestParams")
    if not isinstance(params, dict) or not params:
        raise Reject(400, "Parameter requestParams is required")
    key = json.dumps(params, sort_keys=True, separators=(",", ":"))
    user_id = post.identify(key, "number")
    return Write(user_id, tempolor_record(user_id, _max_jobs(post.body, 1, 100, 10), post.now, params), params, key=key)


def tempolor_record(user_id: str, jobs: int, now: datetime, params: dict | None = None) -> dict:
    return {"user_id": user_id, "maxJobs": jobs, "requestParams": {k: SECURED for k in (params or {"token": 1})},
            "updated": epoch_ms(now), "updatedUTC": iso_utc(now)}


BUILDERS: dict[str, Callable[[Post], Write]] = {
    "ltxstudio": _ltxstudio, "kling": _kling, "minimax": _minimax, "runwayml": _runwayml, "pixverse": _pixverse,
    "google-flow": _google_flow, "flowmusic": _flowmusic, "dreamina": _dreamina, "mureka": _mureka,
    "tempolor": _tempolor}


def fallback_id(key: str, kind: str) -> str:
    """A stable made-up id for a credential nobody named in ``identities``."""
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
    return "%s@standin.example" % digest[:10] if kind == "email" else str(100000000 + int(digest[:8], 16) % 900000000)


# -- generated configurations (benchmarks) ---------------------------------------------------------


def _letters(i: int) -> str:
    return chr(97 + i // 26 % 26) + chr(97 + i % 26)


def generate_accounts(count: int, now: datetime | str | None = None, service: str = "ltxstudio") -> dict:
    """``count`` healthy accounts of ``service``, deterministic, valid 31 to 89 days from ``now``.

    Google Flow's addresses differ in their first two letters (and domain past 676), so that
    their masked list keys stay distinct.
    """
    if count < 0:
        raise ValueError("count must be >= 0")
    now = parse_now(now) or datetime.now(timezone.utc)
    accounts = {}
    for i in range(1, count + 1):
        address = "user%05d@example.com" % i
        days, jobs, updated = 31 + i % 59, 1 + i % 8, now - timedelta(hours=1 + i % 48)
        expire = now + timedelta(days=days)
        if service == "ltxstudio":
            record = {"email": address, "cookie": {"lt_id": "u%07d" % i, "lt_token": SECURED, "lt_refresh_token": SECURED},
                      "maxJobs": 5 + i % 16, "updatedUTC": iso_utc(updated), "tokenExpireUTC": iso_utc(expire)}
        elif service in ("kling", "minimax", "runwayml", "pixverse"):
            address = str(100000000 + i) if service == "minimax" else address
            body = {"email": address, "password": "p" * 12, "maxJobs": jobs, "url": "https://hailuoai.video",
                    "token": "t%011d" % i}
            post = Post(body, address, expire - timedelta(days=30), {}, lambda key, kind, found=address: found)
            record = BUILDERS[service](post).record
        elif service == "google-flow":
            address = "%s.user%05d@%s" % (_letters(i), i, "example.com" if i < 676 else "d%d.example.com" % (i // 676))
            record = google_flow_record(address, now)
        elif service == "flowmusic":
            record = flowmusic_record(address, jobs, now)
        elif service == "dreamina":
            address = "US:" + address
            record = dreamina_record(address, jobs, now, days)
        elif service == "mureka":
            address = str(200000000 + i)
            record = mureka_record(address, now, iso_utc(expire))
        elif service == "tempolor":
            address = str(300000000 + i)
            record = tempolor_record(address, jobs, now)
        else:
            raise ValueError("unknown service %r" % service)
        accounts[address] = record
    return accounts
