#!/usr/bin/env python
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What one poll of the account_watch event source costs, against the HTTP reads alone (issue 24).

The stand-in runs in a process of its own (``python -m standin --generate SERVICE=N`` for each of the
ten services), so this process's CPU time (``time.process_time``, every thread) is the client's only:

- reads: ``read_services`` of the ten services and the subscription (the requests, in parallel, and
  the normalisation and masking of every account), as the source does them;
- poll: ``Watch.poll()``, that read plus the check and the state machine.

Then memory: ``tracemalloc`` over 1,000 polls of a reader that returns a copy of the read facts with
one account turning bad and good again every poll (so events are made every poll), after 10 polls
of warm-up, traced from then on and measured after 100, 500 and 1,000 polls. Flat means: no growth
from 500 to 1,000 polls beyond a few KiB.

    python benchmarks/eda.py [--accounts 50] [--rounds 15] [--polls 1000]

with ``ANSIBLE_COLLECTIONS_PATH``/``PYTHONPATH`` at an installed useapi.accounts and ansible-core
in this Python (``nox -s benchmark-eda`` sets all that up).
"""

from __future__ import annotations

import argparse
import copy
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOKEN = 'bench-token'


def start_standin(accounts, port_file):
    from ansible_collections.useapi.accounts.plugins.module_utils._services import SERVICE_NAMES

    command = [sys.executable, '-m', 'standin', '--token', TOKEN, '--port-file', port_file, '--quiet']
    for name in SERVICE_NAMES:
        command += ['--generate', '%s=%d' % (name, accounts)]
    process = subprocess.Popen(command, cwd=str(ROOT / 'tests'))
    deadline = time.monotonic() + 60
    while not (os.path.exists(port_file) and open(port_file).read().strip()):
        if process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit('the stand-in did not start')
        time.sleep(0.05)
    return process, 'http://127.0.0.1:%s' % open(port_file).read().strip()


def cpu(function, rounds):
    samples = []
    for dummy in range(rounds):
        started = time.process_time()
        function()
        samples.append(time.process_time() - started)
    return statistics.median(samples), samples


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n', maxsplit=1)[0])
    parser.add_argument('--accounts', type=int, default=50)
    parser.add_argument('--rounds', type=int, default=15)
    parser.add_argument('--polls', type=int, default=1000)
    parser.add_argument('--json', metavar='FILE', help='also write the figures here')
    args = parser.parse_args()

    from ansible_collections.useapi.accounts.extensions.eda.plugins.event_source import account_watch as source
    from ansible_collections.useapi.accounts.plugins.module_utils._read import read_services
    from ansible_collections.useapi.accounts.plugins.module_utils._services import SERVICE_NAMES, fact_name

    with tempfile.TemporaryDirectory() as tmp:
        process, base = start_standin(args.accounts, os.path.join(tmp, 'port'))
        try:
            params, settings = source.options(dict(services=list(SERVICE_NAMES), api_token=TOKEN, base_url=base))
            watch = source.Watch(params, settings)

            def reads():
                facts = read_services(params, settings['services'], subscription=True, record_failures=True)[0]
                if facts['useapi_read_failures']:
                    raise SystemExit('a read failed: %s' % facts['useapi_read_failures'])
                return facts

            facts = reads()  # warm-up, and the facts of the memory run
            watch.poll()
            read_cpu, read_samples = cpu(reads, args.rounds)
            poll_cpu, poll_samples = cpu(watch.poll, args.rounds)
        finally:
            process.terminate()
            process.wait()

    # Memory: the same facts every poll, but for one account that turns bad and good again.
    name = SERVICE_NAMES[0]
    victim = sorted(facts[fact_name(name)])[0]
    flip = {'n': 0}

    def reader(dummy_params, dummy_names, dummy_subscription):
        flip['n'] += 1
        copied = copy.deepcopy(facts)
        if flip['n'] % 2:
            copied[fact_name(name)][victim]['error'] = 'broken %d' % flip['n']
        return copied

    memory_watch = source.Watch(params, dict(settings), reader=reader)
    for dummy in range(10):
        memory_watch.poll()
    tracemalloc.start()
    events = 0
    # Traced from the start and measured (garbage collected first) at checkpoints: what a cache, an
    # interpreter free list or a reference cycle takes once is in the first figure; a leak grows the later ones.
    checkpoints, traced, done = sorted(set([100, args.polls // 2, args.polls])), {}, 0
    for checkpoint in checkpoints:
        while done < checkpoint:
            events += len(memory_watch.poll())
            done += 1
        gc.collect()
        traced[checkpoint] = tracemalloc.get_traced_memory()[0]
        if checkpoint == checkpoints[0]:
            baseline = tracemalloc.take_snapshot()
    growth = sorted(tracemalloc.take_snapshot().compare_to(baseline, 'lineno'), key=lambda stat: -stat.size_diff)[:3]
    tracemalloc.stop()

    result = dict(services=len(SERVICE_NAMES), accounts_per_service=args.accounts, rounds=args.rounds,
                  read_cpu_ms=round(read_cpu * 1000, 1), poll_cpu_ms=round(poll_cpu * 1000, 1),
                  poll_over_read=round(poll_cpu / read_cpu, 2) if read_cpu else None,
                  polls=args.polls, events=events,
                  traced_kib_after_polls=dict((str(key), round(value / 1024, 1)) for key, value in traced.items()),
                  growth_kib_second_half=round((traced[checkpoints[-1]] - traced[checkpoints[-2]]) / 1024, 1),
                  top_growth=[str(stat) for stat in growth],
                  python=sys.version.split()[0])
    print(json.dumps(result, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + '\n')


if __name__ == '__main__':
    main()
