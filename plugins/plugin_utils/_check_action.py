# -*- coding: utf-8 -*-
# Copyright (c) useapi.accounts contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: this plugin_utils file is private to the useapi.accounts collection.
# Its interface may change at any time; do not import it from other collections.

"""The check as an action: runs on the controller, so the reports land where CI collects them
and the evaluation never ships the configuration to a host again. Shared by
``useapi.accounts.check`` (any services) and ``useapi.accounts.ltxstudio_check`` (LTX Studio)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime
import os
import subprocess
import tempfile
import time

from ansible.errors import AnsibleActionFail
from ansible.module_utils.common.text.converters import to_bytes, to_native
from ansible.plugins.action import ActionBase

from ansible_collections.useapi.accounts.plugins.plugin_utils._check import SCOPES, cannot_judge, evaluate_services
from ansible_collections.useapi.accounts.plugins.module_utils._errors import UseapiError
from ansible_collections.useapi.accounts.plugins.module_utils._services import (
    SERVICE_NAMES,
    fact_name,
    read_at_fact_name,
    read_id_fact_name,
    service,
)
from ansible_collections.useapi.accounts.plugins.module_utils._subscription import (
    READ_FAILURES_FACT,
    SUBSCRIPTION_FACT,
    SUBSCRIPTION_KEY,
)
from ansible_collections.useapi.accounts.plugins.module_utils._time import UTC, format_iso, parse_duration, parse_instant, parse_iso
from ansible_collections.useapi.accounts.plugins.plugin_utils._reports import (
    render_json,
    render_junit,
    render_markdown,
    render_prometheus,
)

# name in the result's ``reports`` -> (file, renderer)
REPORTS = (
    ('json', 'accounts_check.json', render_json),
    ('junit', 'accounts_check.xml', render_junit),
    ('prometheus', 'accounts_check.prom', render_prometheus),
    ('markdown', 'accounts_check.md', render_markdown),
)

# The options of both check actions, written once; ``service`` only where the action is not for one service.
ARGUMENT_SPEC = dict(
    accounts=dict(type='dict'),
    required=dict(type='raw', default=[]),
    min_validity=dict(type='raw', default='7d'),
    now=dict(type='str'),
    scope=dict(type='str', default='all', choices=list(SCOPES)),
    report_dir=dict(type='path'),
    fail_on_problems=dict(type='bool', default=True),
    quiet=dict(type='bool', default=False),
    name_prefix=dict(type='str', default=''),
    subscription=dict(type='dict'),
    max_age=dict(type='str'),
    allow_empty=dict(type='raw', default=[]),
    warn_validity=dict(type='raw'),
    fail_on_warnings=dict(type='bool', default=False),
    thresholds=dict(type='list', elements='dict', default=[]),
    waivers=dict(type='list', elements='dict', default=[]),
    accounts_read_at=dict(type='str'),
)

# A fact read less than this before the run's main process started still counts as read in this run:
# the boot time the start is computed from has whole seconds.
RUN_START_SLACK = 2.0


def _write_atomically(path, text):
    directory = os.path.dirname(path)
    handle, temporary = tempfile.mkstemp(prefix='.accounts_check.', dir=directory)
    try:
        with os.fdopen(handle, 'wb') as stream:
            stream.write(to_bytes(text, errors='surrogate_or_strict'))
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def write_reports(report_dir, result):
    """Write every report into ``report_dir`` (created if needed), each atomically (written, then
    renamed, as node_exporter's textfile collector requires); return their paths by kind."""
    os.makedirs(report_dir, exist_ok=True)
    paths = {}
    for kind, name, render in REPORTS:
        paths[kind] = os.path.join(report_dir, name)
        _write_atomically(paths[kind], render(result))
    return paths


def host_facts(task_vars):
    """The host's ``ansible_facts`` from the task's variables, as they are; empty when there are none."""
    facts = task_vars.get('ansible_facts')
    return facts if isinstance(facts, dict) else {}


def read_failures(task_vars):
    """The reads that failed, from the fact useapi_read_failures (accounts_info with fail_on_error=false):
    key (a service, or ``subscription``) -> its entry (``msg``, ``read_at``)."""
    failures = host_facts(task_vars).get(READ_FAILURES_FACT)
    if not isinstance(failures, dict):
        return {}
    return dict((key, entry) for key, entry in failures.items() if isinstance(entry, dict) and entry.get('msg'))


def _instant(value):
    try:
        return parse_iso(value) if isinstance(value, str) else None
    except UseapiError:
        return None


def failed_read(failure, read_at):
    """Why a read counts as failed, or ``None``: a recorded failure counts unless data read after it exists."""
    if failure is None:
        return None
    failed_at, data_at = _instant(failure.get('read_at')), _instant(read_at)
    if data_at is not None and (failed_at is None or data_at > failed_at):
        return None
    return 'the read%s failed: %s' % (' at %s' % failure['read_at'] if failed_at else '', failure['msg'])


def facts_configs(task_vars, services, prefix='', failures=None):
    """The host's facts ``<service>_accounts`` for ``services`` (every service with a fact or a failed read when
    ``None``), and why each service that cannot be judged cannot: ``(configs, unknown)``.

    Passing ``accounts: "{{ ansible_facts.ltxstudio_accounts }}"`` makes Ansible template the whole
    configuration for the task; at 10,000 accounts that cost more than reading it from the API.
    Facts are data, never templates, so they are read directly.
    """
    facts = host_facts(task_vars)
    failures = failures or {}
    if services is None:
        services = [name for name in SERVICE_NAMES if fact_name(name) in facts or name in failures]
        if not services:
            raise AnsibleActionFail(
                '%sservices: none given, and this host has no fact <service>_accounts; run '
                'useapi.accounts.accounts_info before this task' % prefix)
    configs, unknown = {}, {}
    for name in services:
        accounts = facts.get(fact_name(name))
        failed = failed_read(failures.get(name), facts.get(read_at_fact_name(name)) if accounts is not None else None)
        if failed:
            configs[name], unknown[name] = None, failed
            continue
        if accounts is None:
            raise AnsibleActionFail(
                '%saccounts: not given, and this host has no fact %s; run useapi.accounts.accounts_info with service %s '
                'before this task, or pass the configuration as accounts' % (prefix, fact_name(name), name))
        if not isinstance(accounts, dict):
            raise AnsibleActionFail('%saccounts: the fact %s is of type %s, not a dict keyed by %s'
                                    % (prefix, fact_name(name), type(accounts).__name__, service(name)['id_key']))
        configs[name] = accounts
    return configs, unknown


def subscription_input(subscription, failures, prefix=''):
    """``(summary, reason)``: the subscription to evaluate, or why it cannot be judged.

    ``subscription`` is the fact useapi_subscription or subscription_info's registered result; an empty
    dict means it was asked for and not read (the role passes that when the fact is missing).
    """
    failed = failed_read(failures.get(SUBSCRIPTION_KEY), subscription.get('read_at'))
    if failed:
        return {}, failed
    if not subscription:
        return {}, 'the subscription was not read: the fact %s is missing' % SUBSCRIPTION_FACT
    if not isinstance(subscription.get('active'), bool):
        raise AnsibleActionFail('%ssubscription: expected the fact useapi_subscription (useapi.accounts.accounts_info '
                                'with subscription=true) or the registered result of useapi.accounts.subscription_info '
                                '(with active true or false)' % prefix)
    return subscription, None


def _proc_start(pid):
    """When process ``pid`` started, in epoch seconds, and its command line, from Linux /proc; ``None`` elsewhere."""
    with open('/proc/%d/stat' % pid, 'rb') as stream:
        fields = stream.read().rsplit(b')', 1)[1].split()
    with open('/proc/stat', 'rb') as stream:
        boot = [line for line in stream.read().splitlines() if line.startswith(b'btime ')]
    with open('/proc/%d/cmdline' % pid, 'rb') as stream:
        cmdline = stream.read()
    # After "pid (comm)": state is field 3, ppid 4, starttime 22 (in clock ticks after boot).
    ticks = os.sysconf('SC_CLK_TCK')
    return int(boot[0].split()[1]) + int(fields[19]) / float(ticks), int(fields[1]), cmdline


def _ps_start(pid, now=None):
    """When process ``pid`` started (epoch seconds), its parent and its command line, from ``ps`` (macOS, BSD)."""
    output = subprocess.run(['ps', '-o', 'ppid=,etime=,command=', '-p', str(pid)], capture_output=True, text=True,
                            check=True, timeout=10).stdout
    parent, elapsed, command = output.strip().split(None, 2)
    return (time.time() if now is None else now) - parse_etime(elapsed), int(parent), command.encode()


def parse_etime(text):
    """Seconds in ps's elapsed time ``[[dd-]hh:]mm:ss``; ValueError when it is not one."""
    days, dummy, clock = text.strip().rpartition('-')
    parts = [int(part) for part in clock.split(':')]
    if not 2 <= len(parts) <= 3 or any(part < 0 for part in parts):
        raise ValueError('not an elapsed time: %r' % text)
    while len(parts) < 3:
        parts.insert(0, 0)
    return int(days or 0) * 86400 + parts[0] * 3600 + parts[1] * 60 + parts[2]


def run_started():
    """When the current ansible-playbook (or ansible) run began, in epoch seconds; ``None`` when it cannot be told.

    The check runs in a worker process forked from the run's main process, with the same command
    line: the oldest ancestor with our command line is the main process, and its start is the
    run's. Linux says when a process started in /proc; elsewhere ``ps`` does (to the second).
    When neither can, the answer is ``None`` and the check asks for max_age instead (fail closed).
    """
    for source in (_proc_start, _ps_start):
        try:
            started, parent, cmdline = source(os.getpid())
            for dummy in range(8):
                if parent <= 1:
                    break
                parent_started, grandparent, parent_cmdline = source(parent)
                if parent_cmdline != cmdline:
                    break
                started, parent = parent_started, grandparent
            return started
        except (OSError, ValueError, IndexError, subprocess.SubprocessError):
            continue
    return None


def freshness(task_vars, services, max_age, prefix='', now=None, run_start=None, subscription=None):
    """``(read_at, age_seconds, stale)`` per service of ``services``, from the facts ``<service>_accounts_read_at``.

    ``stale`` says, per service, why its data is refused: read before this run (unless ``max_age``
    allows its age), older than ``max_age``, or with no read time at all (fail closed: the fact cache
    may hold a configuration from any day). The check then cannot judge that service (status unknown).
    A ``subscription`` with a ``read_at`` (the fact useapi_subscription) is judged the same way, under
    the name ``subscription``. A wrong ``max_age`` raises AnsibleActionFail.
    """
    facts = host_facts(task_vars)
    now = time.time() if now is None else now
    limit = None
    if max_age is not None:
        try:
            limit = parse_duration(max_age, 'max_age').total_seconds()
        except UseapiError as error:
            raise AnsibleActionFail('%s%s' % (prefix, to_native(error)))
    run_began = format_iso(datetime.datetime.fromtimestamp(run_start, UTC)) if run_start is not None else None

    def problem(label, fact, value, what, subject):
        """``(when, age, line)`` of the read time ``value`` (the fact ``fact``) of ``subject``, a ``what``;
        ``line`` says why the data is too old, or is None."""
        try:
            when = parse_iso(value).timestamp() if isinstance(value, str) else None
        except UseapiError:
            when = None
        if when is None:
            return None, None, ('the fact %s is missing or unreadable, so the age of %s cannot be told (facts from '
                                'a fact cache, or from a version of the collection before 2.0.0?); read it again with '
                                'useapi.accounts.accounts_info in this run' % (fact, subject))
        age = round(max(0.0, now - when), 3)
        read = 'the %s was read at %s, %d s ago' % (what, value, age)
        if limit is not None:
            return when, age, ('%s, which is more than max_age (%s)' % (read, max_age)) if age > limit else None
        if run_start is None:
            return when, age, ('%s, and this system cannot tell when this run began; set max_age to the oldest data '
                               'you accept' % read)
        if when < run_start - RUN_START_SLACK:
            return when, age, ('%s, before this run began (%s): it comes from the fact cache or an earlier run, and the '
                               'read in this run did not happen or failed; read it again, or set max_age to accept data '
                               'of that age' % (read, run_began))
        return when, age, None

    read_at, ages, stale = {}, {}, {}
    items = [(name, read_at_fact_name(name), facts.get(read_at_fact_name(name)), 'configuration', fact_name(name))
             for name in services]
    if isinstance(subscription, dict) and 'read_at' in subscription:
        items.append((SUBSCRIPTION_KEY, SUBSCRIPTION_FACT + '.read_at', subscription['read_at'], 'subscription',
                      SUBSCRIPTION_FACT))
    for label, fact, value, what, subject in items:
        when, age, line = problem(label, fact, value, what, subject)
        if line:
            stale[label] = 'refusing to judge stale data: ' + line
        if when is not None:
            read_at[label], ages[label] = value, age
    return read_at, ages, stale


class CheckAction(ActionBase):
    """Evaluate the accounts configurations, write the reports, and fail once with every problem."""

    TRANSFERS_FILES = False
    # None: the check takes a ``service`` option; a name: the action is for that service only.
    SERVICE = None

    def _spec(self):
        spec = dict(ARGUMENT_SPEC)
        if self.SERVICE is None:
            spec['service'] = dict(type='list', elements='str', aliases=['services'], choices=list(SERVICE_NAMES))
        else:
            spec['required'] = dict(type='list', elements='str', default=[])
        return spec

    def run(self, tmp=None, task_vars=None):
        result = super(CheckAction, self).run(tmp, task_vars)
        del tmp
        validation, args = self.validate_argument_spec(argument_spec=self._spec())
        del validation
        prefix = args['name_prefix']
        services = [self.SERVICE] if self.SERVICE else (list(dict.fromkeys(args['service'])) if args['service'] else None)
        try:
            verdict = self._judge(args, task_vars or {}, services, result)
        except (AnsibleActionFail, UseapiError) as error:
            # Messages of UseapiError name the option with the prefix already (evaluate_services is given it).
            message = to_native(error)
            if not args['report_dir']:
                raise AnsibleActionFail(message)
            # The check could not run at all (an option is wrong, say): the reports say so, status unknown,
            # rather than keep the previous run's verdict in place.
            verdict = cannot_judge(services or list(SERVICE_NAMES), message, args['now'])
            result.update(failed=True, status='unknown', msg=message)
            result['reports'] = self._write(args, verdict, prefix)
            return result
        # Per-account entries go to the JSON report only: a failed task prints its whole result,
        # and at thousands of accounts that would bury the problem lines.
        result.update((key, value) for key, value in verdict.items() if key != 'accounts')
        result['changed'] = False
        if args['report_dir']:
            result['reports'] = self._write(args, verdict, prefix)
        # What could not be judged fails the task whatever fail_on_problems says: it is no verdict at all.
        if verdict['status'] == 'unknown' or (verdict['status'] == 'problems' and args['fail_on_problems']) or (
                verdict['status'] == 'warning' and args['fail_on_warnings']):
            result['failed'] = True
        if not args['quiet']:
            # Shown without -v, as assert and debug do: the verdict needs no debug task of its own,
            # and every task after the read costs a copy of the host's facts (the whole configuration).
            result['_ansible_verbose_always'] = True
        return result

    def _judge(self, args, task_vars, services, result):
        """The verdict: from ``accounts``, or from the host's facts (with the reads that failed and the data refused
        as stale as what could not be judged). Raises AnsibleActionFail or UseapiError when it cannot run at all."""
        prefix = args['name_prefix']
        unknown, read_ids, subscription = {}, {}, args['subscription']
        failures = read_failures(task_vars)
        if subscription is not None:
            subscription, reason = subscription_input(subscription, failures, prefix)
            if reason:
                unknown[SUBSCRIPTION_KEY] = reason
        if args['accounts'] is not None:
            if services is None or len(services) != 1:
                raise AnsibleActionFail('%saccounts is the configuration of one service: give exactly one service'
                                        % prefix)
            configs = {services[0]: args['accounts']}
            # Ages the API reported (Mureka's tokenIssuedDaysAgo) count from when the configuration was read.
            read_times = {}
            if args['accounts_read_at'] not in (None, ''):
                read_times[services[0]] = parse_instant(args['accounts_read_at'], name=prefix + 'accounts_read_at')
        else:
            if args['accounts_read_at'] not in (None, ''):
                raise AnsibleActionFail('%saccounts_read_at says when the configuration in accounts was read; without '
                                        'accounts, the fact <service>_accounts_read_at says it' % prefix)
            configs, failed = facts_configs(task_vars, services, prefix, failures)
            unknown.update(failed)
            facts = host_facts(task_vars)
            read_ids = dict((name, facts.get(read_id_fact_name(name))) for name in configs)
            judged = [name for name in configs if name not in unknown]
            read_at, ages, stale = freshness(task_vars, judged, args['max_age'], prefix, run_start=run_started(),
                                             subscription=subscription if SUBSCRIPTION_KEY not in unknown else None)
            for key, reason in stale.items():
                unknown[key] = reason
                if key in configs:
                    configs[key] = None
            result.update(read_at=read_at, age_seconds=ages)
            read_times = dict((name, when) for name, when in read_at.items() if name in configs)
        # The per-account list is for the reports only: without report_dir it is not built.
        return evaluate_services(configs, required=args['required'], min_validity=args['min_validity'],
                                 now=args['now'], scope=args['scope'], name_prefix=prefix,
                                 details=bool(args['report_dir']), unknown=unknown, subscription=subscription,
                                 allow_empty=args['allow_empty'], read_ids=read_ids,
                                 warn_validity=args['warn_validity'], thresholds=args['thresholds'],
                                 waivers=args['waivers'], read_at=read_times)

    @staticmethod
    def _write(args, verdict, prefix):
        try:
            return write_reports(args['report_dir'], verdict)
        except OSError as error:
            raise AnsibleActionFail('%sreport_dir: cannot write the reports to %s: %s'
                                    % (prefix, args['report_dir'], error.strerror or error))
