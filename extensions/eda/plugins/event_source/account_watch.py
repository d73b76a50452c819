# -*- coding: utf-8 -*-
# Copyright (c) useapi.accounts contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""useapi.accounts.account_watch: an Event-Driven Ansible source that polls useapi.net accounts.

Every ``interval`` it reads the configurations of ``services`` (and the subscription) with the
collection's own read, judges them with the collection's check, and puts on the queue only what
changed since the last poll, one event per account and change::

    {"type": "problem" | "recovered" | "read_failed" | "read_recovered" | "subscription",
     "service": "ltxstudio", "title": "LTX Studio", "id": "user@example.com",
     "problems": ["expired"], "previous": ["expiring"], "reasons": ["the token expired at ..."],
     "since": "2026-01-02T03:04:05Z", "at": "2026-01-02T03:14:05Z"}

Arguments (all optional):

- ``services``: list of services, default ``[ltxstudio]``;
- ``interval``: the time between two polls, a duration (``10m``, ``1h``, a number of seconds), default ``10m``;
- ``min_validity``: how long every token must stay valid, default ``7d``; ``required`` (ids that must
  be configured, a list for one service or a dict service -> list), ``allow_empty`` and the policy,
  ``warn_validity``, ``thresholds`` and ``waivers``, as the check takes them (a warning is a problem
  event too; a waived problem is none);
- ``subscription``: also read ``GET /v2/account`` and report an inactive subscription, default true;
- ``api_token`` (default ``USEAPI_TOKEN``; never logged, never in an event), ``base_url`` (default
  ``USEAPI_BASE_URL``), ``api_url`` (one service only; ``USEAPI_<SERVICE>_URL`` otherwise),
  ``timeout``, ``retries``, ``retry_max_time``, ``validate_certs``, ``ca_path``: as the modules take them;
- ``initial``: report on the first poll every account that is already bad (default true); false takes
  the first poll as the baseline and reports only later changes.

Only the standard library and the collection's module_utils are used (the decision environment needs
ansible-core, which every decision environment has, and this collection).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import asyncio
import logging
import os
import sys


def _collections_root():
    """The directory that holds ``ansible_collections`` (this file is
    ``<root>/ansible_collections/useapi/accounts/extensions/eda/plugins/event_source/account_watch.py``)."""
    path = os.path.abspath(__file__)
    for dummy in range(8):
        path = os.path.dirname(path)
    return path


# ansible-rulebook runs a source with runpy, from the installed collection, without putting the
# collections root on sys.path: put it there, so that the collection's module_utils and plugin_utils import.
try:
    from ansible_collections.useapi.accounts.plugins.plugin_utils import _check as _probe
except ImportError:
    sys.path.insert(0, _collections_root())
else:
    del _probe

# pylint: disable=wrong-import-position
from ansible_collections.useapi.accounts.plugins.plugin_utils._check import evaluate_services, subject_title  # noqa: E402
from ansible_collections.useapi.accounts.plugins.module_utils._read import read_services  # noqa: E402
from ansible_collections.useapi.accounts.plugins.module_utils._cookie import MASK  # noqa: E402
from ansible_collections.useapi.accounts.plugins.module_utils._errors import ConfigurationError  # noqa: E402
from ansible_collections.useapi.accounts.plugins.module_utils._services import (  # noqa: E402
    SERVICE_NAMES,
    fact_name,
    read_at_fact_name,
    service,
)
from ansible_collections.useapi.accounts.plugins.module_utils._subscription import (  # noqa: E402
    READ_FAILURES_FACT,
    SUBSCRIPTION_FACT,
    SUBSCRIPTION_KEY,
)
from ansible_collections.useapi.accounts.plugins.module_utils._time import format_iso, parse_duration, utc_now  # noqa: E402

EVENT_TYPES = ('problem', 'recovered', 'read_failed', 'read_recovered', 'subscription')
# The check's policy (issue 23), passed to it as given: a warning tier, thresholds, waivers.
POLICY = ('warn_validity', 'thresholds', 'waivers')
DEFAULTS = dict(warn_validity=None, thresholds=None, waivers=None,
                services=['ltxstudio'], interval='10m', min_validity='7d', required=None, allow_empty=None,
                subscription=True, initial=True, api_token=None, api_url=None, base_url=None, timeout=30.0,
                retries=3, retry_max_time=120.0, validate_certs=True, ca_path=None)
# The check's problem kinds that belong to an account (or to a service, with no id) and to the subscription.
SUBSCRIPTION_KINDS = ('subscription_inactive',)

LOG = logging.getLogger('useapi.accounts.account_watch')


def _bool(args, name):
    value = args[name]
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ('true', 'yes', 'on', '1', 'false', 'no', 'off', '0'):
        return value.strip().lower() in ('true', 'yes', 'on', '1')
    raise ConfigurationError('account_watch: %s must be true or false, got %s' % (name, type(value).__name__))


def _number(args, name, kind):
    value = args[name]
    try:
        if isinstance(value, bool):
            raise ValueError(value)
        number = kind(value)
    except (TypeError, ValueError):
        raise ConfigurationError('account_watch: %s must be a number, got %r' % (name, value))
    return number


def options(args, environ=None):
    """The source's arguments checked and completed with their defaults and the environment's fallbacks.

    Returns ``(params, settings)``: ``params`` are the connection options as the modules take them (for
    :func:`read_services`), ``settings`` the rest. Raises :class:`ConfigurationError` (or the check's
    :class:`CheckInputError`) with a message for a person; no message ever holds the token.
    """
    environ = os.environ if environ is None else environ
    unknown = sorted(set(args or {}) - set(DEFAULTS))
    if unknown:
        raise ConfigurationError('account_watch: unknown argument%s %s; known: %s' % (
            's' if len(unknown) > 1 else '', ', '.join(str(name) for name in unknown), ', '.join(sorted(DEFAULTS))))
    merged = dict(DEFAULTS)
    merged.update(dict((key, value) for key, value in (args or {}).items() if value is not None))
    names = merged['services']
    if isinstance(names, str):
        names = [name.strip() for name in names.split(',') if name.strip()]
    if not isinstance(names, (list, tuple)) or not names:
        raise ConfigurationError('account_watch: services must be a list of services, such as [ltxstudio, kling]')
    wrong = [str(name) for name in names if name not in SERVICE_NAMES]
    if wrong:
        raise ConfigurationError('account_watch: services names %s, not a service; known services: %s'
                                 % (', '.join(wrong), ', '.join(SERVICE_NAMES)))
    names = list(dict.fromkeys(names))
    interval = parse_duration(merged['interval'], name='account_watch: interval').total_seconds()
    if interval <= 0:
        raise ConfigurationError('account_watch: interval must be more than 0 seconds, such as 10m')
    # The check's own options are checked once, by the check, before the first poll.
    policy = dict((key, merged[key]) for key in POLICY)
    evaluate_services(dict((name, {}) for name in names), required=merged['required'], min_validity=merged['min_validity'],
                      details=False, allow_empty=merged['allow_empty'], name_prefix='account_watch: ', **policy)
    params = dict(
        api_token=merged['api_token'] or environ.get('USEAPI_TOKEN'),
        api_url=merged['api_url'],
        base_url=merged['base_url'] or environ.get('USEAPI_BASE_URL'),
        timeout=_number(merged, 'timeout', float),
        validate_certs=_bool(merged, 'validate_certs'),
        ca_path=merged['ca_path'],
        retries=_number(merged, 'retries', int),
        retry_max_time=_number(merged, 'retry_max_time', float),
    )
    settings = dict(services=names, interval=interval, min_validity=merged['min_validity'],
                    required=merged['required'], allow_empty=merged['allow_empty'], policy=policy,
                    subscription=_bool(merged, 'subscription'), initial=_bool(merged, 'initial'))
    return params, settings


def _read(params, names, subscription):
    return read_services(params, names, subscription=subscription, record_failures=True)[0]


class Watch(object):
    """The state machine: one poll in, the events of what changed out. Pure but for ``reader`` and ``clock``.

    ``reader(params, names, subscription)`` returns the facts :func:`read_services` sets with
    ``record_failures`` (``<service>_accounts``, ``useapi_subscription``, ``useapi_read_failures``);
    ``clock()`` returns an aware UTC datetime.
    """

    def __init__(self, params, settings, reader=None, clock=None):
        self.params = params
        self.settings = settings
        self.reader = reader or _read
        self.clock = clock or utc_now
        self.polls = 0
        # subject -> (kinds, reasons, since): the subjects with a problem now. A subject is
        # (service, id): an account, (service, None): a service (empty), (None, None): the subscription.
        self.bad = {}
        # read key (service name or 'subscription') -> (since, reported): the reads failing now.
        self.failing = {}

    def poll(self):
        """Read, judge and return the list of events (state changes) of this poll."""
        at = self.clock()
        names = self.settings['services']
        facts = self.reader(self.params, names, self.settings['subscription'])
        failures = dict(facts.get(READ_FAILURES_FACT) or {})
        configs, unknown = {}, {}
        for name in names:
            if name in failures:
                configs[name], unknown[name] = None, failures[name].get('msg') or 'the read failed'
            else:
                configs[name] = facts.get(fact_name(name))
        summary = None
        if self.settings['subscription']:
            if SUBSCRIPTION_KEY in failures:
                unknown[SUBSCRIPTION_KEY] = failures[SUBSCRIPTION_KEY].get('msg') or 'the read failed'
            else:
                summary = facts.get(SUBSCRIPTION_FACT) or {}
        read_at = dict((name, facts.get(read_at_fact_name(name))) for name in names if configs[name] is not None)
        verdict = evaluate_services(configs, required=self.settings['required'], min_validity=self.settings['min_validity'],
                                    now=at, details=False, unknown=unknown, subscription=summary,
                                    allow_empty=self.settings['allow_empty'], read_at=read_at,
                                    **self.settings.get('policy', {}))
        events = self.changes(verdict, failures, at)
        self.polls += 1
        token = self.params.get('api_token')
        if token:
            # The collection's messages never hold the token; a hostile server could still echo it
            # into a field the check quotes (an account's error): never let it into an event.
            for event in events:
                event['reasons'] = [reason.replace(token, MASK) for reason in event['reasons']]
        return events

    def changes(self, verdict, failures, at):
        """The events between the state kept and ``verdict`` (with the reads that ``failures`` says failed)."""
        report = self.polls > 0 or self.settings['initial']
        now_text = format_iso(at)
        events = []
        # Reads: one read_failed when a streak begins, one read_recovered when it ends.
        for key in list(self.settings['services']) + ([SUBSCRIPTION_KEY] if self.settings['subscription'] else []):
            if key in failures and key not in self.failing:
                self.failing[key] = (now_text, report)
                if report:
                    events.append(self._event('read_failed', key if key != SUBSCRIPTION_KEY else None, None, [], [],
                                              [failures[key].get('msg') or 'the read failed'], now_text, now_text,
                                              title=subject_title(key)))
            elif key not in failures and key in self.failing:
                since, reported = self.failing.pop(key)
                if reported:
                    events.append(self._event('read_recovered', key if key != SUBSCRIPTION_KEY else None, None, [], [],
                                              [], since, now_text, title=subject_title(key)))
        # What was judged: every subject with a problem now, against the ones that had one.
        current = {}
        for problem in verdict['problems']:
            subject = (problem['service'], problem['id'])
            kinds, reasons = current.setdefault(subject, ([], []))
            if problem['kind'] not in kinds:
                kinds.append(problem['kind'])
            reasons.append(problem['reason'])
        judged = set(name for name, counts in verdict['summary']['by_service'].items() if counts['judged'])
        subscription_judged = self.settings['subscription'] and SUBSCRIPTION_KEY not in failures
        for subject, (kinds, reasons) in sorted(current.items(), key=_subject_order):
            before = self.bad.get(subject)
            if before is not None and before[0] == kinds:
                self.bad[subject] = (kinds, reasons, before[2])
                continue
            since = before[2] if before is not None else now_text
            self.bad[subject] = (kinds, reasons, since)
            if report:
                kind = 'subscription' if subject[0] is None else 'problem'
                events.append(self._event(kind, subject[0], subject[1], kinds, before[0] if before else [], reasons,
                                          since, now_text))
        for subject in sorted(set(self.bad) - set(current), key=lambda item: _subject_order((item, None))):
            name = subject[0]
            if (name is None and not subscription_judged) or (name is not None and name not in judged):
                continue  # not judged this time (its read failed): no news is not good news
            kinds, dummy, since = self.bad.pop(subject)
            if not report:
                continue
            if name is None:
                events.append(self._event('subscription', None, None, [], kinds, ['the subscription is active again'],
                                          since, now_text))
            else:
                events.append(self._event('recovered', name, subject[1], [], kinds, [], since, now_text))
        return events

    @staticmethod
    def _event(kind, name, account_id, problems, previous, reasons, since, at, title=None):
        if title is None:
            title = service(name)['title'] if name is not None else subject_title(SUBSCRIPTION_KEY)
        return dict(type=kind, service=name, title=title, id=account_id, problems=list(problems),
                    previous=list(previous), reasons=list(reasons), since=since, at=at)


def _subject_order(item):
    (name, account_id) = item[0]
    return (SERVICE_NAMES.index(name) if name in SERVICE_NAMES else -1, (account_id or '').casefold(), account_id or '')


async def watch(queue, watcher, interval, sleep=None):
    """Poll with ``watcher`` (a :class:`Watch`) every ``interval`` seconds and put its events on ``queue``, until cancelled.

    The blocking read runs in the event loop's default executor, so the loop (and the rulebook's
    rules) keep running while it waits on the network; the client's retry policy backs off on 429
    and 5xx within a poll. Cancelling the task ends it at once; a read in progress finishes in its
    thread and its result is dropped.
    """
    sleep = sleep or asyncio.sleep
    loop = asyncio.get_running_loop()
    while True:
        events = await loop.run_in_executor(None, watcher.poll)
        for event in events:
            LOG.info('account_watch: %s %s %s', event['type'], event['title'], event['id'] or '')
            await queue.put(event)
        await sleep(interval)


async def main(queue, args):
    """The entry point ansible-rulebook calls; raises :class:`ConfigurationError` on a wrong argument."""
    params, settings = options(args)
    watcher = Watch(params, settings)
    LOG.info('account_watch: watching %s every %ss', ', '.join(settings['services']), settings['interval'])
    try:
        await watch(queue, watcher, settings['interval'])
    except asyncio.CancelledError:
        LOG.info('account_watch: stopped')
        raise
