#!/usr/bin/env python
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a policy costs the check (issue 23): 10 services of 50 accounts, with and without a policy of
500 thresholds and 500 waivers, in-process (the check's own evaluation, no ansible-playbook).

Prints a Markdown table and writes benchmarks/results/policy.md. A benchmark, not a test: it exits 0.
Run: .venv/bin/nox -s benchmark-policy (or python benchmarks/policy.py with the collection importable).
"""

from __future__ import annotations

import argparse
import datetime
import json
import platform
import statistics
import time
from pathlib import Path

from ansible_collections.useapi.accounts.plugins.plugin_utils._check import evaluate_services
from ansible_collections.useapi.accounts.plugins.module_utils._services import SERVICE_NAMES, service
from ansible_collections.useapi.accounts.plugins.module_utils._time import format_iso

HERE = Path(__file__).resolve().parent
NOW = datetime.datetime(2026, 11, 25, 12, tzinfo=datetime.timezone.utc)


def account_id(name, index):
    entry = service(name)
    email = 'user%03d@example.com' % index
    return {'email': email, 'region_email': 'US:' + email}.get(entry['id_format'], 'acct%05d' % index)


def record(name, index):
    """A record whose expiry the service's first rule reads, spread over 0 to 60 days."""
    rule = service(name)['expiry'][0]
    expires = format_iso(NOW + datetime.timedelta(days=index % 60, hours=1))
    if rule['kind'] == 'issued_days':
        return {'tokenIssuedDaysAgo': index % 30}
    path = rule.get('iso') or rule.get('when')
    if rule['kind'] == 'none' or not path:
        return {}
    if path == 'sessionCookie':
        path = 'sessionCookie.expires'
    value = {}
    holder = value
    steps = path.split('.')
    for step in steps[:-1]:
        holder = holder.setdefault(step, {})
    holder[steps[-1]] = expires
    return value


def configs(accounts):
    return dict((name, dict((account_id(name, index), record(name, index)) for index in range(accounts)))
                for name in SERVICE_NAMES)


def policy(size, accounts):
    """``size`` per-account thresholds and ``size`` waivers, spread over the services and accounts."""
    thresholds, waivers = [], []
    for number in range(size):
        name = SERVICE_NAMES[number % len(SERVICE_NAMES)]
        index = (number // len(SERVICE_NAMES)) % accounts
        thresholds.append({'service': name, 'id': account_id(name, index), 'min_validity': '%dd' % (1 + number % 14),
                           'warn_validity': '30d'})
        waivers.append({'service': name, 'id': account_id(name, index), 'kinds': ['expiring', 'error'],
                        'until': '2026-12-%02d' % (1 + number % 28), 'reason': 'OPS-%d' % number})
    return dict(thresholds=thresholds, waivers=waivers)


def timed(function, runs):
    times = []
    for dummy in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--accounts', type=int, default=50, help='accounts per service (default 50)')
    parser.add_argument('--size', type=int, default=500, help='thresholds and waivers each (default 500)')
    parser.add_argument('--runs', type=int, default=21)
    parser.add_argument('--output', default=str(HERE / 'results' / 'policy.md'))
    options = parser.parse_args()
    data = configs(options.accounts)
    rules = policy(options.size, options.accounts)
    for details in (False, True):  # warm-up, and a check that both run
        evaluate_services(data, now=NOW, allow_empty=True, details=details, **rules)
    rows = []
    for details, label in ((False, 'task only (no report_dir)'), (True, 'with the per-account list (report_dir)')):
        plain = timed(lambda: evaluate_services(data, now=NOW, allow_empty=True, details=details), options.runs)
        with_policy = timed(lambda: evaluate_services(data, now=NOW, allow_empty=True, details=details,
                                                      warn_validity='30d', **rules), options.runs)
        rows.append((label, plain, with_policy))
    lines = ['# The policy\'s cost (benchmarks/policy.py)', '',
             '%d services x %d accounts = %d accounts; policy: %d per-account thresholds and %d waivers; median of %d '
             'runs; Python %s, %s.' % (len(SERVICE_NAMES), options.accounts, len(SERVICE_NAMES) * options.accounts,
                                       options.size, options.size, options.runs, platform.python_version(),
                                       platform.machine()), '',
             '| evaluation | no policy | with the policy | ratio |', '|---|---:|---:|---:|']
    lines += ['| %s | %.1f ms | %.1f ms | %.2fx |' % (label, plain * 1000, with_policy * 1000, with_policy / plain)
              for label, plain, with_policy in rows]
    text = '\n'.join(lines) + '\n'
    print(text)
    Path(options.output).write_text(text, encoding='utf-8')
    Path(options.output).with_suffix('.json').write_text(json.dumps(
        dict(accounts=options.accounts, size=options.size, runs=options.runs,
             rows=[dict(evaluation=label, plain_s=plain, policy_s=with_policy) for label, plain, with_policy in rows]),
        indent=2) + '\n', encoding='utf-8')


if __name__ == '__main__':
    main()
