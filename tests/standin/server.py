"""The stand-in server: one port, every service under its own root, plus ``GET /v2/account``.

HTTP is pytest-httpserver's server (werkzeug); this module only routes, keeps the state and
records what came in. Socket-level faults act on the connection werkzeug hands over.
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
import os
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable
from urllib.parse import unquote

from pytest_httpserver.httpserver import HTTPServerBase

from .faults import JSON_TYPE, Fault, act_on_socket, encode, http_answer, phrase
from .services import SERVICES, Post, Reject, build, fallback_id, mask_email, parse_now, render

SUBSCRIPTION_PATH = "/v2/account"
NO_CONFIGURATION = "Configuration not found. To create configuration use POST /accounts."


class _Dropped(ConnectionAbortedError):
    """Raised to werkzeug after a socket fault: it treats the request as a dropped connection."""


@dataclass
class RecordedRequest:
    """One request as received, before any fault or auth check. ``path`` is the raw target, query included."""

    method: str
    path: str
    query: str
    headers: dict                 # lower-case names; the Authorization value is redacted
    body: bytes
    json: Any                     # the body parsed as JSON, or None
    service: str | None           # whose root the path is under ("v2" for /v2/account)
    authorized: bool              # Authorization was exactly "Bearer <token>"
    time: float = 0.0
    _authorization: str | None = field(default=None, repr=False)  # sha256 of the header, never the value

    def __getitem__(self, name: str) -> Any:
        return getattr(self, name)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def bearer_is(self, token: str) -> bool:
        """Whether the request carried exactly ``Authorization: Bearer <token>``."""
        return self._authorization == _digest("Bearer " + token)

    def to_dict(self) -> dict:
        return {"method": self.method, "path": self.path, "headers": self.headers, "body": self.text,
                "service": self.service, "authorized": self.authorized, "time": self.time}


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def _reply(status: int, payload: Any = None, content_type: str | None = None, headers: dict | None = None) -> Callable:
    """A WSGI answer. (Not werkzeug's Response: it would name useapi.net's 596 "UNKNOWN".)"""
    body, content_type = encode(payload, content_type)
    head = ([("Content-Type", content_type)] if content_type else []) + [(k, str(v)) for k, v in (headers or {}).items()]
    if status >= 200 and status not in (204, 304):
        head.append(("Content-Length", str(len(body))))

    def answer(environ: dict, start_response: Callable) -> list:
        start_response("%d %s" % (status, phrase(status)), head)
        return [body] if body else []
    return answer


def _error(status: int, message: str, headers: dict | None = None) -> Callable:
    return _reply(status, {"error": message, "code": status}, headers=headers)


class _Server(HTTPServerBase):
    """pytest-httpserver's threaded werkzeug server, every request to the stand-in, nothing logged."""

    def __init__(self, standin: "StandIn", host: str, port: int, ssl_context: Any) -> None:
        super().__init__(host, port, ssl_context, threaded=True)
        self.standin = standin
        werkzeug_log = logging.getLogger("werkzeug")
        if werkzeug_log.level == logging.NOTSET:
            werkzeug_log.setLevel(logging.CRITICAL)  # no request lines or TLS chatter on stderr

    def dispatch(self, request: Any) -> Callable:
        return self.standin._answer(request)

    application = dispatch  # no pytest-httpserver log: it would grow without bound

    def thread_target(self) -> None:
        self.server.serve_forever(poll_interval=0.05)  # stop() returns quickly


class StandIn:
    """The useapi.net accounts API stand-in (see the package docstring for the parameters)."""

    def __init__(self, accounts: Any = None, token: str | None = "test-token", host: str = "127.0.0.1", port: int = 0,
                 ssl_context: Any = None, now: datetime | str | None = None, subscription: bool = True,
                 delete_status: int = 204, identities: dict | None = None, services: dict | None = None,
                 record_limit: int | None = None, mask_keep: int = 2) -> None:
        self.token, self.host, self.port, self.ssl_context = token, host, int(port), ssl_context
        self.mask_keep = int(mask_keep)  # characters a masked list key keeps (Google Flow: 2, or 1 since Dec 1, 2025)
        self.now = parse_now(now)
        self.subscription = subscription
        self.delete_status = int(delete_status)
        self.identities: dict = dict(identities or {})
        self.record_limit = record_limit
        self._lock = threading.RLock()
        self._stopping = threading.Event()
        self._configs: dict = dict.fromkeys(SERVICES)
        self._received: dict = {name: {} for name in SERVICES}
        self._ids: dict = {}  # (service, credential key) -> the id a POST gave it
        self.requests: list = []  # RecordedRequest, in the order received
        self.errors: list = []  # tracebacks of the stand-in's own failures (should stay empty)
        self._faults: list = []
        self._server: _Server | None = None
        services = dict(services or {})
        if accounts is not None:
            if "ltxstudio" in services:
                raise ValueError("give the LTX Studio configuration as accounts= or in services=, not both")
            services["ltxstudio"] = accounts
        for name, value in services.items():
            self.load(name, value)

    def start(self) -> "StandIn":
        if self._server is not None:
            raise RuntimeError("stand-in already started")
        self._stopping.clear()
        self._server = _Server(self, self.host, self.port, self.ssl_context)
        self._server.start()
        self.port = self._server.port
        return self

    def stop(self) -> None:
        """Stop serving; hung connections are let go. Safe to call twice."""
        if self._server is not None:
            self._stopping.set()
            self._server.stop()
            self._server = None

    def __enter__(self) -> "StandIn":
        return self.start()

    def __exit__(self, *exc_info: Any) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        host = "[%s]" % self.host if ":" in self.host else self.host
        return "%s://%s:%d" % ("https" if self.ssl_context else "http", host, self.port)

    def service_url(self, name: str) -> str:
        """The API root of one service, e.g. ``http://127.0.0.1:PORT/v1/kling``."""
        return self.base_url + SERVICES[name].root

    @property
    def url(self) -> str:
        return self.service_url("ltxstudio")

    def current_now(self) -> datetime:
        return self.now or datetime.now(timezone.utc)

    def load(self, name: str, value: Any) -> None:
        """Set a service's configuration: a dict (placeholders rendered), a JSON fixture path, or None."""
        if name not in SERVICES:
            raise ValueError("unknown service %r; known: %s" % (name, ", ".join(SERVICES)))
        if isinstance(value, (str, os.PathLike)):
            value = load_fixture(value, self.current_now())
        elif value is not None:
            value = render(copy.deepcopy(value), self.current_now())
        with self._lock:
            self._configs[name] = value

    def config(self, name: str) -> Any:
        """The live configuration of a service (dict id -> account, or None)."""
        return self._configs[name]

    def received(self, name: str) -> dict:
        """id -> the credential last POSTed for it (cookie, password, token ...), per service."""
        return self._received[name]

    @property
    def accounts(self) -> Any:
        return self._configs["ltxstudio"]

    @accounts.setter
    def accounts(self, value: Any) -> None:
        self.load("ltxstudio", value)

    @property
    def received_cookies(self) -> dict:
        return self._received["ltxstudio"]

    def clear_requests(self) -> None:
        with self._lock:
            self.requests.clear()

    def add_fault(self, kind: str, times: int | None = 1, method: str | None = None, path: str | None = None,
                  **params: Any) -> Fault:
        """Queue a fault (see faults.py); each request takes the first matching one."""
        fault = Fault(kind, times, method, path, params)
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    def _answer(self, request: Any) -> Callable:
        try:
            return self._route(request)
        except _Dropped:
            raise
        except Exception:  # pylint: disable=broad-except  # a bug here: say so, answer 500
            with self._lock:
                self.errors.append(traceback.format_exc())
            sys.stderr.write("stand-in: internal error\n%s" % self.errors[-1])
            return _error(500, "stand-in internal error")

    def _route(self, request: Any) -> Callable:
        environ = request.environ
        target = environ.get("REQUEST_URI", "").encode("latin-1").decode("utf-8", "replace") or request.full_path
        path, dummy, query = target.partition("?")
        method = request.method
        service = next((s for s in SERVICES.values() if path == s.root or path.startswith(s.root + "/")), None)
        auth = request.headers.get("Authorization")
        authorized = self.token is None or auth == "Bearer %s" % self.token
        body = request.get_data()
        try:
            parsed = json.loads(body) if body else None
        except ValueError:
            parsed = None
        headers = {k.lower(): ("<redacted>" if k.lower() == "authorization" else v) for k, v in request.headers.items()}
        self._record(RecordedRequest(
            method, target, query, headers, body, parsed, service.name if service else
            ("v2" if path == SUBSCRIPTION_PATH else None), authorized, time.time(),
            _digest(auth) if auth is not None else None))

        fault = self._take_fault(method, path)
        if fault is not None:
            if fault.on_socket:
                act_on_socket(fault, environ["werkzeug.socket"], self.current_now(), self._stopping)
                raise _Dropped("socket fault %s" % fault.kind)
            if fault.kind != "delay":
                status, data, content_type, extra = http_answer(fault)
                return _reply(status, data, content_type, extra)
            if self._stopping.wait(fault.params["seconds"]):
                raise _Dropped("stopped during a delay")

        if service is None and path != SUBSCRIPTION_PATH:
            return _error(404, "Not Found")  # no API here, token or not
        if not authorized:
            return _error(401, "Unauthorized")
        if service is None:
            return self._subscription() if method == "GET" else _error(405, "Method Not Allowed", {"Allow": "GET"})
        rest, account_id = path[len(service.root):], None
        if rest != "/accounts":
            segment = rest[len("/accounts/"):] if rest.startswith("/accounts/") else ""
            try:
                account_id = unquote(segment, errors="strict") if segment and "/" not in segment else None
            except UnicodeDecodeError:
                pass
            if account_id is None:
                return _error(404, "Not Found")
        allowed = ["GET"] + ["DELETE"] * (account_id is not None)
        allowed += ["POST"] * (("/accounts" if account_id is None else "/accounts/{id}") in service.create)
        if method not in allowed:
            return _error(405, "Method Not Allowed", {"Allow": ", ".join(allowed)})
        if method == "POST":
            return self._create(service, account_id, body)
        if method == "DELETE":
            return self._delete(service, account_id)
        return self._list(service) if account_id is None else self._single(service, account_id)

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(request)
            if self.record_limit is not None and len(self.requests) > self.record_limit:
                del self.requests[: len(self.requests) - self.record_limit]

    def _take_fault(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for index, fault in enumerate(self._faults):
                if fault.matches(method, path):
                    if fault.times is not None:
                        fault.times -= 1
                        if fault.times <= 0:
                            del self._faults[index]
                    return fault
        return None

    def _list(self, service: Any) -> Callable:
        with self._lock:
            config = self._configs[service.name]
            if config is None or config == {}:
                return _reply(200, {}) if service.empty == "{}" else _reply(404, NO_CONFIGURATION)
            if service.masked_keys and isinstance(config, dict):
                config = {mask_email(key, self.mask_keep): value for key, value in config.items()}
            return _reply(200, encode(config)[0], JSON_TYPE)  # serialised under the lock, no copy

    def _single(self, service: Any, account_id: str) -> Callable:
        with self._lock:
            config = self._configs[service.name]
            if not isinstance(config, dict) or account_id not in config:
                return _error(404, service.not_found.format(id_key=service.id_key, id=account_id))
            account = copy.deepcopy(config[account_id])
        if isinstance(account, dict):
            for key, value in render(service.extras, self.current_now()).items():
                account.setdefault(key, value)
        return _reply(200, account)

    def _delete(self, service: Any, account_id: str) -> Callable:
        with self._lock:
            config = self._configs[service.name]
            if not isinstance(config, dict) or account_id not in config:
                return _error(404, (service.delete_not_found or service.not_found).format(id_key=service.id_key, id=account_id))
            del config[account_id]
            remaining = len(config)
        if service.delete == "remaining":
            return _reply(200, {"account": account_id, "deleted": True, "remaining": remaining})
        status = self.delete_status if service.delete == "configurable" else 204
        return _reply(status) if status == 204 else _reply(status, {"account": account_id, "deleted": True})

    def _identify(self, service: str, key: str, kind: str) -> str | None:
        found = self.identities.get(key) or self._ids.get((service, key))
        return found or (fallback_id(key, kind) if kind else None)

    def _create(self, service: Any, path_id: str | None, body: bytes) -> Callable:
        if not self.subscription:
            return _error(402, "Subscription required")
        try:
            payload = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            return _error(400, "Invalid request body: %s" % exc)
        if not isinstance(payload, dict):
            return _error(400, "Request body must be a JSON object")
        name = service.name
        with self._lock:
            config = self._configs[name]
            existing = config if isinstance(config, dict) else {}
            post = Post(payload, path_id, self.current_now(), existing,
                        lambda key, kind: self._identify(name, key, kind))
            try:
                write = build(name, post)
            except Reject as rejected:
                return _error(rejected.status, str(rejected))
            previous = existing.get(write.id)
            record = write.record
            if isinstance(previous, dict):  # keep fields the POST does not set; a re-add clears the error
                record.update({k: v for k, v in previous.items() if k not in record and k != "error"})
            if not isinstance(config, dict):
                self._configs[name] = existing
            existing[write.id] = record
            if write.secret is not None:
                self._received[name][write.id] = write.secret
            if write.key is not None:
                self._ids[(name, write.key)] = write.id
            answer = copy.deepcopy({write.id: record} if write.keyed else record)
        status = write.status or (service.updated if previous is not None else service.created)
        return _reply(status, answer)

    def _subscription(self) -> Callable:
        accounts = {}
        with self._lock:
            for name, service in SERVICES.items():
                config = self._configs[name]
                if isinstance(config, dict) and config:
                    error = sum(1 for a in config.values() if isinstance(a, dict) and (
                        a.get("error") or a.get("health", "OK") != "OK"))
                    accounts["%s API" % service.title] = {"total": len(config), "active": len(config) - error,
                                                          "error": error}
        subscriptions = [{"name": "useapi.net subscription (stand-in)", "active": True}] if self.subscription else []
        return _reply(200, {"subscriptionIsActive": bool(self.subscription), "subscriptions": subscriptions,
                            "maxAccountsPerAPI": 3, "accounts": accounts})


def load_fixture(path: str | os.PathLike, now: datetime | str | None = None) -> Any:
    """A JSON fixture with its placeholders rendered (``null`` gives None)."""
    with open(path, encoding="utf-8") as handle:
        return render(json.load(handle), parse_now(now) or datetime.now(timezone.utc))
