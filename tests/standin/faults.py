"""How the stand-in misbehaves on request: HTTP faults and socket faults (see README.md)."""

from __future__ import annotations

import json
import os
import socket
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http import HTTPStatus
from typing import Any, Iterator
from urllib.parse import unquote

from .services import SECURED, iso_utc

JSON_TYPE = "application/json; charset=utf-8"
CHUNK = 64 * 1024

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "faults.json"), encoding="utf-8") as _handle:
    FAULT_KINDS: dict[str, dict[str, Any]] = json.load(_handle)["kinds"]  # kind -> its parameters and their defaults


@dataclass
class Fault:
    """A queued misbehaviour for requests matching ``method`` and ``path``; ``times=None``: until cleared."""

    kind: str
    times: int | None = 1
    method: str | None = None
    path: str | None = None  # a substring of the request path (raw or percent-decoded), query excluded
    params: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError("unknown fault kind %r; known: %s" % (self.kind, ", ".join(FAULT_KINDS)))
        unknown = sorted(set(self.params) - set(FAULT_KINDS[self.kind]))
        if unknown:
            raise ValueError("fault %r does not take: %s" % (self.kind, ", ".join(unknown)))
        if self.times is not None and (isinstance(self.times, bool) or not isinstance(self.times, int) or self.times < 1):
            raise ValueError("times must be a positive int or None (forever)")
        if self.kind == "redirect" and not self.params.get("location"):
            raise ValueError("fault 'redirect' needs a location")
        self.params = dict(FAULT_KINDS[self.kind], **self.params)
        self.method = self.method.upper() if self.method else None

    def matches(self, method: str, path: str) -> bool:
        return (self.method in (None, method)
                and (not self.path or self.path in path or self.path in unquote(path)))

    @property
    def on_socket(self) -> bool:
        declared = self.params.get("content_length")
        return self.kind in ("hang", "close", "big") or (self.kind == "body" and declared is not None)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "times": self.times, "method": self.method, "path": self.path,
                "params": self.params}


def encode(payload: Any, content_type: str | None = None) -> tuple[bytes, str | None]:
    """A body and its content type: dicts and lists as JSON, text as UTF-8 text/plain."""
    if isinstance(payload, (dict, list)):
        return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), content_type or JSON_TYPE
    if isinstance(payload, str):
        return payload.encode("utf-8"), content_type or "text/plain; charset=utf-8"
    return payload or b"", content_type


def phrase(status: int) -> str:
    """The reason phrase; none for a status HTTP does not define (useapi.net's 596)."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def http_answer(fault: Fault) -> tuple[int, bytes, str | None, dict]:
    """(status, body, content type, headers) of an HTTP-half fault other than ``delay``."""
    params = fault.params
    status, headers = params["status"], dict(params.get("headers") or {})
    if fault.kind == "redirect":
        return status, b"", None, {"Location": params["location"]}
    payload = params["body"]
    if payload is None:
        payload = {"error": "Too many requests" if fault.kind == "rate_limit" else phrase(status) or "Injected fault",
                   "code": status}
    if fault.kind == "rate_limit" and params["retry_after"] is not None:
        value = params["retry_after"]
        headers.setdefault("Retry-After", str(int(value) if isinstance(value, float) and value.is_integer() else value))
    body, content_type = encode(payload, params.get("content_type"))
    return status, body, content_type, headers


def act_on_socket(fault: Fault, sock: socket.socket, now: datetime, stopping: threading.Event) -> None:
    """Act a socket-level fault out on one connection's socket, then leave it shut (``stopping`` wakes a hang)."""
    try:
        if fault.kind == "hang":
            stopping.wait()
        elif fault.kind == "body":
            status, body, content_type, headers = http_answer(fault)
            declared = int(fault.params["content_length"])
            headers.update({"Content-Type": content_type} if content_type else {})
            sock.sendall(_head(status, dict(headers, **{"Content-Length": declared})) + body[:declared])
        elif fault.kind == "big":
            size = int(float(fault.params["size_mb"]) * 1024 * 1024)
            size = max(size, 2) if fault.params["valid"] else size
            length = {"Content-Length": size} if fault.params["announce"] else {}
            sock.sendall(_head(200, dict({"Content-Type": JSON_TYPE}, **length)))
            for chunk in (big_json(size, now) if fault.params["valid"] else big_invalid(size)):
                if stopping.is_set():
                    break
                sock.sendall(chunk)
    except OSError:
        pass  # the client went away first: that is what it may do
    finally:
        try:
            socket.socket.shutdown(sock, socket.SHUT_RDWR)  # not SSLSocket.shutdown: no TLS close
        except OSError:
            pass


def _head(status: int, headers: dict) -> bytes:
    lines = ["HTTP/1.1 %d %s" % (status, phrase(status))] + ["%s: %s" % item for item in headers.items()]
    return ("\r\n".join(lines + ["Connection: close", "", ""])).encode("latin-1")


def big_json(size: int, now: datetime) -> Iterator[bytes]:
    """An LTX-shaped accounts object of exactly ``size`` (>= 2) bytes, in chunks."""
    updated, expire = iso_utc(now), iso_utc(now + timedelta(days=60))

    def entry(i: int) -> bytes:
        address = "big%09d@example.com" % i
        return json.dumps({address: {"email": address, "maxJobs": 20, "updatedUTC": updated, "tokenExpireUTC": expire,
                                     "cookie": {"lt_id": "b%09d" % i, "lt_token": SECURED, "lt_refresh_token": SECURED}}},
                          ensure_ascii=False, separators=(",", ":"))[1:-1].encode("utf-8")

    width = len(entry(0))  # every entry has this many bytes
    count = (size - 1) // (width + 1)
    yield b"{"
    for start in range(0, count, 256):
        yield (b"," if start else b"") + b",".join(entry(i) for i in range(start, min(count, start + 256)))
    yield from repeat(b" ", size - 2 - count * width - max(count - 1, 0))
    yield b"}"


def big_invalid(size: int) -> Iterator[bytes]:
    """``size`` bytes that start like JSON and never close."""
    head = b'{"padding":"'[:size]
    yield head
    yield from repeat(b"x", size - len(head))


def repeat(byte: bytes, count: int) -> Iterator[bytes]:
    while count > 0:
        yield byte * min(count, CHUNK)
        count -= CHUNK
