#!/usr/bin/env python
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The useapi.accounts performance benchmark (issue 7).

    python benchmarks/run.py --venv <venv> --collections <collections path>

<venv> is a virtual environment with ansible-core (its bin/ansible-playbook and bin/python are
used); <collections path> holds ansible_collections/useapi/accounts (an installed collection, as
ANSIBLE_COLLECTIONS_PATH). They default to the environment variables VENV and COLLECTIONS.

For each account count (10, 1,000, 10,000) it starts the stand-in API
(python -m standin --generate ltxstudio=N, from tests/) as a subprocess and times, from
ansible-playbook's start to its exit, the four playbooks of benchmarks/playbooks/:

  uri.yml          ansible.builtin.uri GET /accounts, registered (the floor)
  module.yml       useapi.accounts.ltxstudio_accounts_info alone
  role.yml         the useapi.accounts.accounts_check role
  handwritten.yml  uri + one ansible.builtin.assert per account (what users write today)

The playbooks run interleaved, in a rotating order, and each figure is the median of several
runs. It then measures the module's peak RSS and output size, times each task of the role, writes
benchmarks/results/latest.json and latest.md, and plots benchmarks/results/time_vs_accounts.png
(matplotlib, installed into the --plot-venv, default <venv>, from benchmarks/requirements.txt
only if missing). With --compare-venv (repeatable), uri, module and role are also timed at the
largest size with each of those venvs' ansible-core, for a table by ansible-core version.

This script needs only the Python standard library (3.8+); it is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PLAYBOOKS = HERE / 'playbooks'
TESTS = REPO / 'tests'  # the stand-in runs from here: python -m standin
MEASURE = HERE / 'measure_module.py'
PROFILER = HERE / 'profile_playbook.py'
CALLBACKS = HERE / 'callback_plugins'
REQUIREMENTS = HERE / 'requirements.txt'

TOKEN = 'bench-token-not-a-secret'
# The instant the stand-in generates its accounts at, and the role and the hand-written playbook
# check at: fixed, so every run checks the same thing. Every generated token is valid 31-89 days.
NOW = '2025-06-03T12:13:14.000Z'
MIN_VALIDITY = '7d'

KINDS = ('uri', 'module', 'role', 'handwritten')
LABELS = {
    'uri': 'uri (floor)',
    'module': 'ltxstudio_accounts_info',
    'role': 'accounts_check role',
    'handwritten': 'hand-written uri + assert loop',
}
TARGETS = {
    'module_vs_uri': 1.2,       # module / uri <= 1.2 at every size
    'role_vs_module': 1.3,      # role / module <= 1.3 at every size
    'handwritten_vs_role': 10,  # handwritten / role >= 10 at the largest size
}
RUN_TIMEOUT = 3600


def log(message):
    sys.stderr.write('[%s] %s\n' % (time.strftime('%H:%M:%S'), message))
    sys.stderr.flush()


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', maxsplit=1)[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--venv', default=os.environ.get('VENV'),
                        help='virtualenv with ansible-core (default: $VENV)')
    parser.add_argument('--collections', default=os.environ.get('COLLECTIONS'),
                        help='collections path holding ansible_collections/useapi/accounts (default: $COLLECTIONS)')
    parser.add_argument('--sizes', default='10,1000,10000', help='account counts (default: 10,1000,10000)')
    parser.add_argument('--runs', type=int, default=5, help='timed runs per playbook and size (default: 5)')
    parser.add_argument('--handwritten-runs-at-max', type=int, default=3,
                        help='timed runs of the hand-written playbook at the largest size, which takes minutes '
                             'per run (default: 3)')
    parser.add_argument('--out', default=str(HERE / 'results'), help='results directory (default: benchmarks/results)')
    parser.add_argument('--no-plot', action='store_true', help='skip the PNG (and the matplotlib install)')
    parser.add_argument('--plot-venv', help='virtualenv whose python draws the plot (default: --venv); '
                                            'matplotlib is installed there if missing')
    parser.add_argument('--compare-venv', action='append', default=[], metavar='VENV',
                        help='another virtualenv with another ansible-core: uri, module and role are also '
                             'timed with it at the largest size (repeatable)')
    parser.add_argument('--profile', metavar='DIR',
                        help='also run role.yml and module.yml at the largest size under cProfile '
                             '(benchmarks/profile_playbook.py) and write the .prof files to DIR')
    parser.add_argument('--quiet-wait', type=float, default=30, metavar='SECONDS',
                        help='before each timed run, wait up to this long while other processes keep more '
                             'than --busy-threshold of the CPUs busy (default: 30; 0: never wait)')
    parser.add_argument('--busy-threshold', type=float, default=0.2,
                        help='fraction of all CPUs that counts as busy (default: 0.2)')
    parser.add_argument('--keep-work', action='store_true', help='keep the temporary work directory (logs)')
    args = parser.parse_args(argv)
    if not args.venv or not args.collections:
        parser.error('--venv and --collections (or $VENV and $COLLECTIONS) are required')
    args.venv = Path(args.venv).resolve()
    args.collections = Path(args.collections).resolve()
    args.plot_venv = Path(args.plot_venv).resolve() if args.plot_venv else args.venv
    args.compare_venv = [Path(venv).resolve() for venv in args.compare_venv]
    args.sizes = sorted(int(size) for size in args.sizes.split(','))
    if args.runs < 1 or args.handwritten_runs_at_max < 1:
        parser.error('--runs and --handwritten-runs-at-max must be at least 1')
    return args


# --------------------------------------------------------------------------------------------
# Setup and machine description
# --------------------------------------------------------------------------------------------

def venv_bin(venv, name):
    return venv / 'bin' / name


def check_inputs(args):
    for venv in [args.venv] + args.compare_venv:
        for name in ('python', 'ansible-playbook'):
            if not venv_bin(venv, name).exists():
                sys.exit('benchmark: %s not found in the venv %s' % (name, venv))
    if not args.no_plot and not venv_bin(args.plot_venv, 'python').exists():
        sys.exit('benchmark: python not found in the plot venv %s' % args.plot_venv)
    if not (args.collections / 'ansible_collections' / 'useapi' / 'accounts').is_dir():
        sys.exit('benchmark: %s holds no ansible_collections/useapi/accounts' % args.collections)


def ensure_matplotlib(venv):
    python = str(venv_bin(venv, 'python'))
    if subprocess.run([python, '-c', 'import matplotlib'], capture_output=True, check=False).returncode == 0:
        return
    log('matplotlib is missing from %s: installing %s' % (venv, REQUIREMENTS.relative_to(REPO)))
    subprocess.run([python, '-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r',
                    str(REQUIREMENTS)], check=True)


def venv_versions(venv):
    """(Python version, ansible-core version) of a venv."""
    probe = subprocess.run(
        [str(venv_bin(venv, 'python')), '-c', 'import json, platform, ansible.release; '
                                              'print(json.dumps([platform.python_version(), ansible.release.__version__]))'],
        capture_output=True, text=True, check=True)
    return tuple(json.loads(probe.stdout))


def machine_info(venv, collections):
    python_version, ansible_version = venv_versions(venv)
    cpu_model = platform.processor() or platform.machine()
    try:
        for line in Path('/proc/cpuinfo').read_text().splitlines():
            if line.lower().startswith('model name'):
                cpu_model = line.split(':', 1)[1].strip()
                break
    except OSError:
        pass
    memory_gib = None
    try:
        for line in Path('/proc/meminfo').read_text().splitlines():
            if line.startswith('MemTotal:'):
                memory_gib = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    try:
        nproc = len(os.sched_getaffinity(0))
    except AttributeError:
        nproc = os.cpu_count()
    manifest = collections / 'ansible_collections' / 'useapi' / 'accounts' / 'MANIFEST.json'
    collection_version = None
    galaxy = collections / 'ansible_collections' / 'useapi' / 'accounts' / 'galaxy.yml'
    if manifest.exists():
        collection_version = json.loads(manifest.read_text())['collection_info']['version']
    elif galaxy.exists():
        for line in galaxy.read_text().splitlines():
            if line.startswith('version:'):
                collection_version = line.split(':', 1)[1].strip().strip('"\'')
    commit = None
    try:
        commit = subprocess.run(['git', '-C', str(REPO), 'rev-parse', '--short', 'HEAD'], capture_output=True,
                                text=True, check=True).stdout.strip()
        dirty = subprocess.run(['git', '-C', str(REPO), 'status', '--porcelain', '--untracked-files=no'],
                               capture_output=True, text=True, check=False).stdout.strip()
        if dirty:
            commit += ' (with uncommitted changes)'
    except (OSError, subprocess.CalledProcessError):
        pass
    return dict(nproc=nproc, cpu_model=cpu_model, memory_gib=memory_gib, os=platform.platform(),
                python=python_version, ansible_core=ansible_version, collection_version=collection_version,
                commit=commit)


def _cpu_times():
    with open('/proc/stat') as stream:
        fields = [int(value) for value in stream.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return idle, sum(fields[:8])


def cpu_busy(interval=0.5):
    """Fraction of all CPUs busy over ``interval`` seconds (None where /proc/stat is missing)."""
    try:
        idle0, total0 = _cpu_times()
        time.sleep(interval)
        idle1, total1 = _cpu_times()
    except (OSError, ValueError, IndexError):
        return None
    total = total1 - total0
    return None if total <= 0 else round(1.0 - float(idle1 - idle0) / total, 3)


def wait_for_quiet(max_wait, threshold):
    """Between runs nothing of ours is busy: wait (at most max_wait s) until other work leaves the CPUs."""
    deadline = time.monotonic() + max_wait
    busy = cpu_busy()
    warned = False
    while busy is not None and busy > threshold and time.monotonic() < deadline:
        if not warned:
            log('other processes keep %d%% of the CPUs busy: waiting up to %ds for a quieter moment'
                % (busy * 100, max_wait))
            warned = True
        time.sleep(2)
        busy = cpu_busy()
    return busy


# --------------------------------------------------------------------------------------------
# The stand-in
# --------------------------------------------------------------------------------------------

class StandIn(object):
    """python -m standin --generate ltxstudio=N (plus ``others``: {service: N}), as a subprocess."""

    def __init__(self, python, count, work, others=None):
        self.count = count
        self.port_file = work / ('standin-%d.port' % count)
        generate = ['--generate', 'ltxstudio=%d' % count]
        for service, number in sorted((others or {}).items()):
            generate += ['--generate', '%s=%d' % (service, number)]
        self.process = subprocess.Popen(
            [python, '-m', 'standin'] + generate + ['--token', TOKEN, '--port', '0',
                                                    '--port-file', str(self.port_file), '--now', NOW, '--quiet',
                                                    '--max-recorded', '100'],
            cwd=str(TESTS), stdout=subprocess.DEVNULL, stderr=open(str(work / ('standin-%d.log' % count)), 'w'))
        deadline = time.monotonic() + 60
        while not self.port_file.exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                sys.exit('benchmark: the stand-in did not start; see %s' % (work / ('standin-%d.log' % count)))
            time.sleep(0.05)
        self.base_url = 'http://127.0.0.1:%s' % self.port_file.read_text().strip()
        self.url = self.base_url + '/v1/ltxstudio'
        request = urllib.request.Request(self.url + '/accounts', headers={'Authorization': 'Bearer ' + TOKEN})
        with urllib.request.urlopen(request, timeout=60) as response:
            body = response.read()
        served = len(json.loads(body.decode('utf-8')))
        if served != count:
            self.stop()
            sys.exit('benchmark: the stand-in serves %d accounts, not %d' % (served, count))
        self.body_bytes = len(body)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


# --------------------------------------------------------------------------------------------
# One ansible-playbook run
# --------------------------------------------------------------------------------------------

class Runner(object):
    def __init__(self, args, work, venv=None):
        self.args = args
        self.work = work
        self.python = str(venv_bin(venv or args.venv, 'python'))
        self.ansible_playbook = str(venv_bin(venv or args.venv, 'ansible-playbook'))
        self.cfg = work / 'ansible.cfg'
        self.cfg.write_text('# empty: every setting at its default\n')
        self.counter = 0

    def environment(self, extra=None):
        env = dict((key, value) for key, value in os.environ.items()
                   if not key.startswith(('ANSIBLE_', 'USEAPI_', 'PYTHON')))
        env.update(
            ANSIBLE_CONFIG=str(self.cfg),
            ANSIBLE_COLLECTIONS_PATH=str(self.args.collections),
            ANSIBLE_HOME=str(self.work / 'ansible-home'),
            ANSIBLE_LOCAL_TEMP=str(self.work / 'ansible-local-tmp'),
            ANSIBLE_REMOTE_TEMP=str(self.work / 'ansible-remote-tmp'),
            ANSIBLE_NOCOLOR='1', ANSIBLE_FORCE_COLOR='0', ANSIBLE_RETRY_FILES_ENABLED='0',
            ANSIBLE_LOCALHOST_WARNING='0', ANSIBLE_INVENTORY_UNPARSED_WARNING='0',
        )
        env.update(extra or {})
        return env

    def run(self, kind, standin, interpreter=None, env=None, command_prefix=None):
        """Run benchmarks/playbooks/<kind>.yml once; returns dict(seconds, maxrss_kib, log)."""
        self.counter += 1
        log_path = self.work / 'logs' / ('%04d-%s-%d.log' % (self.counter, kind, standin.count))
        log_path.parent.mkdir(exist_ok=True)
        extra_vars = dict(bench_api_url=standin.url, bench_api_token=TOKEN, bench_now=NOW,
                          ansible_python_interpreter=interpreter or self.python)
        command = (command_prefix or [self.ansible_playbook]) + [
            '-i', 'localhost,', '-c', 'local', str(PLAYBOOKS / (kind + '.yml')), '-e', json.dumps(extra_vars)]
        if self.args.quiet_wait > 0:
            busy_before = wait_for_quiet(self.args.quiet_wait, self.args.busy_threshold)
        else:
            busy_before = cpu_busy()
        with open(str(log_path), 'wb') as output:
            started_at = time.time()
            start = time.perf_counter()
            process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                       env=self.environment(env), cwd=str(self.work))
            # wait4: the rusage of ansible-playbook and of every descendant it reaped (workers, modules).
            dummy, status, usage = os.wait4(process.pid, 0)
            seconds = time.perf_counter() - start
            process.returncode = os.waitstatus_to_exitcode(status) if hasattr(os, 'waitstatus_to_exitcode') \
                else (status >> 8)
        text = log_path.read_text(errors='replace')
        problem = self.verify(kind, standin.count, process.returncode, text)
        if problem:
            sys.exit('benchmark: %s at %d accounts: %s; see %s' % (kind, standin.count, problem, log_path))
        return dict(seconds=seconds, cpu_seconds=usage.ru_utime + usage.ru_stime, maxrss_kib=usage.ru_maxrss,
                    busy_before=busy_before, started_at=started_at, log=str(log_path))

    @staticmethod
    def verify(kind, count, returncode, text):
        """Each run must have done the whole job, or its time means nothing."""
        if returncode != 0:
            return 'ansible-playbook exited %d' % returncode
        recap = [line for line in text.splitlines() if line.startswith('localhost') and 'failed=' in line]
        if not recap or ' failed=0 ' not in recap[-1] + ' ':
            return 'no clean PLAY RECAP'
        if kind == 'role' and ('accounts check passed: %d accounts checked' % count) not in text:
            return 'the role did not report %d accounts checked' % count
        if kind == 'handwritten':
            items = sum(1 for line in text.splitlines() if line.startswith('ok: [localhost] => (item='))
            if items != count:
                return 'the assert loop ran %d items, not %d' % (items, count)
        return None


# --------------------------------------------------------------------------------------------
# The measurements
# --------------------------------------------------------------------------------------------

def planned_runs(args, kind, count):
    if kind == 'handwritten' and count == args.sizes[-1] and count >= 10000:
        return min(args.runs, args.handwritten_runs_at_max)
    return args.runs


def time_playbooks(runner, args, standin, warm_up, kinds=KINDS, env=None, label=''):
    """Interleaved timed runs: round r runs every playbook once, in an order rotated by r."""
    count = standin.count
    if warm_up:
        for kind in kinds:
            log('warm-up run: %s at %d accounts%s (not timed)' % (kind, count, label))
            runner.run(kind, standin, env=env)
    times = dict((kind, []) for kind in kinds)
    cpu = dict((kind, []) for kind in kinds)
    rss = dict((kind, []) for kind in kinds)
    busy = dict((kind, []) for kind in kinds)
    for round_index in range(args.runs):
        order = kinds[round_index % len(kinds):] + kinds[:round_index % len(kinds)]
        for kind in order:
            if len(times[kind]) >= planned_runs(args, kind, count):
                continue
            result = runner.run(kind, standin, env=env)
            busy_before = result['busy_before']
            times[kind].append(round(result['seconds'], 4))
            cpu[kind].append(round(result['cpu_seconds'], 4))
            rss[kind].append(result['maxrss_kib'])
            busy[kind].append(busy_before)
            log('%-11s %6d accounts%s  run %d: %.2f s (CPU %.2f s; CPUs busy before: %s)' % (
                kind, count, label, len(times[kind]), result['seconds'], result['cpu_seconds'],
                'unknown' if busy_before is None else '%d%%' % (busy_before * 100)))
    return dict(times=times, cpu_seconds=cpu, controller_tree_maxrss_kib=rss, cpu_busy_before=busy)


NO_INJECT_KINDS = ('uri', 'module', 'role')


def three_way_summary(entry):
    """Medians and the two ratios of a uri/module/role timing (time_playbooks with NO_INJECT_KINDS)."""
    median = dict((kind, round(statistics.median(entry['times'][kind]), 3)) for kind in NO_INJECT_KINDS)
    median_cpu = dict((kind, round(statistics.median(entry['cpu_seconds'][kind]), 3)) for kind in NO_INJECT_KINDS)
    ratios = dict(module_vs_uri=round(median['module'] / median['uri'], 3),
                  role_vs_module=round(median['role'] / median['module'], 3))
    return dict(median_seconds=median, median_cpu_seconds=median_cpu, ratios=ratios,
                cpu_ratios=dict(module_vs_uri=round(median_cpu['module'] / median_cpu['uri'], 3),
                                role_vs_module=round(median_cpu['role'] / median_cpu['module'], 3)),
                targets_met=dict(module_vs_uri=ratios['module_vs_uri'] <= TARGETS['module_vs_uri'],
                                 role_vs_module=ratios['role_vs_module'] <= TARGETS['role_vs_module']))


def time_other_versions(args, work, standin):
    """uri, module and role at this size with each --compare-venv's ansible-core (warm-up, then timed)."""
    rows = []
    for venv in args.compare_venv:
        python_version, ansible_version = venv_versions(venv)
        label = ' [ansible-core %s]' % ansible_version
        entry = time_playbooks(Runner(args, work, venv), args, standin, warm_up=True, kinds=NO_INJECT_KINDS,
                               label=label)
        entry.update(three_way_summary(entry), venv=str(venv), python=python_version, ansible_core=ansible_version,
                     accounts=standin.count)
        rows.append(entry)
    return rows


def time_without_fact_injection(runner, args, standin):
    """uri, module and role again with ANSIBLE_INJECT_FACT_VARS=False (facts only under ansible_facts).

    With the default (True) ansible-core also copies and cleans a module's returned facts to make
    them top-level variables (twice in the worker before 2.21, once from 2.21 on); uri returns no
    facts and pays none of it. This variant
    shows how much of module/uri is that copy. The role and ltxstudio_check read
    ansible_facts, so they work either way.
    """
    entry = time_playbooks(runner, args, standin, warm_up=False, kinds=NO_INJECT_KINDS,
                           env=dict(ANSIBLE_INJECT_FACT_VARS='False'), label=' inject_facts_as_vars=False')
    entry.update(three_way_summary(entry), accounts=standin.count)
    return entry


def measure_module_process(runner, standin, kind):
    """Peak RSS and stdout size of the module process itself, inside a real ansible-playbook run.

    ansible_python_interpreter is pointed at a wrapper (benchmarks/measure_module.py, via a
    two-line shell script) that runs the real interpreter on the AnsiballZ payload as its child,
    takes that child's ru_maxrss from wait4, counts the bytes it writes to stdout (the module's
    JSON result, all that goes back to the controller) and passes them through unchanged.
    """
    stats_file = runner.work / ('module-stats-%s-%d.jsonl' % (kind, standin.count))
    if stats_file.exists():
        stats_file.unlink()
    wrapper = runner.work / 'measured-python'
    wrapper.write_text('#!/bin/sh\nexec "%s" "%s" "$@"\n' % (runner.python, MEASURE))
    wrapper.chmod(0o755)
    runner.run(kind, standin, interpreter=str(wrapper), env=dict(BENCH_MODULE_STATS=str(stats_file)))
    records = [json.loads(line) for line in stats_file.read_text().splitlines() if line.strip()]
    modules = [record for record in records if record.get('module')]
    if len(modules) != 1:
        sys.exit('benchmark: expected one module process in %s, got %r' % (kind, records))
    return dict(module=modules[0]['module'], maxrss_kib=modules[0]['maxrss_kib'],
                stdout_bytes=modules[0]['stdout_bytes'], seconds=round(modules[0]['seconds'], 4))


def short_task_name(name):
    name = name.split(' : ', 1)[-1]
    return name.split(' - ', 1)[0] if name.startswith('Validating arguments') else name


def time_tasks(runner, standin, kind):
    """Per-task wall-clock times of one run, from benchmarks/callback_plugins/bench_task_timer.py."""
    times_file = runner.work / ('task-times-%s-%d.json' % (kind, standin.count))
    env = dict(ANSIBLE_CALLBACK_PLUGINS=str(CALLBACKS), ANSIBLE_CALLBACKS_ENABLED='bench_task_timer',
               BENCH_TASK_TIMES=str(times_file))
    result = runner.run(kind, standin, env=env)
    start = result['started_at']
    end = start + result['seconds']
    data = json.loads(times_file.read_text())
    tasks = [dict(name=short_task_name(task['name']), action=task['action'],
                  seconds=round(task['end'] - task['start'], 3)) for task in data['tasks']]
    return dict(total=round(result['seconds'], 3),
                startup=round(data['playbook_start'] - start, 3),
                tasks=tasks,
                shutdown=round(end - data['stats_time'], 3))


def profile_playbooks(runner, standin, out_dir):
    """cProfile of the controller's main process and of each worker process (one per task)."""
    summaries = {}
    for kind in ('module', 'role'):
        directory = Path(out_dir) / ('%s-%d' % (kind, standin.count))
        if directory.exists():
            shutil.rmtree(str(directory))
        runner.run(kind, standin, env=dict(BENCH_PROFILE_DIR=str(directory)),
                   command_prefix=[runner.python, str(PROFILER)])
        summaries[kind] = str(directory)
        log('profile of %s written to %s' % (kind, directory))
    return summaries


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------

def summarise(results, sizes):
    rows = []
    for count in sizes:
        entry = results[str(count)]
        median = dict((kind, statistics.median(entry['times'][kind])) for kind in KINDS)
        ratios = dict(module_vs_uri=median['module'] / median['uri'],
                      role_vs_module=median['role'] / median['module'],
                      handwritten_vs_role=median['handwritten'] / median['role'])
        checks = dict(module_vs_uri=ratios['module_vs_uri'] <= TARGETS['module_vs_uri'],
                      role_vs_module=ratios['role_vs_module'] <= TARGETS['role_vs_module'])
        if count == sizes[-1]:
            checks['handwritten_vs_role'] = ratios['handwritten_vs_role'] >= TARGETS['handwritten_vs_role']
        cpu = dict((kind, statistics.median(entry['cpu_seconds'][kind])) for kind in KINDS)
        rows.append(dict(accounts=count, median_seconds=dict((k, round(v, 3)) for k, v in median.items()),
                         min_seconds=dict((kind, min(entry['times'][kind])) for kind in KINDS),
                         max_seconds=dict((kind, max(entry['times'][kind])) for kind in KINDS),
                         median_cpu_seconds=dict((k, round(v, 3)) for k, v in cpu.items()),
                         cpu_ratios=dict(module_vs_uri=round(cpu['module'] / cpu['uri'], 3),
                                         role_vs_module=round(cpu['role'] / cpu['module'], 3),
                                         handwritten_vs_role=round(cpu['handwritten'] / cpu['role'], 3)),
                         runs=dict((kind, len(entry['times'][kind])) for kind in KINDS),
                         ratios=dict((k, round(v, 3)) for k, v in ratios.items()), targets_met=checks))
    return rows


def fmt_seconds(value):
    return '%.2f s' % value if value < 100 else '%.0f s' % value


def fmt_ratio(value, key, checks):
    mark = ''
    if key in checks:
        mark = ' ✅' if checks[key] else ' ❌'
    return '%.2f×%s' % (value, mark)


def fmt_bytes(value):
    if value >= 1024 * 1024:
        return '%.1f MiB' % (value / 1024 / 1024)
    if value >= 1024:
        return '%.1f KiB' % (value / 1024)
    return '%d B' % value


def render_markdown(report):
    machine = report['machine']
    rows = report['summary']
    lines = []
    add = lines.append
    add('Machine: %s CPU(s), %s; %s GiB RAM; %s; Python %s, ansible-core %s; useapi.accounts %s%s.' % (
        machine['nproc'], machine['cpu_model'], machine['memory_gib'], machine['os'], machine['python'],
        machine['ansible_core'], machine['collection_version'],
        (' at %s' % machine['commit']) if machine['commit'] else ''))
    add('Run %s; the benchmark took %s in all.' % (report['started'], fmt_seconds(report['total_seconds'])))
    add('')
    add('Time from `ansible-playbook` start to exit, median of %s. Ratios compare medians; '
        'targets: module/uri ≤ %.1f×, role/module ≤ %.1f×, hand-written/role ≥ %d× at %s accounts.' % (
            report['runs_note'], TARGETS['module_vs_uri'], TARGETS['role_vs_module'],
            TARGETS['handwritten_vs_role'], '{:,}'.format(rows[-1]['accounts'])))
    add('')
    add('| accounts | uri (floor) | module | role | hand-written | module / uri | role / module | hand-written / role |')
    add('|---:|---:|---:|---:|---:|---:|---:|---:|')
    for row in rows:
        median, ratios, checks = row['median_seconds'], row['ratios'], row['targets_met']
        add('| %s | %s | %s | %s | %s | %s | %s | %s |' % (
            '{:,}'.format(row['accounts']), fmt_seconds(median['uri']), fmt_seconds(median['module']),
            fmt_seconds(median['role']), fmt_seconds(median['handwritten']),
            fmt_ratio(ratios['module_vs_uri'], 'module_vs_uri', checks),
            fmt_ratio(ratios['role_vs_module'], 'role_vs_module', checks),
            fmt_ratio(ratios['handwritten_vs_role'], 'handwritten_vs_role', checks)))
    add('')
    add('The same runs in CPU time (user + system of ansible-playbook and every process it started; '
        'less sensitive than wall time to other work on the machine), median:')
    add('')
    add('| accounts | uri | module | role | hand-written | module / uri | role / module | hand-written / role |')
    add('|---:|---:|---:|---:|---:|---:|---:|---:|')
    for row in rows:
        cpu, ratios = row['median_cpu_seconds'], row['cpu_ratios']
        add('| %s | %s | %s | %s | %s | %.2f× | %.2f× | %.2f× |' % (
            '{:,}'.format(row['accounts']), fmt_seconds(cpu['uri']), fmt_seconds(cpu['module']),
            fmt_seconds(cpu['role']), fmt_seconds(cpu['handwritten']), ratios['module_vs_uri'],
            ratios['role_vs_module'], ratios['handwritten_vs_role']))
    add('')
    busy = [value for count in report['sizes'] for kind in KINDS
            for value in report['results'][str(count)]['cpu_busy_before'][kind] if value is not None]
    noisy = [value for value in busy if value > report['busy_threshold']]
    if noisy:
        add('Note: %d of the %d timed runs started while other processes kept more than %d%% of the CPUs busy '
            '(the benchmark waited up to %ds for a quieter moment each time); their times include that '
            'contention.' % (len(noisy), len(busy), report['busy_threshold'] * 100, report['quiet_wait']))
    else:
        add('No timed run started while other processes kept more than %d%% of the CPUs busy.'
            % (report['busy_threshold'] * 100))
    add('')
    memory = report.get('module_process')
    if memory:
        add('The module process itself (peak RSS from `wait4`, output = the JSON it writes back to the controller), '
            'next to `uri` and the API response it reads:')
        add('')
        add('| accounts | API response | module peak RSS | module output | uri peak RSS | uri output |')
        add('|---:|---:|---:|---:|---:|---:|')
        for count in report['sizes']:
            entry = memory[str(count)]
            add('| %s | %s | %.1f MiB | %s | %.1f MiB | %s |' % (
                '{:,}'.format(count), fmt_bytes(report['results'][str(count)]['api_body_bytes']),
                entry['module']['maxrss_kib'] / 1024, fmt_bytes(entry['module']['stdout_bytes']),
                entry['uri']['maxrss_kib'] / 1024, fmt_bytes(entry['uri']['stdout_bytes'])))
        add('')
    no_inject = report.get('no_inject')
    if no_inject:
        median, cpu, ratios = no_inject['median_seconds'], no_inject['median_cpu_seconds'], no_inject['ratios']
        add('At %s accounts with `ANSIBLE_INJECT_FACT_VARS=False` (facts only under `ansible_facts`; the role and '
            '`ltxstudio_check` read them there), median of %d runs; by default ansible-core also copies and cleans '
            'a module\'s facts to make them top-level variables (twice in the worker before ansible-core 2.21), '
            'which `uri` (no facts) never pays:'
            % ('{:,}'.format(no_inject['accounts']), len(no_inject['times']['uri'])))
        add('')
        add('| | uri | module | role | module / uri | role / module |')
        add('|---|---:|---:|---:|---:|---:|')
        add('| wall | %s | %s | %s | %.2f× | %.2f× |' % (
            fmt_seconds(median['uri']), fmt_seconds(median['module']), fmt_seconds(median['role']),
            ratios['module_vs_uri'], ratios['role_vs_module']))
        add('| CPU | %s | %s | %s | %.2f× | %.2f× |' % (
            fmt_seconds(cpu['uri']), fmt_seconds(cpu['module']), fmt_seconds(cpu['role']),
            cpu['module'] / cpu['uri'], cpu['role'] / cpu['module']))
        add('')
    tasks = report.get('task_times')
    if tasks:
        add('Where the time goes at %s accounts (one run each, per-task wall clock from '
            '`benchmarks/callback_plugins/bench_task_timer.py`):' % '{:,}'.format(report['sizes'][-1]))
        add('')
        add('| playbook | step | seconds |')
        add('|---|---|---:|')
        for kind in ('uri', 'module', 'role'):
            if kind not in tasks:
                continue
            entry = tasks[kind]
            add('| %s | start-up (to the first task) | %.2f |' % (kind, entry['startup']))
            for task in entry['tasks']:
                add('| %s | %s | %.2f |' % (kind, task['name'].replace('|', '\\|'), task['seconds']))
            add('| %s | after the last task, to exit | %.2f |' % (kind, entry['shutdown']))
            add('| %s | **total** | **%.2f** |' % (kind, entry['total']))
        add('')
    versions = report.get('versions')
    if versions:
        render_versions(add, report, rows[-1], versions)
    held = all(all(row['targets_met'].values()) for row in rows)
    add('Targets with ansible-core %s: %s.' % (machine['ansible_core'], 'all met' if held else 'NOT all met (❌ above)'))
    add('')
    add('Plot: `benchmarks/results/time_vs_accounts.png`. Reproduce: `python benchmarks/run.py --venv <venv> '
        '--collections <collections path>` (see benchmarks/README.md).')
    return '\n'.join(lines) + '\n'


def _version_key(version):
    return tuple(int(part) if part.isdigit() else 0 for part in version.split('.'))


def render_versions(add, report, main_row, versions):
    """The largest size by ansible-core version: the main run's row and each --compare-venv."""
    machine = report['machine']
    main = dict(ansible_core=machine['ansible_core'], python=machine['python'], main=True,
                median_seconds=main_row['median_seconds'], ratios=main_row['ratios'],
                targets_met=main_row['targets_met'], cpu_ratios=main_row['cpu_ratios'],
                runs=main_row['runs']['uri'])
    table = [main] + [dict(entry, runs=len(entry['times']['uri'])) for entry in versions]
    table.sort(key=lambda entry: _version_key(entry['ansible_core']))
    add('By ansible-core version at %s accounts (uri, module and role, default settings, median of the runs shown; '
        'the row marked * is the run above):' % '{:,}'.format(main_row['accounts']))
    add('')
    add('| ansible-core | Python | runs | uri | module | role | module / uri | role / module | module / uri (CPU) |')
    add('|---|---|---:|---:|---:|---:|---:|---:|---:|')
    for entry in table:
        median, ratios, checks = entry['median_seconds'], entry['ratios'], entry['targets_met']
        add('| %s%s | %s | %d | %s | %s | %s | %s | %s | %.2f× |' % (
            entry['ansible_core'], ' *' if entry.get('main') else '', entry['python'], entry['runs'],
            fmt_seconds(median['uri']), fmt_seconds(median['module']), fmt_seconds(median['role']),
            fmt_ratio(ratios['module_vs_uri'], 'module_vs_uri', checks),
            fmt_ratio(ratios['role_vs_module'], 'role_vs_module', checks), entry['cpu_ratios']['module_vs_uri']))
    add('')


def write_plot(venv, json_path, png_path):
    subprocess.run([str(venv_bin(venv, 'python')), str(HERE / 'plot.py'), str(json_path), str(png_path)],
                   check=True)


def main(argv=None):
    args = parse_args(argv)
    check_inputs(args)
    wall_start = time.perf_counter()
    started = datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')
    if not args.no_plot:
        ensure_matplotlib(args.plot_venv)
    machine = machine_info(args.venv, args.collections)
    log('machine: %s' % json.dumps(machine))
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix='ltx-bench-'))
    runner = Runner(args, work)
    results, module_process, task_times, profiles, no_inject, versions = {}, {}, {}, {}, None, []
    try:
        for index, count in enumerate(args.sizes):
            standin = StandIn(runner.python, count, work)
            try:
                results[str(count)] = time_playbooks(runner, args, standin, warm_up=(index == 0))
                results[str(count)]['api_body_bytes'] = standin.body_bytes
                module_process[str(count)] = dict(module=measure_module_process(runner, standin, 'module'),
                                                  uri=measure_module_process(runner, standin, 'uri'))
                log('module process at %d accounts: %s' % (count, module_process[str(count)]))
                if count == args.sizes[-1]:
                    no_inject = time_without_fact_injection(runner, args, standin)
                    versions = time_other_versions(args, work, standin)
                    for kind in ('uri', 'module', 'role'):
                        task_times[kind] = time_tasks(runner, standin, kind)
                    if args.profile:
                        profiles = profile_playbooks(runner, standin, args.profile)
            finally:
                standin.stop()
    finally:
        if args.keep_work:
            log('work directory kept: %s' % work)
        else:
            shutil.rmtree(str(work), ignore_errors=True)

    max_size = args.sizes[-1]
    hand_runs = planned_runs(args, 'handwritten', max_size)
    runs_note = '%d runs' % args.runs
    if hand_runs != args.runs:
        runs_note += ' (%d for the hand-written playbook at %s accounts, where one run takes minutes)' % (
            hand_runs, '{:,}'.format(max_size))
    report = dict(
        started=started, machine=machine, sizes=args.sizes, runs=args.runs, runs_note=runs_note,
        quiet_wait=args.quiet_wait, busy_threshold=args.busy_threshold,
        now=NOW, min_validity=MIN_VALIDITY, targets=TARGETS, labels=LABELS,
        results=results, summary=summarise(results, args.sizes), module_process=module_process,
        task_times=task_times, profiles=profiles, no_inject=no_inject, versions=versions,
        method=dict(
            timing='wall clock from starting ansible-playbook to its exit (subprocess + wait4), '
                   'stand-in already running; playbooks interleaved in a rotating order; one untimed '
                   'warm-up run of each playbook first',
            controller_tree_maxrss='ru_maxrss from wait4 on ansible-playbook: the largest process of its '
                                   'tree (usually the controller itself)',
            module_process='ansible_python_interpreter pointed at benchmarks/measure_module.py, which runs '
                           'the AnsiballZ payload as its child, reads its ru_maxrss with wait4 and counts '
                           'the bytes of its stdout (the JSON result)'),
    )
    report['total_seconds'] = round(time.perf_counter() - wall_start, 1)
    json_path = out_dir / 'latest.json'
    json_path.write_text(json.dumps(report, indent=2, sort_keys=True) + '\n')
    if not args.no_plot:
        write_plot(args.plot_venv, json_path, out_dir / 'time_vs_accounts.png')
    report['total_seconds'] = round(time.perf_counter() - wall_start, 1)
    json_path.write_text(json.dumps(report, indent=2, sort_keys=True) + '\n')
    markdown = render_markdown(report)
    (out_dir / 'latest.md').write_text(markdown)
    sys.stdout.write(markdown)
    held = all(all(row['targets_met'].values()) for row in report['summary'])
    log('done in %s; targets with ansible-core %s %s' % (
        fmt_seconds(report['total_seconds']), machine['ansible_core'], 'met' if held else 'NOT all met'))
    return 0


if __name__ == '__main__':
    sys.exit(main())
