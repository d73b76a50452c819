#!/usr/bin/env python
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark: the accounts_check role on 5 services of 100 accounts each, against 1 service of 100.

A team checks every service it uses at once; reading more services must cost little more than
reading one (target: at most 1.5x). Both configurations are served by stand-ins on loopback; the
runs are interleaved (one warm-up each, then ``--runs`` rounds) so that a drift of the machine hits
both alike. Times are ansible-playbook's wall clock, from start to exit. Writes
``results/services.md`` and ``results/services.json``; exits 0 whatever the figures (a benchmark,
not a test).

    python benchmarks/services.py --venv <venv with ansible-core> --collections <collections path>
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import NOW, TOKEN, StandIn  # noqa: E402  (benchmarks/ is put on the path above)

SERVICES = ['ltxstudio', 'kling', 'minimax', 'google-flow', 'flowmusic']
TARGET = 1.5


def run_role(venv, collections, base_url, services, work):
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(collections), ANSIBLE_NOCOLOR='1',
               ANSIBLE_LOCALHOST_WARNING='0', ANSIBLE_INVENTORY_UNPARSED_WARNING='0',
               ANSIBLE_HOME=str(work / 'ansible-home'), ANSIBLE_LOCAL_TEMP=str(work / 'ansible-tmp'))
    for key in list(env):
        if key.lower().endswith('_proxy') or key.startswith('USEAPI_'):
            env.pop(key)
    extra = dict(bench_base_url=base_url, bench_api_token=TOKEN, bench_now=NOW, bench_services=services,
                 ansible_python_interpreter=str(Path(venv) / 'bin' / 'python'))
    started = time.perf_counter()
    completed = subprocess.run([str(Path(venv) / 'bin' / 'ansible-playbook'), '-i', 'localhost,', '-c', 'local',
                                str(HERE / 'playbooks' / 'services_role.yml'), '-e', json.dumps(extra)],
                               env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        sys.exit('benchmark: the role failed (exit %d):\n%s' % (completed.returncode, completed.stdout[-3000:]))
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--venv', default=os.environ.get('VENV'), required=not os.environ.get('VENV'))
    parser.add_argument('--collections', default=os.environ.get('COLLECTIONS'), required=not os.environ.get('COLLECTIONS'))
    parser.add_argument('--accounts', type=int, default=100, help='accounts per service (default 100)')
    parser.add_argument('--runs', type=int, default=7, help='interleaved rounds after one warm-up (default 7)')
    parser.add_argument('--out', default=str(HERE / 'results'))
    args = parser.parse_args()
    python = str(Path(args.venv) / 'bin' / 'python')
    with tempfile.TemporaryDirectory(prefix='useapi-bench-') as scratch:
        work = Path(scratch)
        # Each stand-in writes its port file into a folder of its own.
        for folder in ('one', 'five'):
            (work / folder).mkdir()
        one = StandIn(python, args.accounts, work / 'one')
        five = StandIn(python, args.accounts, work / 'five', others=dict((name, args.accounts) for name in SERVICES[1:]))
        cases = [('1 service', one.base_url, SERVICES[:1]), ('5 services', five.base_url, SERVICES)]
        times = dict((name, []) for name, dummy, dummy in cases)
        try:
            for name, url, services in cases:
                print('warm-up: %s' % name, flush=True)
                run_role(args.venv, args.collections, url, services, work)
            for round_number in range(1, args.runs + 1):
                for name, url, services in cases:
                    times[name].append(run_role(args.venv, args.collections, url, services, work))
                print('round %d/%d: %s' % (round_number, args.runs, ', '.join(
                    '%s %.2f s' % (name, times[name][-1]) for name, dummy, dummy in cases)), flush=True)
        finally:
            one.stop()
            five.stop()
    medians = dict((name, statistics.median(values)) for name, values in times.items())
    ratio = medians['5 services'] / medians['1 service']
    core = subprocess.run([python, '-c', 'import ansible.release as r, platform; print(r.__version__, platform.python_version())'],
                          capture_output=True, text=True, check=True).stdout.split()
    result = dict(accounts_per_service=args.accounts, runs=args.runs, services=SERVICES, times=times, medians=medians,
                  ratio=ratio, target=TARGET, ansible_core=core[0], python=core[1], cpus=os.cpu_count(),
                  machine=platform.machine())
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / 'services.json').write_text(json.dumps(result, indent=2) + '\n')
    table = ['| configuration | median of %d | runs (s) |' % args.runs, '|---|---:|---|']
    for name, values in times.items():
        runs = ', '.join('%.2f' % value for value in values)
        table.append('| %s x %d accounts | %.2f s | %s |' % (name, args.accounts, medians[name], runs))
    verdict = '%s %.2fx (target at most %.1fx)' % ('✅' if ratio <= TARGET else '❌', ratio, TARGET)
    setting = ('ansible-core %s, Python %s, %d CPUs; services: %s; %d interleaved rounds after one warm-up each.'
               % (core[0], core[1], os.cpu_count(), ', '.join(SERVICES), args.runs))
    text = ['# The role: 5 services against 1', '', setting, ''] + table + ['', '5 services / 1 service: ' + verdict, '']
    (out / 'services.md').write_text('\n'.join(text))
    print('\n'.join(text))
    return 0


if __name__ == '__main__':
    sys.exit(main())
