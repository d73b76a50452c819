"""The ten useapi.net services the stand-in serves, after useapi.net's documentation: their account model as data
(services.json, records.json), their POSTs, and the ``@now`` placeholders of fixtures (see README.md)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import string
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace
from typing import Any, Callable

SECURED = "\u2026secured\u2026"


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


def partial_mask(secret: str, word: str = "secured") -> str:
    """``abc…secured…xyz``: how useapi.net shows a secret it keeps (short ones fully hidden)."""
    return "%s\u2026%s\u2026%s" % (secret[:3], word, secret[-3:]) if len(secret) >= 10 else "\u2026%s\u2026" % word


def mask_email(address: str, keep: int = 2) -> str:
    """Google Flow's list key: ``jo***@gmail.com``, ``keep`` characters of the local part (two in the
    revision of Nov 17, 2025 of get-google-flow-accounts, one, ``a***@gmail.com``, in that of Dec 1, 2025)."""
    local, at, domain = address.rpartition("@")
    return "%s***@%s" % (local[:keep], domain) if at else address


with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "services.json"), encoding="utf-8") as _handle:
    _TABLE = json.load(_handle)  # its "_comment" says what each field means
SERVICES = {s["name"]: SimpleNamespace(**dict(_TABLE["defaults"], **s)) for s in _TABLE["services"]}


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


def _from_spec(name: str, post: Post) -> Write:
    """The account of a POST that services.json describes ("post"): parameters, maxJobs, id, secret."""
    spec, body = SERVICES[name].post, post.body
    for param in spec["text"]:
        if _text(body, param) != post.path_id and param == spec.get("path_id"):
            raise Reject(400, "Parameter %s must match the %s in the path" % (param, param))
    for param, choices in spec.get("choices", {}).items():
        if body[param] not in choices:
            raise Reject(400, "Parameter %s must be one of: %s" % (param, ", ".join(choices)))
    values = dict(spec.get("values", {}), jobs=_max_jobs(body, *spec["jobs"]) if "jobs" in spec else None)
    key = body[spec["identify"][0]] if "identify" in spec else None
    account = post.identify(key, spec["identify"][1]) if key else string.Template(spec["id"]).substitute(body)
    if "mask" in spec:
        value = body.get(spec["mask"])
        values["token"] = partial_mask(value if isinstance(value, str) else spec["default"])
    return Write(account, record(name, post.now, id=account, **values), body[spec["secret"]], key=key)


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
    masked = {name: (value if name == "lt_id" else SECURED) for name, value in cookies.items()}
    return Write(address, record("ltxstudio/post", post.now, id=address, cookie=masked, jobs=jobs), raw)


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
    return Write(email, record("flowmusic", post.now, id=email, jobs=_max_jobs(body, 1, 16, 4), refresh=partial_mask(token, "redacted")),
                 token, key=token)


def _mureka(post: Post) -> Write:
    if post.path_id is not None:  # the legacy method: a token renewed by hand every 30 days
        if _text(post.body, "account") != post.path_id:
            raise Reject(400, "Parameter account must match the account in the path")
        account, token = post.path_id, _text(post.body, "token")
        return Write(account, record("mureka/token", post.now, id=account, token=partial_mask(token)), token, status=201)
    cookie = post.body.get("sessionCookie")
    value = cookie.get("value") if isinstance(cookie, dict) else cookie
    if not isinstance(value, str) or not value.strip():
        raise Reject(400, "Parameter sessionCookie is required")
    account = post.identify(value, "number")
    expires = cookie.get("expires") if isinstance(cookie, dict) and isinstance(cookie.get("expires"), str) else None
    return Write(account, record("mureka", post.now, id=account, expires=expires or iso_utc(post.now + timedelta(days=180)),
                                 value=partial_mask(value)), cookie, key=value, keyed=True)


def _tempolor(post: Post) -> Write:
    params = post.body.get("requestParams")
    if not isinstance(params, dict) or not params:
        raise Reject(400, "Parameter requestParams is required")
    key = json.dumps(params, sort_keys=True, separators=(",", ":"))
    user_id = post.identify(key, "number")
    return Write(user_id, record("tempolor", post.now, id=user_id, jobs=_max_jobs(post.body, 1, 100, 10),
                                 params={k: SECURED for k in params}), params, key=key)


BUILDERS: dict[str, Callable[[Post], Write]] = {  # the rest: _from_spec
    "ltxstudio": _ltxstudio, "flowmusic": _flowmusic, "mureka": _mureka, "tempolor": _tempolor}


def build(name: str, post: Post) -> Write:
    """The account a POST to ``name`` stores, or Reject."""
    return BUILDERS[name](post) if name in BUILDERS else _from_spec(name, post)


def fallback_id(key: str, kind: str) -> str:
    """A stable made-up id for a credential nobody named in ``identities``."""
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
    return "%s@standin.example" % digest[:10] if kind == "email" else str(100000000 + int(digest[:8], 16) % 900000000)


with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "records.json"), encoding="utf-8") as _handle:
    RECORDS = json.load(_handle)


def _fill(data: Any, values: dict, now: datetime, key: str | None = None) -> Any:
    if isinstance(data, dict):
        return {k: _fill(v, values, now, k) for k, v in data.items()}
    if isinstance(data, list):
        return [_fill(v, values, now, key) for v in data]
    if isinstance(data, str) and data.startswith("$") and data[1:] in values:
        return values[data[1:]]
    return render(string.Template(data).substitute(values), now, key) if isinstance(data, str) else data


def record(service: str, now: datetime, **values: Any) -> dict:
    """The record of ``service`` in records.json with ``values`` (and what follows from the id) filled in."""
    account = values["id"]
    region, dummy, email = account.partition(":")
    return _fill(RECORDS["records"][service], dict({
        "secured": SECURED, "email": email, "region": region, "user": account.split("@")[0], "masked": mask_email(account),
        "account_hash": int(hashlib.sha256(account.encode()).hexdigest()[:8], 16)}, **values), now)


def generate_accounts(count: int, now: datetime | str | None = None, service: str = "ltxstudio") -> dict:
    """``count`` healthy accounts of ``service``, deterministic, valid 31 to 89 days from ``now``.

    Google Flow's addresses differ in their first two letters (and domain past 676), so that
    their masked list keys stay distinct.
    """
    if count < 0:
        raise ValueError("count must be >= 0")
    if count and service not in RECORDS["generate"]:
        raise ValueError("unknown service %r" % service)
    now, spec, accounts = parse_now(now) or datetime.now(timezone.utc), RECORDS["generate"].get(service), {}
    for i in range(1, count + 1):
        days, shift = 31 + i % 59, spec.get("shift", False)
        account = string.Template(spec["id"]).substitute(n5="%05d" % i, n8="%08d" % i, letters=chr(97 + i // 26 % 26) + chr(97 + i % 26),
                                                         domain="example.com" if i < 676 else "d%d.example.com" % (i // 676))
        accounts[account] = record(
            service, now + timedelta(days=days) - timedelta(days=30) if shift else now, id=account, days=30 if shift else days,
            jobs=1 + i % 8, ltjobs=5 + i % 16, hours=1 + i % 48, n7="%07d" % i, token=partial_mask("t%011d" % i),
            refresh="l6e\u2026redacted\u2026z4v", value="g.a\u2026secured\u2026345", expires=iso_utc(now + timedelta(days=days)),
            params={"token": SECURED})
    return accounts
