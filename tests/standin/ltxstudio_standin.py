"""Stand-in for the useapi.net LTX Studio accounts API.

A real HTTP(S) server on loopback, written with the Python standard library
only, that answers the accounts endpoints of ``https://api.useapi.net/v1/ltxstudio``
the way the documentation describes them.  The live service was retired, so
this server is what the collection's tests, demos and benchmarks talk to.

Endpoints (all under ``/v1/ltxstudio``, all need ``Authorization: Bearer <token>``):

* ``GET /accounts``            the configuration, served verbatim from the state
* ``GET /accounts/{email}``    one account plus ``balance`` and ``latestCreatedAtMs``
* ``POST /accounts``           create or update an account from a cookie string
* ``DELETE /accounts/{email}`` remove an account

The server can be told to misbehave (``add_fault``): error statuses, rate
limits, delays, hung or closed connections, odd bodies, huge bodies and
redirects.

Use it in-process::

    from standin.ltxstudio_standin import StandIn

    with StandIn(accounts="tests/fixtures/accounts_healthy.json") as srv:
        requests.get(srv.url + "/accounts",
                     headers={"Authorization": "Bearer test-token"})

or as a separate process (demo, benchmarks)::

    python tests/standin/ltxstudio_standin.py --fixture tests/fixtures/accounts_mixed.json \\
        --port-file /tmp/standin.port

A separate process is steered through the unauthenticated control endpoints
under ``/__standin__/`` (``GET state``, ``GET/POST/DELETE faults``, ``POST reset``,
``GET/DELETE requests``, ``GET cookies``, ``GET health``).

Fixtures are JSON files holding what ``GET /accounts`` returns.  String values
``@now``, ``@now+30d``, ``@now-2h``, ``@now+1w2d3h4m5s`` (units w d h m s) are
replaced when loaded: under a key ending in ``UTC`` by an ISO string
``YYYY-MM-DDTHH:MM:SS.mmmZ``, elsewhere by epoch milliseconds.
"""

from __future__ import annotations

import argparse
import copy
import email.parser
import email.policy
import json
import os
import re
import signal
import socket
import socketserver
import ssl
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Iterator, Mapping
from urllib.parse import parse_qs, unquote

__all__ = [
    "API_PREFIX",
    "CONTROL_PREFIX",
    "FAULT_KINDS",
    "SECURED",
    "Fault",
    "Headers",
    "RecordedRequest",
    "StandIn",
    "epoch_ms",
    "generate_accounts",
    "iso_utc",
    "main",
    "parse_now",
    "render_placeholders",
]

API_PREFIX = "/v1/ltxstudio"
"""Path prefix of the API, as on api.useapi.net."""

CONTROL_PREFIX = "/__standin__"
"""Path prefix of the unauthenticated control endpoints."""

SECURED = "\u2026secured\u2026"
"""How the API masks secret cookie values: ``…secured…``."""

REQUIRED_COOKIE_FIELDS = ("lt_id", "lt_token", "lt_refresh_token")
FALLBACK_EMAIL_DOMAIN = "standin.example"
DEFAULT_BALANCE = 150
TOKEN_LIFETIME = timedelta(days=30)
MAX_BODY_BYTES = 16 * 1024 * 1024
TLS_HANDSHAKE_TIMEOUT = 10.0
STREAM_CHUNK_BYTES = 64 * 1024
JSON_CONTENT_TYPE = "application/json; charset=utf-8"

MSG_UNAUTHORIZED = "Unauthorized"
MSG_NO_CONFIGURATION = "Configuration not found. To create configuration use POST /accounts."
MSG_NO_ACCOUNT = "Account configuration not found for the specified email address."
MSG_SUBSCRIPTION = "Subscription required"

_UNSET: Any = object()

# --------------------------------------------------------------------------
# Time and @now placeholders
# --------------------------------------------------------------------------

_PLACEHOLDER_RE = re.compile(r"@now(?:(?P<sign>[+-])(?P<offset>(?:\d+[wdhms])+))?")
_PLACEHOLDER_LIKE_RE = re.compile(r"@now(?:[+-].*)?", re.DOTALL)
_OFFSET_PART_RE = re.compile(r"(\d+)([wdhms])")
_UNIT_SECONDS = {"w": 7 * 86400, "d": 86400, "h": 3600, "m": 60, "s": 1}


def parse_now(value: datetime | str | None) -> datetime | None:
    """Return ``value`` as an aware UTC datetime (``None`` stays ``None``).

    Accepts an aware or naive datetime (naive means UTC) or an ISO 8601
    string such as ``2025-06-03T12:13:14Z``.
    """
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        try:
            value = datetime.fromisoformat(text)
        except ValueError as exc:
            raise ValueError(f"not an ISO 8601 date/time: {value!r}") from exc
    if not isinstance(value, datetime):
        raise TypeError(f"now must be a datetime, an ISO string or None, not {type(value).__name__}")
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def epoch_ms(moment: datetime) -> int:
    """Epoch milliseconds of an aware datetime, as the API's ``updated`` fields."""
    return int(round(moment.timestamp() * 1000))


def iso_utc(moment: datetime) -> str:
    """ISO string as the API's ``...UTC`` fields: ``2025-06-03T12:13:14.000Z``."""
    moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _placeholder_moment(text: str, now: datetime) -> datetime | None:
    """The moment an ``@now...`` string stands for, or ``None`` if it is no placeholder."""
    match = _PLACEHOLDER_RE.fullmatch(text)
    if match is None:
        if _PLACEHOLDER_LIKE_RE.fullmatch(text):
            raise ValueError(f"malformed @now placeholder {text!r} (expected e.g. @now, @now+30d, @now-1w2d3h4m5s)")
        return None
    if not match.group("sign"):
        return now
    seconds = sum(int(n) * _UNIT_SECONDS[unit] for n, unit in _OFFSET_PART_RE.findall(match.group("offset")))
    delta = timedelta(seconds=seconds)
    return now + delta if match.group("sign") == "+" else now - delta


def render_placeholders(data: Any, now: datetime | str | None = None, key: str | None = None) -> Any:
    """Return a copy of ``data`` with every ``@now`` placeholder string replaced.

    A placeholder under a key ending in ``UTC`` becomes an ISO string, any other
    one epoch milliseconds (int).  List items use the key of their list.
    Strings that look like a placeholder but do not parse raise ``ValueError``.
    """
    moment_now = parse_now(now) or _utcnow()
    return _render(data, moment_now, key)


def _render(data: Any, now: datetime, key: str | None) -> Any:
    if isinstance(data, dict):
        return {k: _render(v, now, k) for k, v in data.items()}
    if isinstance(data, list):
        return [_render(v, now, key) for v in data]
    if isinstance(data, str) and data.startswith("@now"):
        moment = _placeholder_moment(data, now)
        if moment is not None:
            if key is not None and key.endswith("UTC"):
                return iso_utc(moment)
            return epoch_ms(moment)
    return data


def generate_accounts(count: int, now: datetime | str | None = None) -> dict[str, dict[str, Any]]:
    """``count`` synthetic healthy accounts ``user00001@example.com`` ... (documented shape).

    Every token stays valid for 31 to 89 days from ``now``; values are deterministic.
    """
    if count < 0:
        raise ValueError("count must be >= 0")
    moment_now = parse_now(now) or _utcnow()
    accounts: dict[str, dict[str, Any]] = {}
    for i in range(1, count + 1):
        address = f"user{i:05d}@example.com"
        accounts[address] = {
            "email": address,
            "cookie": {"lt_id": f"u{i:07d}", "lt_token": SECURED, "lt_refresh_token": SECURED},
            "maxJobs": 5 + i % 16,
            "updatedUTC": iso_utc(moment_now - timedelta(hours=1 + i % 48)),
            "tokenExpireUTC": iso_utc(moment_now + timedelta(days=31 + i % 59)),
        }
    return accounts


# --------------------------------------------------------------------------
# Recorded requests and faults
# --------------------------------------------------------------------------


class Headers(dict):
    """A dict of request headers with lower-cased keys and case-insensitive lookup.

    Repeated headers are joined with ``", "``.
    """

    def __init__(self, items: Any = ()) -> None:
        super().__init__()
        pairs = items.items() if isinstance(items, Mapping) else items
        for name, value in pairs:
            name = str(name).lower()
            if dict.__contains__(self, name):
                value = f"{dict.__getitem__(self, name)}, {value}"
            dict.__setitem__(self, name, value)

    def __getitem__(self, name: str) -> str:
        return dict.__getitem__(self, name.lower())

    def __setitem__(self, name: str, value: str) -> None:
        dict.__setitem__(self, name.lower(), value)

    def __delitem__(self, name: str) -> None:
        dict.__delitem__(self, name.lower())

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and dict.__contains__(self, name.lower())

    def get(self, name: str, default: Any = None) -> Any:
        return dict.get(self, name.lower(), default)


@dataclass
class RecordedRequest:
    """One request as received (recorded before faults and before the auth check).

    Fields are also readable dict-style: ``req["path"]``.
    """

    method: str
    path: str  # raw request target as sent, undecoded, with any query string
    headers: Headers
    body: bytes
    time: float = 0.0
    client: str = ""
    authorized: bool = False  # whether the Authorization header matched the token

    def __getitem__(self, name: str) -> Any:
        try:
            return getattr(self, name)
        except AttributeError:
            raise KeyError(name) from None

    @property
    def text(self) -> str:
        """The body decoded as UTF-8 (invalid bytes replaced)."""
        return self.body.decode("utf-8", "replace")

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.body)

    def to_dict(self, redact_authorization: bool = True) -> dict[str, Any]:
        """A JSON-ready dict; the body as text, the Authorization value hidden."""
        headers = dict(self.headers)
        if redact_authorization and "authorization" in headers:
            headers["authorization"] = "<redacted>"
        return {
            "method": self.method,
            "path": self.path,
            "headers": headers,
            "body": self.text,
            "time": self.time,
            "client": self.client,
            "authorized": self.authorized,
        }


FAULT_KINDS: dict[str, tuple[str, ...]] = {
    # kind -> parameters it accepts
    "status": ("status", "body", "content_type", "headers"),
    "rate_limit": ("retry_after", "status", "body", "headers"),
    "delay": ("seconds",),
    "hang": (),
    "body": ("body", "status", "content_type", "headers", "content_length"),
    "big": ("size_mb", "valid"),
    "redirect": ("location", "status"),
    "close": (),
}


@dataclass
class Fault:
    """A queued misbehaviour; ``times`` is the number of uses left (``None``: forever)."""

    kind: str
    times: int | None = 1
    method: str | None = None
    path: str | None = None
    params: dict[str, Any] = field(default_factory=dict)

    def matches(self, method: str, rel_path: str) -> bool:
        """Whether a request (``rel_path``: path after the API prefix, raw) is affected."""
        if self.method is not None and self.method != method.upper():
            return False
        if self.path is not None and self.path not in rel_path and self.path not in unquote(rel_path):
            return False
        return True

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "times": self.times, "method": self.method, "path": self.path,
                "params": {k: (v.decode("utf-8", "replace") if isinstance(v, bytes) else v)
                           for k, v in self.params.items()}}


def _check_number(params: dict[str, Any], name: str, minimum: float, allow_zero: bool = True) -> None:
    value = params[name]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"fault parameter {name} must be a number")
    if value < minimum or (not allow_zero and value == 0):
        raise ValueError(f"fault parameter {name} out of range: {value}")


def _check_status(params: dict[str, Any], low: int = 100, high: int = 999) -> None:
    value = params["status"]
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"fault parameter status must be an int in {low}..{high}, not {value!r}")


def _make_fault(kind: str, times: int | None, method: str | None, path: str | None,
                params: dict[str, Any]) -> Fault:
    """Validate a fault and fill in defaults."""
    if kind not in FAULT_KINDS:
        raise ValueError(f"unknown fault kind {kind!r}; known: {', '.join(FAULT_KINDS)}")
    unknown = sorted(set(params) - set(FAULT_KINDS[kind]))
    if unknown:
        raise ValueError(f"fault {kind!r} does not take parameter(s): {', '.join(unknown)}")
    if times is not None and (isinstance(times, bool) or not isinstance(times, int) or times < 1):
        raise ValueError("times must be a positive int or None (forever)")
    params = dict(params)
    if kind == "status":
        params.setdefault("status", 503)
        _check_status(params)
    elif kind == "rate_limit":
        params.setdefault("retry_after", "1")
        params.setdefault("status", 429)
        _check_status(params)
        retry_after = params["retry_after"]
        if retry_after is not None and not isinstance(retry_after, (str, int, float)):
            raise ValueError("retry_after must be a string (seconds or an HTTP-date), a number or None")
    elif kind == "delay":
        params.setdefault("seconds", 1.0)
        _check_number(params, "seconds", 0)
    elif kind == "body":
        params.setdefault("body", "")
        params.setdefault("status", 200)
        params.setdefault("content_type", "text/html; charset=utf-8")
        _check_status(params)
        if params.get("content_length") is not None:
            _check_number(params, "content_length", 0)
    elif kind == "big":
        params.setdefault("size_mb", 1)
        params.setdefault("valid", True)
        _check_number(params, "size_mb", 0, allow_zero=False)
    elif kind == "redirect":
        if not params.get("location"):
            raise ValueError("fault 'redirect' needs parameter location")
        params.setdefault("status", 302)
        _check_status(params, 300, 399)
    if not isinstance(params.get("body"), (str, bytes, dict, list, type(None))):
        raise ValueError("fault parameter body must be a dict, list, str, bytes or None")
    if "headers" in params and not isinstance(params["headers"], dict):
        raise ValueError("fault parameter headers must be a dict")
    return Fault(kind=kind, times=times, method=method.upper() if method else None, path=path or None,
                 params=params)


class _BadRequest(Exception):
    """The request cannot be answered normally; carries the status and message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class _ClientGone(Exception):
    """The client closed the connection before sending the whole request."""


# --------------------------------------------------------------------------
# The HTTP server
# --------------------------------------------------------------------------

_QUIET_ERRORS = (ConnectionError, TimeoutError, ssl.SSLError, OSError)


class _Server(ThreadingHTTPServer):
    """ThreadingHTTPServer with daemon threads, per-connection TLS, and tracked connections."""

    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], standin: "StandIn", ssl_context: ssl.SSLContext | None) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.standin = standin
        self.ssl_context = ssl_context
        self._connection_count = 0
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind would do a (possibly slow) reverse DNS lookup.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    def process_request(self, request: Any, client_address: Any) -> None:
        # Like ThreadingMixIn.process_request, but the thread is registered before it
        # starts, so that stop() knows every connection thread it has to wait for.
        self._connection_count += 1
        thread = threading.Thread(target=self.process_request_thread, args=(request, client_address),
                                  name=f"ltxstudio-standin-conn-{self._connection_count}", daemon=True)
        if not self.standin._track(request, thread):
            self.shutdown_request(request)
            return
        thread.start()

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        standin = self.standin
        thread = threading.current_thread()
        conn = request
        try:
            if self.ssl_context is not None:
                # Handshake here, in the connection's own thread, never in the accept loop.
                request.settimeout(TLS_HANDSHAKE_TIMEOUT)
                conn = self.ssl_context.wrap_socket(request, server_side=True)
                conn.settimeout(None)
                if not standin._track(conn, thread):
                    return
            self.finish_request(conn, client_address)
        except Exception:  # pylint: disable=broad-except
            self.handle_error(conn, client_address)
        finally:
            standin._untrack(request, conn, thread)
            self.shutdown_request(conn)

    def handle_error(self, request: Any, client_address: Any) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, _QUIET_ERRORS) or self.standin._stopping.is_set():
            return  # client went away, TLS handshake refused, server stopping: not news
        self.standin._report_error(traceback.format_exc())


class _Handler(BaseHTTPRequestHandler):
    """Answers one connection; all methods go through ``_handle``."""

    protocol_version = "HTTP/1.1"
    server_version = "ltxstudio-standin/1.0"
    sys_version = ""
    server: _Server

    # -- plumbing -----------------------------------------------------------

    def log_message(self, format: str, *args: Any) -> None:  # pylint: disable=redefined-builtin
        # Quiet by default.  Only the request line is ever logged, never headers.
        if self.server.standin.verbose:
            sys.stderr.write(f"stand-in: {self.address_string()} {format % args}\n")

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # Malformed requests (bad request line, too long headers ...): JSON like the rest.
        self.close_connection = True
        try:
            self._send_json_error(code, message or self.responses.get(code, ("Error",))[0])
        except _QUIET_ERRORS:
            pass

    def do_GET(self) -> None:  # pylint: disable=invalid-name
        self._handle()

    do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_GET

    def _send(self, status: int, body: bytes = b"", content_type: str | None = None,
              headers: Mapping[str, Any] | None = None) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, str(value))
        no_body = status in (204, 304) or status < 200
        if not no_body:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body and not no_body and self.command != "HEAD":
            self.wfile.write(body)

    def _send_json(self, status: int, payload: Any, headers: Mapping[str, Any] | None = None) -> None:
        self._send(status, _json_bytes(payload), JSON_CONTENT_TYPE, headers)

    def _send_json_error(self, status: int, message: str, headers: Mapping[str, Any] | None = None) -> None:
        self._send_json(status, {"error": message, "code": status}, headers)

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._read_chunked()
        length_header = self.headers.get("Content-Length")
        if length_header is None:
            return b""
        try:
            length = int(length_header)
        except ValueError:
            raise _BadRequest(400, "Invalid Content-Length") from None
        if length < 0:
            raise _BadRequest(400, "Invalid Content-Length")
        if length > MAX_BODY_BYTES:
            raise _BadRequest(413, "Request body too large")
        body = self.rfile.read(length)
        if len(body) < length:
            raise _ClientGone()
        return body

    def _read_chunked(self) -> bytes:
        parts: list[bytes] = []
        total = 0
        while True:
            line = self.rfile.readline(1024)
            if not line:
                raise _ClientGone()
            try:
                size = int(line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                raise _BadRequest(400, "Invalid chunked encoding") from None
            if size == 0:
                while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return b"".join(parts)
            total += size
            if total > MAX_BODY_BYTES:
                raise _BadRequest(413, "Request body too large")
            chunk = self.rfile.read(size)
            if len(chunk) < size:
                raise _ClientGone()
            parts.append(chunk)
            self.rfile.readline(1024)  # CRLF after the chunk

    # -- dispatch -----------------------------------------------------------

    def _handle(self) -> None:
        try:
            self._dispatch()
        except _ClientGone:
            self.close_connection = True
        except _QUIET_ERRORS:
            self.close_connection = True
        except Exception:  # pylint: disable=broad-except
            # A bug in the stand-in: report it and answer 500 rather than hang up.
            self.close_connection = True
            self.server.standin._report_error(traceback.format_exc())
            try:
                self._send_json_error(500, "stand-in internal error")
            except _QUIET_ERRORS:
                pass

    def _dispatch(self) -> None:
        standin = self.server.standin
        path = self.path.split("?", 1)[0]
        try:
            body = self._read_body()
        except _BadRequest as exc:
            self.close_connection = True
            self._send_json_error(exc.status, exc.message)
            return

        if path == CONTROL_PREFIX or path.startswith(CONTROL_PREFIX + "/"):
            self._control(path[len(CONTROL_PREFIX):], body)
            return

        auth_values = self.headers.get_all("Authorization") or []
        authorized = standin.token is None or (len(auth_values) == 1 and auth_values[0] == f"Bearer {standin.token}")
        standin._record(RecordedRequest(
            method=self.command, path=self.path, headers=Headers(self.headers.items()), body=body,
            time=time.time(), client=str(self.client_address[0]), authorized=authorized))

        in_api = path == API_PREFIX or path.startswith(API_PREFIX + "/")
        rel_path = path[len(API_PREFIX):] if in_api else path
        fault = standin._take_fault(self.command, rel_path)
        if fault is not None and self._apply_fault(fault):
            return

        if not in_api:  # outside /v1/ltxstudio: nothing here, token or not
            self._send_json_error(404, "Not Found")
            return
        if not authorized:
            self._send_json_error(401, MSG_UNAUTHORIZED)
            return
        self._route(rel_path, body)

    def _route(self, rel_path: str, body: bytes) -> None:
        standin = self.server.standin
        method = self.command
        if rel_path == "/accounts":
            if method in ("GET", "HEAD"):
                status, payload = standin._api_list()
            elif method == "POST":
                status, payload = standin._api_create(self._parse_create_payload(body))
            else:
                self._send_json_error(405, "Method Not Allowed", {"Allow": "GET, HEAD, POST"})
                return
        elif rel_path.startswith("/accounts/"):
            segment = rel_path[len("/accounts/"):]
            if "/" in segment:
                self._send_json_error(404, "Not Found")
                return
            try:
                address = unquote(segment, encoding="utf-8", errors="strict")
            except UnicodeDecodeError:
                address = None
            if method in ("GET", "HEAD"):
                status, payload = standin._api_get(address)
            elif method == "DELETE":
                status, payload = standin._api_delete(address)
            else:
                self._send_json_error(405, "Method Not Allowed", {"Allow": "GET, HEAD, DELETE"})
                return
        else:
            self._send_json_error(404, "Not Found")
            return
        if payload is None:
            self._send(status)
        elif isinstance(payload, bytes):  # already serialised
            self._send(status, payload, JSON_CONTENT_TYPE)
        else:
            self._send_json(status, payload)

    def _parse_create_payload(self, body: bytes) -> dict[str, Any] | _BadRequest:
        """The POST /accounts fields, or a _BadRequest to answer with."""
        content_type = (self.headers.get("Content-Type") or "").strip()
        media_type = content_type.split(";", 1)[0].strip().lower()
        try:
            if media_type == "application/x-www-form-urlencoded":
                fields = parse_qs(body.decode("utf-8"), keep_blank_values=True)
                return _form_fields({name: values[0] for name, values in fields.items()})
            if media_type == "multipart/form-data":
                parts = _parse_multipart(content_type, body)
                return parts if isinstance(parts, _BadRequest) else _form_fields(parts)
            payload = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            return _BadRequest(400, f"Invalid request body: {exc}")
        if not isinstance(payload, dict):
            return _BadRequest(400, "Request body must be a JSON object")
        return payload

    # -- faults -------------------------------------------------------------

    def _apply_fault(self, fault: Fault) -> bool:
        """Act out a fault; True when the request is finished (answered or dropped)."""
        standin = self.server.standin
        params = fault.params
        kind = fault.kind
        if kind == "delay":
            if standin._stopping.wait(params["seconds"]):
                self.close_connection = True
                return True
            return False
        if kind in ("hang", "close"):
            if kind == "hang":
                standin._stopping.wait()
            self.close_connection = True
            return True
        if kind in ("status", "rate_limit", "body"):
            status = params["status"]
            payload = params.get("body")
            if payload is None and kind != "body":
                payload = {"error": "Too many requests" if kind == "rate_limit"
                           else (self.responses.get(status, ("Injected fault",))[0] or "Injected fault"),
                           "code": status}
            if isinstance(payload, (dict, list)):
                data = _json_bytes(payload)
                default_type = JSON_CONTENT_TYPE
            else:
                data = payload.encode("utf-8") if isinstance(payload, str) else bytes(payload or b"")
                default_type = "text/plain; charset=utf-8"
            content_type = params.get("content_type", default_type)
            headers = dict(params.get("headers") or {})
            if kind == "rate_limit" and params.get("retry_after") is not None:
                retry_after = params["retry_after"]
                if isinstance(retry_after, float) and retry_after.is_integer():
                    retry_after = int(retry_after)
                headers.setdefault("Retry-After", str(retry_after))
            declared = params.get("content_length")
            if declared is not None and int(declared) != len(data):
                self._send_truncated(status, data, content_type, headers, int(declared))
                return True
            self._send(status, data, content_type, headers)
            return True
        if kind == "redirect":
            self._send(params["status"], b"", None, {"Location": params["location"]})
            return True
        if kind == "big":
            self._send_big(int(float(params["size_mb"]) * 1024 * 1024), bool(params["valid"]))
            return True
        raise AssertionError(f"unhandled fault kind {kind}")  # _make_fault validated it

    def _send_truncated(self, status: int, data: bytes, content_type: str | None,
                        headers: Mapping[str, Any], declared: int) -> None:
        """Announce ``declared`` bytes, send ``data`` (or a cut of it), then hang up."""
        self.close_connection = True
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in headers.items():
            self.send_header(name, str(value))
        self.send_header("Content-Length", str(declared))
        self.end_headers()
        self.wfile.write(data[:declared])

    def _send_big(self, size: int, valid: bool) -> None:
        """Stream a ``size``-byte 200 application/json body in chunks."""
        standin = self.server.standin
        chunks = _big_json_chunks(size, standin.current_now()) if valid else _big_invalid_chunks(size)
        size = max(size, 2) if valid else size
        self.send_response(200)
        self.send_header("Content-Type", JSON_CONTENT_TYPE)
        self.send_header("Content-Length", str(size))
        self.end_headers()
        for chunk in chunks:
            if standin._stopping.is_set():
                self.close_connection = True
                return
            self.wfile.write(chunk)

    # -- control endpoints --------------------------------------------------

    def _control(self, sub: str, body: bytes) -> None:
        standin = self.server.standin
        method = self.command
        routes = {
            "/health": ("GET",), "/state": ("GET",), "/cookies": ("GET",),
            "/requests": ("GET", "DELETE"), "/faults": ("GET", "POST", "DELETE"), "/reset": ("POST",),
        }
        if sub not in routes:
            self._send_json_error(404, "Not Found")
            return
        if method not in routes[sub]:
            self._send_json_error(405, "Method Not Allowed", {"Allow": ", ".join(routes[sub])})
            return
        payload: Any = None
        if method == "POST" and body.strip():
            try:
                payload = json.loads(body.decode("utf-8"))
            except (UnicodeDecodeError, ValueError) as exc:
                self._send_json_error(400, f"Invalid JSON body: {exc}")
                return
        try:
            answer = standin._control(method, sub, payload)
        except (ValueError, TypeError, KeyError, OSError) as exc:
            self._send_json_error(400, str(exc))
            return
        if isinstance(answer, bytes):  # already serialised
            self._send(200, answer, JSON_CONTENT_TYPE)
        else:
            self._send_json(200, answer)


def _json_bytes(payload: Any) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _form_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """Form fields are strings: read a decimal maxJobs as a number, as JSON would give it."""
    max_jobs = fields.get("maxJobs")
    if isinstance(max_jobs, str) and re.fullmatch(r"\s*\d{1,9}\s*", max_jobs):
        fields["maxJobs"] = int(max_jobs)
    return fields


def _parse_multipart(content_type: str, body: bytes) -> dict[str, Any] | _BadRequest:
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1")
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    if not message.is_multipart():
        return _BadRequest(400, "Invalid multipart body")
    fields: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if name:
            data = part.get_payload(decode=True)
            fields[str(name)] = data.decode("utf-8") if isinstance(data, bytes) else ""
    return fields


def _big_json_chunks(size: int, now: datetime) -> Iterator[bytes]:
    """A valid accounts-shaped JSON object of exactly ``max(size, 2)`` bytes, in chunks."""
    size = max(size, 2)
    updated, expire = iso_utc(now), iso_utc(now + timedelta(days=60))

    def entry(i: int) -> bytes:
        address = f"big{i:09d}@example.com"
        return _json_bytes({address: {
            "email": address,
            "cookie": {"lt_id": f"b{i:09d}", "lt_token": SECURED, "lt_refresh_token": SECURED},
            "maxJobs": 20, "updatedUTC": updated, "tokenExpireUTC": expire}})[1:-1]

    width = len(entry(0))  # fixed-width numbering: every entry has this many bytes
    count = (size - 1) // (width + 1) if size >= width + 2 else 0
    padding = size - 2 if count == 0 else size - 1 - count * (width + 1)
    yield b"{"
    batch: list[bytes] = []
    batch_bytes = 0
    for i in range(count):
        batch.append(entry(i) if i == 0 else b"," + entry(i))
        batch_bytes += width + 1
        if batch_bytes >= STREAM_CHUNK_BYTES:
            yield b"".join(batch)
            batch, batch_bytes = [], 0
    if batch:
        yield b"".join(batch)
    while padding > 0:
        step = min(padding, STREAM_CHUNK_BYTES)
        yield b" " * step
        padding -= step
    yield b"}"


def _big_invalid_chunks(size: int) -> Iterator[bytes]:
    """``size`` bytes that start like JSON and never close."""
    head = b'{"padding":"'[:size]
    yield head
    remaining = size - len(head)
    while remaining > 0:
        step = min(remaining, STREAM_CHUNK_BYTES)
        yield b"x" * step
        remaining -= step


# --------------------------------------------------------------------------
# The stand-in
# --------------------------------------------------------------------------


class StandIn:
    """The LTX Studio accounts API stand-in server.

    Parameters:
        accounts: the configuration: a dict email -> account (copied, ``@now``
            placeholders rendered), a path to a JSON fixture, or ``None`` for
            "no configuration at all" (GET /accounts answers 404).
        token: the API token; requests need ``Authorization: Bearer <token>``
            exactly.  ``None`` turns the check off.
        host, port: where to listen (``port=0``: any free port).
        ssl_context: a server ``ssl.SSLContext`` to serve HTTPS.
        now: fixed "now" (aware datetime, ISO string) for placeholders and
            POST timestamps; ``None``: the real UTC time.
        subscription: ``False`` makes POST /accounts answer 402.
        delete_status: status of a successful DELETE (204: empty body; other
            2xx: ``{"account": email, "deleted": true}``).
        identities: dict lt_id -> email used by POST /accounts to name accounts.
        verbose: log one line per request (request line only) to stderr.
        record_limit: keep at most this many recorded requests (oldest dropped);
            ``None``: no limit.

    Attributes ``token``, ``subscription``, ``delete_status``, ``identities``,
    ``now`` and ``verbose`` may be changed while the server runs.
    """

    def __init__(self, accounts: Mapping[str, Any] | str | os.PathLike | None = None, token: str | None = "test-token",
                 host: str = "127.0.0.1", port: int = 0, ssl_context: ssl.SSLContext | None = None,
                 now: datetime | str | None = None, subscription: bool = True, delete_status: int = 204,
                 identities: Mapping[str, str] | None = None, verbose: bool = False,
                 record_limit: int | None = None) -> None:
        self.token = token
        self.host = host
        self._requested_port = int(port)
        self.ssl_context = ssl_context
        self.now = parse_now(now)
        self.subscription = subscription
        self.delete_status = int(delete_status)
        self.identities: dict[str, str] = dict(identities or {})
        self.verbose = verbose
        self.record_limit = record_limit

        self._lock = threading.RLock()           # accounts, requests, cookies, faults
        self._conn_lock = threading.Lock()        # open connections and their threads
        self._stopping = threading.Event()        # set by stop(): wakes hang/delay faults
        self._accounts: Any = self._coerce_accounts(accounts)
        self._initial_accounts: Any = copy.deepcopy(self._accounts)
        self._requests: list[RecordedRequest] = []
        self._received_cookies: dict[str, str] = {}
        self._faults: list[Fault] = []
        self._errors: list[str] = []
        self._connections: set[socket.socket] = set()
        self._threads: set[threading.Thread] = set()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ----------------------------------------------------------

    def start(self) -> "StandIn":
        """Bind and serve in a daemon thread; returns self."""
        if self._server is not None:
            raise RuntimeError("stand-in already started")
        self._stopping.clear()
        server = _Server((self.host, self._requested_port), self, self.ssl_context)
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="ltxstudio-standin-serve", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Stop serving, drop open connections (hung ones too) and wait for the threads.

        Safe to call twice and on a server never started.
        """
        server = self._server
        if server is None:
            return
        self._stopping.set()  # wakes "hang" and "delay" faults
        server.shutdown()  # ends serve_forever; no new connections after this
        with self._conn_lock:
            connections = list(self._connections)
            threads = list(self._threads)
        for conn in connections:
            try:
                # socket.socket.shutdown, not SSLSocket.shutdown: unblock readers without
                # tearing the TLS object down under the feet of the connection's thread.
                socket.socket.shutdown(conn, socket.SHUT_RDWR)
            except OSError:
                pass
        server.server_close()
        deadline = time.monotonic() + timeout
        if self._thread is not None:
            self._thread.join(max(0.0, deadline - time.monotonic()))
        for thread in threads:
            if thread is not threading.current_thread():
                thread.join(max(0.0, deadline - time.monotonic()))
        self._server = None
        self._thread = None

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        return f"<StandIn {self.url if self.running else self.host} {state}>"

    def __enter__(self) -> "StandIn":
        return self.start()

    def __exit__(self, *exc_info: Any) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        """Whether the server is started and not stopped."""
        return self._server is not None

    @property
    def port(self) -> int:
        """The port listened on (the requested one before start)."""
        if self._server is not None:
            return int(self._server.server_address[1])
        return self._requested_port

    @property
    def base_url(self) -> str:
        """``http(s)://host:port`` without the API prefix (control endpoints live here)."""
        scheme = "https" if self.ssl_context is not None else "http"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{scheme}://{host}:{self.port}"

    @property
    def url(self) -> str:
        """The API base URL, e.g. ``http://127.0.0.1:PORT/v1/ltxstudio``."""
        return self.base_url + API_PREFIX

    # -- state --------------------------------------------------------------

    @property
    def accounts(self) -> Any:
        """The live configuration (dict email -> account; ``None``: no configuration)."""
        return self._accounts

    @accounts.setter
    def accounts(self, value: Any) -> None:
        coerced = self._coerce_accounts(value)
        with self._lock:
            self._accounts = coerced

    @property
    def requests(self) -> list[RecordedRequest]:
        """Recorded API requests, oldest first (control endpoints are not recorded)."""
        return self._requests

    @property
    def received_cookies(self) -> dict[str, str]:
        """email -> the raw cookie string last POSTed for it."""
        return self._received_cookies

    @property
    def faults(self) -> list[Fault]:
        """A snapshot of the pending faults."""
        with self._lock:
            return [copy.copy(f) for f in self._faults]

    @property
    def errors(self) -> list[str]:
        """Tracebacks of unexpected errors inside the stand-in (should stay empty)."""
        return self._errors

    def current_now(self) -> datetime:
        """The fixed ``now`` if one was given, else the real UTC time."""
        return self.now or _utcnow()

    def add_fault(self, kind: str, times: int | None = 1, method: str | None = None, path: str | None = None,
                  **params: Any) -> Fault:
        """Queue a fault; the first matching queued fault is used by each request.

        ``method``: only requests with this method; ``path``: only requests whose
        path after ``/v1/ltxstudio`` contains this string (raw or percent-decoded);
        ``times``: how many requests it affects (``None``: all, until cleared).
        Raises ValueError for unknown kinds or parameters.
        """
        fault = _make_fault(kind, times, method, path, params)
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear_faults(self) -> None:
        """Drop all pending faults."""
        with self._lock:
            self._faults.clear()

    def clear_requests(self) -> None:
        """Forget the recorded requests."""
        with self._lock:
            self._requests.clear()

    def reset(self, accounts: Any = _UNSET) -> None:
        """Forget requests, received cookies, faults and errors; set the configuration.

        Without ``accounts`` the configuration given to the constructor comes back;
        otherwise ``accounts`` is used as in the constructor (``None``: none at all).
        """
        coerced = copy.deepcopy(self._initial_accounts) if accounts is _UNSET else self._coerce_accounts(accounts)
        with self._lock:
            self._accounts = coerced
            self._requests.clear()
            self._received_cookies.clear()
            self._faults.clear()
            self._errors.clear()

    @staticmethod
    def load_fixture(path: str | os.PathLike, now: datetime | str | None = None) -> Any:
        """Read a JSON fixture and render its ``@now`` placeholders (``null`` gives None)."""
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        return render_placeholders(data, now)

    def _coerce_accounts(self, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, (str, os.PathLike)):
            return self.load_fixture(value, self.now)
        return render_placeholders(copy.deepcopy(value), self.now)

    # -- internals used by the handler --------------------------------------

    def _track(self, conn: socket.socket, thread: threading.Thread) -> bool:
        """Register an open connection; False (do not serve it) when stopping."""
        with self._conn_lock:
            if self._stopping.is_set():
                return False
            self._connections.add(conn)
            self._threads.add(thread)
            return True

    def _untrack(self, request: socket.socket, conn: socket.socket, thread: threading.Thread) -> None:
        with self._conn_lock:
            self._connections.discard(request)
            self._connections.discard(conn)
            self._threads.discard(thread)

    def _report_error(self, text: str) -> None:
        with self._lock:
            self._errors.append(text)
        sys.stderr.write(f"stand-in: internal error\n{text}")

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)
            limit = self.record_limit
            if limit is not None and len(self._requests) > limit:
                del self._requests[: len(self._requests) - limit]

    def _take_fault(self, method: str, rel_path: str) -> Fault | None:
        with self._lock:
            for index, fault in enumerate(self._faults):
                if fault.matches(method, rel_path):
                    if fault.times is not None:
                        fault.times -= 1
                        if fault.times <= 0:
                            del self._faults[index]
                    return fault
        return None

    def _api_list(self) -> tuple[int, Any]:
        with self._lock:
            accounts = self._accounts
            if accounts is None or (isinstance(accounts, dict) and not accounts):
                return 404, {"error": MSG_NO_CONFIGURATION, "code": 404}
            # Serialised under the lock: no copy of a large configuration needed.
            return 200, _json_bytes(accounts)

    def _api_get(self, address: str | None) -> tuple[int, Any]:
        with self._lock:
            accounts = self._accounts
            if address is None or not isinstance(accounts, dict) or address not in accounts:
                return 404, {"error": MSG_NO_ACCOUNT, "code": 404}
            account = copy.deepcopy(accounts[address])
        if isinstance(account, dict):
            latest = epoch_ms(self.current_now() - timedelta(hours=1))
            account.setdefault("balance", {"LTXStudio_token": DEFAULT_BALANCE})
            account.setdefault("latestCreatedAtMs", {"LTXStudio_token": latest})
        return 200, account

    def _api_delete(self, address: str | None) -> tuple[int, Any]:
        with self._lock:
            accounts = self._accounts
            if address is None or not isinstance(accounts, dict) or address not in accounts:
                return 404, {"error": MSG_NO_ACCOUNT, "code": 404}
            del accounts[address]
        status = self.delete_status
        if status == 204 or status < 200:
            return status, None
        return status, {"account": address, "deleted": True}

    def _api_create(self, payload: dict[str, Any] | _BadRequest) -> tuple[int, Any]:
        if not self.subscription:
            return 402, {"error": MSG_SUBSCRIPTION, "code": 402}
        if isinstance(payload, _BadRequest):
            return payload.status, {"error": payload.message, "code": payload.status}
        raw_cookie = payload.get("cookie")
        if not isinstance(raw_cookie, str) or not raw_cookie.strip():
            return 400, {"error": "Missing required parameter: cookie", "code": 400}
        cookies = _parse_cookie(raw_cookie)
        missing = [name for name in REQUIRED_COOKIE_FIELDS if not cookies.get(name)]
        if missing:
            return 400, {"error": "Missing required cookie fields: " + " | ".join(missing), "code": 400}
        max_jobs = _parse_max_jobs(payload.get("maxJobs"))
        if max_jobs is None:
            return 400, {"error": "Parameter maxJobs must be an integer between 1 and 100", "code": 400}

        lt_id = cookies["lt_id"]
        now = self.current_now()
        expire = now + TOKEN_LIFETIME
        masked = {"lt_id": lt_id}
        masked.update({name: SECURED for name in cookies if name != "lt_id"})
        with self._lock:
            if not isinstance(self._accounts, dict):
                self._accounts = {}
            accounts = self._accounts
            address = self._email_for(lt_id, accounts)
            account: dict[str, Any] = {
                "email": address,
                "cookie": masked,
                "maxJobs": max_jobs,
                "updated": epoch_ms(now),
                "updatedUTC": iso_utc(now),
                "tokenExpire": epoch_ms(expire),
                "tokenExpireUTC": iso_utc(expire),
            }
            previous = accounts.get(address)
            if isinstance(previous, dict):
                for name, value in previous.items():
                    if name not in account and name != "error":
                        account[name] = value  # keep fields we do not manage; a re-add clears errors
            accounts[address] = account
            self._received_cookies[address] = raw_cookie
            return 200, copy.deepcopy(account)

    def _email_for(self, lt_id: str, accounts: dict[str, Any]) -> str:
        if lt_id in self.identities:
            return self.identities[lt_id]
        for address, account in accounts.items():
            if isinstance(account, dict):
                cookie = account.get("cookie")
                if isinstance(cookie, dict) and cookie.get("lt_id") == lt_id:
                    return address
        return f"{lt_id}@{FALLBACK_EMAIL_DOMAIN}"

    def _control(self, method: str, sub: str, payload: Any) -> Any:
        """Answer a control endpoint (called by the handler; no auth, not recorded)."""
        if sub == "/health":
            with self._lock:
                accounts = self._accounts
                return {"status": "ok", "url": self.url,
                        "accounts": len(accounts) if isinstance(accounts, dict) else None,
                        "requests": len(self._requests), "faults": len(self._faults)}
        if sub == "/state":
            with self._lock:
                return _json_bytes(self._accounts)
        if sub == "/cookies":
            with self._lock:
                return dict(self._received_cookies)
        if sub == "/requests":
            with self._lock:
                recorded = [r.to_dict() for r in self._requests]
                if method == "DELETE":
                    self._requests.clear()
            return recorded
        if sub == "/faults":
            if method == "GET":
                return [f.to_dict() for f in self.faults]
            if method == "DELETE":
                self.clear_faults()
                return {"faults": 0}
            specs = payload if isinstance(payload, list) else [payload]
            faults = [self._fault_from_spec(spec) for spec in specs]  # validate all first
            with self._lock:
                self._faults.extend(faults)
                return {"faults": len(self._faults)}
        if sub == "/reset":
            return self._control_reset(payload or {})
        raise KeyError(sub)

    @staticmethod
    def _fault_from_spec(spec: Any) -> Fault:
        if not isinstance(spec, dict) or "kind" not in spec:
            raise ValueError('a fault is a JSON object with at least "kind"')
        spec = dict(spec)
        kind = spec.pop("kind")
        times = spec.pop("times", 1)
        method = spec.pop("method", None)
        path = spec.pop("path", None)
        params = dict(spec.pop("params", None) or {})
        params.update(spec)
        return _make_fault(kind, times, method, path, params)

    def _control_reset(self, payload: Any) -> dict[str, Any]:
        if not isinstance(payload, dict):
            raise ValueError("reset takes a JSON object")
        sources = [k for k in ("accounts", "fixture", "generate") if k in payload]
        if len(sources) > 1:
            raise ValueError("give at most one of accounts, fixture, generate")
        if "fixture" in payload:
            self.reset(str(payload["fixture"]))
        elif "generate" in payload:
            self.reset(generate_accounts(int(payload["generate"]), self.now))
        elif "accounts" in payload:
            self.reset(payload["accounts"])
        else:
            self.reset()
        if "subscription" in payload:
            self.subscription = bool(payload["subscription"])
        if "delete_status" in payload:
            self.delete_status = int(payload["delete_status"])
        if "identities" in payload:
            self.identities = dict(payload["identities"] or {})
        with self._lock:
            accounts = self._accounts
            return {"status": "reset", "accounts": len(accounts) if isinstance(accounts, dict) else None}


def _parse_cookie(raw: str) -> dict[str, str]:
    """``"lt_id=a; lt_token=b"`` -> dict; a leading ``Cookie:`` is tolerated."""
    text = raw.strip()
    if text[:7].lower() == "cookie:":
        text = text[7:]
    cookies: dict[str, str] = {}
    for part in text.split(";"):
        name, sep, value = part.partition("=")
        name = name.strip()
        if sep and name:
            cookies[name] = value.strip()
    return cookies


def _parse_max_jobs(value: Any) -> int | None:
    """maxJobs as an int in 1..100 (default 20), or None when invalid."""
    if value is None:
        return 20
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 20.0 is 20 in JSON (and to the JavaScript service)
    if not isinstance(value, int) or not 1 <= value <= 100:
        return None
    return value


# --------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------


def _write_port_file(path: str, port: int) -> None:
    """Write the port atomically: a temporary file in the same folder, then rename."""
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="ascii") as handle:
        handle.write(f"{port}\n")
    os.replace(tmp, path)


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ltxstudio_standin.py",
        description="Serve a stand-in for the useapi.net LTX Studio accounts API until SIGTERM/SIGINT.")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--fixture", metavar="FILE", help="JSON fixture to serve as GET /accounts")
    source.add_argument("--generate", metavar="N", type=int,
                        help="serve N synthetic healthy accounts user00001@example.com ... instead")
    parser.add_argument("--token", default=os.environ.get("STANDIN_TOKEN") or "demo-token",
                        help="API token to require (default: $STANDIN_TOKEN or demo-token)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port (default 0: any free port)")
    parser.add_argument("--port-file", metavar="FILE", help="write the port here once listening (atomically)")
    parser.add_argument("--now", metavar="ISO", help="fixed 'now', e.g. 2025-06-03T12:13:14Z")
    parser.add_argument("--tls-cert", metavar="FILE", help="certificate chain (PEM) to serve HTTPS")
    parser.add_argument("--tls-key", metavar="FILE", help="private key (PEM) of --tls-cert")
    parser.add_argument("--no-subscription", action="store_true", help="POST /accounts answers 402")
    parser.add_argument("--delete-status", type=int, default=204, help="status of a successful DELETE (204)")
    parser.add_argument("--max-recorded", type=int, default=10000, metavar="N",
                        help="keep at most N recorded requests (default 10000)")
    parser.add_argument("--quiet", action="store_true", help="do not print the 'listening' line")
    parser.add_argument("--verbose", action="store_true", help="log each request line to stderr")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the stand-in from the command line; returns the exit status."""
    parser = _build_parser()
    args = parser.parse_args(argv)
    if bool(args.tls_cert) != bool(args.tls_key):
        parser.error("--tls-cert and --tls-key go together")

    stop_requested = []

    def _on_signal(signum: int, frame: Any) -> None:  # pylint: disable=unused-argument
        stop_requested.append(signum)

    # Before anything else, so that a signal at any later point means a clean exit.
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)

    try:
        now = parse_now(args.now)
        if args.generate is not None:
            accounts: Any = generate_accounts(args.generate, now)
        else:
            accounts = args.fixture  # a path, or None: no configuration
        context = None
        if args.tls_cert:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(args.tls_cert, args.tls_key)
        server = StandIn(accounts=accounts, token=args.token, host=args.host, port=args.port,
                         ssl_context=context, now=now, subscription=not args.no_subscription,
                         delete_status=args.delete_status, verbose=args.verbose,
                         record_limit=args.max_recorded)
        server.start()
    except (OSError, ValueError, TypeError) as exc:
        sys.stderr.write(f"stand-in: error: {exc}\n")
        return 2

    try:
        if args.port_file:
            _write_port_file(args.port_file, server.port)
        if not args.quiet:
            sys.stdout.write(f"stand-in listening on {server.url}\n")
            sys.stdout.flush()
        while not stop_requested:
            time.sleep(0.05)
    except OSError as exc:
        sys.stderr.write(f"stand-in: error: {exc}\n")
        return 2
    finally:
        server.stop()
        if args.port_file:
            try:
                os.remove(args.port_file)
            except OSError:
                pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
