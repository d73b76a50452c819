"""Serve the stand-in until SIGTERM or SIGINT: ``python -m standin`` from tests/ (see README.md)."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading

if not __package__:  # run as a file or a directory: make "standin" importable
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from standin.server import StandIn  # noqa: E402
from standin.services import SERVICES, generate_accounts, parse_now  # noqa: E402


def _pair(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or name not in SERVICES:
        raise argparse.ArgumentTypeError("expected NAME=VALUE with NAME one of %s, got %r" % (", ".join(SERVICES), text))
    return name, value


def main(argv: list | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m standin", description="Serve the useapi.net stand-in API.")
    parser.add_argument("--service", action="append", type=_pair, default=[], metavar="NAME=FIXTURE",
                        help="serve this JSON fixture as the service's configuration (repeatable)")
    parser.add_argument("--generate", action="append", type=_pair, default=[], metavar="NAME=N",
                        help="serve N generated healthy accounts for the service (repeatable)")
    parser.add_argument("--token", default=os.environ.get("STANDIN_TOKEN") or "demo-token",
                        help="API token to require (default: $STANDIN_TOKEN or demo-token)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="default 0: any free port")
    parser.add_argument("--port-file", metavar="FILE", help="write the port here once listening (atomically)")
    parser.add_argument("--now", metavar="ISO", help="fixed 'now', e.g. 2025-06-03T12:13:14Z")
    parser.add_argument("--max-recorded", type=int, default=10000, metavar="N", help="keep the last N requests")
    parser.add_argument("--quiet", action="store_true", help="do not print the 'listening' line")
    args = parser.parse_args(argv)

    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    try:
        now = parse_now(args.now)
        services: dict = dict(args.service)
        for name, count in args.generate:
            services[name] = generate_accounts(int(count), now, name)
        server = StandIn(token=args.token, host=args.host, port=args.port, now=now, services=services,
                         record_limit=args.max_recorded).start()
    except (OSError, ValueError) as exc:
        sys.stderr.write("stand-in: error: %s\n" % exc)
        return 2
    try:
        if args.port_file:
            with open(args.port_file + ".tmp", "w", encoding="ascii") as handle:
                handle.write("%d\n" % server.port)
            os.replace(args.port_file + ".tmp", args.port_file)
        if not args.quiet:
            print("stand-in listening on %s" % server.base_url, flush=True)
        stop.wait()
    finally:
        server.stop()
        if args.port_file and os.path.exists(args.port_file):
            os.remove(args.port_file)
    return 0


if __name__ == "__main__":
    sys.exit(main())
