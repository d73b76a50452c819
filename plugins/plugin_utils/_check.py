# -*- coding: utf-8 -*-
# Copyright (c) useapi.accounts contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: this plugin_utils file is private to the useapi.accounts collection.
# Its interface may change at any time; do not import it from other collections.

"""The compliance check: evaluate a normalised accounts configuration at an instant.

Pure: no I/O, ``now`` is passed in. It returns a verdict (every problem, not just the
first); plugin_utils/_reports.py renders it for CI. The problem kinds are, everywhere in the
collection: ``missing``, ``ambiguous``, ``expired``, ``expiring``, ``unknown_expiry`` and ``error``
(of an account), ``empty`` (of a service: no account at all), ``subscription_inactive`` and
``stale_waiver`` (a waiver that matches nothing). Required ids match configured ids by the service's
id rules (see ``_ids``).

The verdict's ``status`` is ``ok``, ``problems``, or ``unknown`` when something could not be
judged (a read failed, data was refused as stale, the subscription could not be read). Unknown
wins over problems: a list of problems is complete only when nothing was left unjudged.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime
import json

from ansible_collections.useapi.accounts.plugins.module_utils._accounts import expiry_rule, get_path, mask_secret_names, read_expiry
from ansible_collections.useapi.accounts.plugins.module_utils._errors import CheckInputError
from ansible_collections.useapi.accounts.plugins.plugin_utils._policy import Policy, public
from ansible_collections.useapi.accounts.plugins.module_utils._ids import AMBIGUOUS, MISSING, identity, match_required
from ansible_collections.useapi.accounts.plugins.module_utils._services import SERVICE_NAMES, read_at_fact_name, service
from ansible_collections.useapi.accounts.plugins.module_utils._subscription import SUBSCRIPTION_KEY
from ansible_collections.useapi.accounts.plugins.module_utils._text import TEXT_LIMIT, cut, safe_text
from ansible_collections.useapi.accounts.plugins.module_utils._time import (
    add_duration,
    format_duration,
    format_iso,
    parse_instant,
    utc_now,
)

PROBLEM_KINDS = ('subscription_inactive', 'empty', 'missing', 'ambiguous', 'expired', 'expiring', 'unknown_expiry',
                 'error', 'stale_waiver')
# The kinds a single account can have (the others belong to a service, the subscription or a waiver).
ACCOUNT_KINDS = ('missing', 'ambiguous', 'expired', 'expiring', 'unknown_expiry', 'error')
STATUSES = ('ok', 'warning', 'problems', 'unknown')
SEVERITIES = ('critical', 'warning')
SCOPES = ('all', 'required')
SUBSCRIPTION_TITLE = 'the useapi.net subscription'
CHECK_KEY = 'check'  # the subject of an unknown that is no one service's: the check could not run at all


def _shown(value, limit=40):
    """A short, quoted form of a field value for a reason, every key named like a secret masked, cut to
    ``limit`` characters (saying so) and with every unprintable character escaped."""
    return safe_text(cut(json.dumps(mask_secret_names(value), ensure_ascii=False), limit))


def _unknown_expiry_reason(rule, account):
    parts = []
    for key in (rule.get('epoch'), rule.get('iso'), rule.get('days')):
        if not key:
            continue
        value = get_path(account, key)
        if value is None:
            parts.append('%s is missing' % key)
        else:
            parts.append('%s %s cannot be read' % (key, _shown(value)))
    detail = ' and '.join(parts)
    what = 'session' if rule['kind'] == 'refreshing' else 'token'
    return 'the %s expiry is unknown (%s); treated as a problem, not as valid' % (what, detail)


def _id_list(items, name, svc):
    noun = service(svc)['id_key'] + 's' if service(svc)['id_format'] == 'email' else 'account ids'
    if items is None:
        return []
    if isinstance(items, str) or not isinstance(items, (list, tuple)):
        raise CheckInputError('%s must be a list of %s, got %s' % (name, noun, type(items).__name__))
    ids = []
    seen = set()
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise CheckInputError('%s must hold only non-empty %s, got %s' % (name, noun, _shown(item)))
        account_id = item.strip()
        if identity(service(svc), account_id) not in seen:  # the same account twice, by the service's rules
            seen.add(identity(service(svc), account_id))
            ids.append(account_id)
    return ids


def _required_by_service(required, services, name):
    """``required`` as a dict service -> ids: a list is for the only service checked."""
    if required is None or required == [] or required == {}:
        return dict((svc, []) for svc in services)
    if isinstance(required, dict):
        unknown = sorted(set(required) - set(services))
        if unknown:
            raise CheckInputError('%s names %s, which %s not among the services checked (%s)' % (
                name, ', '.join(unknown), 'is' if len(unknown) == 1 else 'are', ', '.join(services)))
        return dict((svc, _id_list(required.get(svc), '%s[%s]' % (name, svc), svc)) for svc in services)
    if len(services) != 1:
        raise CheckInputError('%s is a list, but %d services are checked (%s); give a dict of service -> list '
                              'of ids' % (name, len(services), ', '.join(services)))
    return {services[0]: _id_list(required, name, services[0])}


def _check_account(svc, account, now, tiers, read_at=None):
    """The problems of one configured account, as (kind, reason, severity), and the expiry that counts.

    ``tiers`` is ``(critical instant, min_validity text, warning instant or None, warn_validity text)``.
    ``read_at`` is ``(instant, assumed)``: when the configuration was read, which an age the API
    reports counts from, and whether that instant is only assumed (no read time was given).
    """
    problems = []
    error = account.get('error')
    if error:
        problems.append(('error', 'the API reports an error on this account: %s' % (
            safe_text(error, TEXT_LIMIT) if isinstance(error, str) else _shown(error, 200)), 'critical'))
    health = account.get('health')
    if health is not None and health != 'OK' and 'health' in service(svc)['health']:
        problems.append(('error', 'the API reports the health %s' % _shown(health, 200), 'critical'))
    rule = expiry_rule(svc, account)
    if rule['kind'] == 'none':
        return problems, None
    anchor, assumed = read_at or (now, True)
    expiry = read_expiry(rule, account, anchor)
    what = 'session' if rule['kind'] == 'refreshing' else 'token'
    counted = ''
    if rule['kind'] == 'issued_days':
        counted = '; %s %s was reported when the configuration was read, at %s%s' % (
            rule['days'], _shown(get_path(account, rule['days'])), format_iso(anchor),
            ' (assumed: no read time was given)' if assumed else '')
    if expiry is None:
        problems.append(('unknown_expiry', _unknown_expiry_reason(rule, account), 'critical'))
    elif expiry <= now:
        reason = 'the %s expired at %s (%s ago)' % (what, format_iso(expiry), format_duration(now - expiry))
        if rule['kind'] == 'refreshing':
            reason += '; useapi.net refreshes it itself, so its refresh is failing'
        problems.append(('expired', reason + counted, 'critical'))
    elif rule['kind'] != 'refreshing':
        critical_at, critical_text, warning_at, warning_text = tiers
        if expiry < critical_at:
            problems.append(('expiring', 'the %s expires at %s, in %s, less than the required %s%s' % (
                what, format_iso(expiry), format_duration(expiry - now), critical_text, counted), 'critical'))
        elif warning_at is not None and expiry < warning_at:
            problems.append(('expiring', 'the %s expires at %s, in %s, less than the %s of the warning tier%s' % (
                what, format_iso(expiry), format_duration(expiry - now), warning_text, counted), 'warning'))
    problems.sort(key=lambda problem: PROBLEM_KINDS.index(problem[0]))
    # A session that refreshes itself every hour is no "nearest expiry" anyone must act on.
    return problems, (expiry if rule['kind'] != 'refreshing' else None)


def evaluate_services(configs, required=None, min_validity='7d', now=None, scope='all', name_prefix='', details=True,
                      unknown=None, subscription=None, allow_empty=None, read_ids=None, warn_validity=None,
                      thresholds=None, waivers=None, read_at=None):
    """Check the configurations of one or more services (dict service -> accounts keyed by id) at ``now``.

    - ``required``: ids that must be configured, matched by the service's id rules (``_ids``: emails
      without regard to ASCII case, other ids exactly, never through look-alikes; a masked list key
      by its visible prefix): a dict service -> list of ids, or a list when one service is checked;
    - ``min_validity``: how long every checked token must stay valid (``7d``, ``36h``, ``1w2d``...);
    - ``now``: an aware datetime or an ISO-8601 string with a zone; default the current UTC time;
    - ``scope``: ``all`` checks every configured account, ``required`` only the required ones;
    - ``name_prefix``: put before option names in error messages (a role sets its variable prefix);
    - ``details``: also list every checked account (``accounts``), which only the reports need;
    - ``unknown``: what could not be judged, as key -> reason, the key a service's name (its
      configuration is then ``None``: a read failed, or its data was refused) or ``subscription``;
    - ``subscription``: the subscription's summary (``active``), when it is checked;
    - ``allow_empty``: services for which no account at all is no problem (``empty`` otherwise);
    - ``read_ids``: per service, the one account its read asked for (``None``: the whole configuration);
    - ``warn_validity``, ``thresholds``, ``waivers``: the policy (see ``_policy``): a warning tier, overrides
      per service and per account, and waivers that end by themselves;
    - ``read_at``: dict service -> when its configuration was read (an aware datetime or ISO-8601),
      the instant an age the API reports (Mureka's ``tokenIssuedDaysAgo``) counts from. A service
      without one is assumed read at ``now``, and the verdict lists it in ``read_at_assumed``.

    Returns a dict: ``status``, ``ok``, ``msg``, ``problems`` (service, id, kind, reason; plus the id
    under the service's own key, such as ``email``), ``unknown`` (service, reason), ``accounts``
    (only with ``details``), ``summary`` and ``services``. Raises :class:`CheckInputError`.
    """
    unknown = dict(unknown or {})
    if not isinstance(configs, dict) or not configs:
        raise CheckInputError('%sservices: no service to check' % name_prefix)
    services = [name for name in SERVICE_NAMES if name in configs] + sorted(set(configs) - set(SERVICE_NAMES))
    for svc in services:
        service(svc)
        if configs[svc] is None and svc not in unknown:
            raise CheckInputError('%saccounts: no %s configuration, and no reason why it could not be judged'
                                  % (name_prefix, svc))
        if configs[svc] is not None and not isinstance(configs[svc], dict):
            raise CheckInputError('%saccounts: the %s configuration is %s, not a dict keyed by %s' % (
                name_prefix, svc, type(configs[svc]).__name__, service(svc)['id_key']))
    if scope not in SCOPES:
        raise CheckInputError('%sscope must be one of %s, got %s' % (name_prefix, ', '.join(SCOPES), _shown(scope)))
    now = utc_now() if now in (None, '') else parse_instant(now, name=name_prefix + 'now')
    policy = Policy(min_validity, warn_validity, thresholds, waivers, now, name_prefix)
    validity = policy.min_validity
    required_ids = _required_by_service(required, services, name_prefix + 'required')
    allow_empty = _allowed_empty(allow_empty, name_prefix + 'allow_empty')
    read_ids = read_ids or {}
    read_times = {}
    for svc, value in (read_at or {}).items():
        if svc in configs and value not in (None, ''):
            read_times[svc] = (parse_instant(value, name=name_prefix + read_at_fact_name(svc)), False)
    threshold = add_duration(now, validity, name_prefix + 'min_validity', 'now plus min_validity')
    validity_text = format_duration(validity)
    tiers = _tier_instants(policy, now, name_prefix)
    waived = []

    checked = []
    problems = []
    by_service = {}
    nearest = None  # (seconds left, service, folded id, id, expiry) of the token that expires first
    if subscription is not None and SUBSCRIPTION_KEY not in unknown and subscription.get('active') is False:
        problems.append(dict(service=None, id=None, kind='subscription_inactive', severity='critical', reason=(
            '%s is not active (GET /v2/account): every call to every service fails until it is renewed'
            % SUBSCRIPTION_TITLE)))
    for svc in services:
        if svc in unknown:
            by_service[svc] = dict(judged=False, configured=None, required=len(required_ids[svc]), checked=0, problems=0)
            continue
        accounts = configs[svc]
        # Every configured key a required id is, by the service's rules, is checked: two keys that
        # differ only in case are two accounts to the API, and neither hides the other.
        matches = match_required(service(svc), required_ids[svc], accounts)
        matched = set(key for how, keys in matches.values() for key in keys)
        to_check = sorted(accounts) if scope == 'all' else sorted(matched)
        count = len(problems)
        read_id = read_ids.get(svc)
        if not accounts and read_id is None and svc not in allow_empty:
            problems.append(dict(service=svc, id=None, kind='empty', severity='critical', reason=(
                'the %s configuration has no account at all: a wrong URL, or a configuration that was wiped? (set '
                '%sallow_empty to accept it)' % (service(svc)['title'], name_prefix))))
        for key in to_check:
            account = accounts[key]
            if not isinstance(account, dict):
                raise CheckInputError('%saccounts: the %s value for %r is not an account record' % (name_prefix, svc, key))
            limits = policy.limits(svc, key)
            found, expiry = _check_account(svc, account, now, tiers(limits), read_times.get(svc))
            if expiry is not None:
                candidate = (int((expiry - now).total_seconds()), SERVICE_NAMES.index(svc) if svc in SERVICE_NAMES else 99,
                             key.casefold(), key, expiry, svc)
                if nearest is None or candidate < nearest:
                    nearest = candidate
            found, gone = _apply_waivers(policy, svc, key, found, now)
            waived.extend(gone)
            if details:
                checked.append(_entry(svc, key, key in matched, found, expiry, now, limits, gone))
            problems.extend(_problem(svc, key, kind, reason, severity) for kind, reason, severity in found)
        missing = 0
        for account_id in required_ids[svc]:
            how, keys = matches[account_id]
            if how == MISSING:
                found = [('missing', _missing_reason(accounts, read_id, account_id), 'critical')]
            elif how == AMBIGUOUS:
                shown = ', '.join(_shown(key) for key in keys[:5]) + (', ...' if len(keys) > 5 else '')
                found = [('ambiguous', 'required, but %d configured keys could be this account (%s): the list masks its '
                          'keys, so the check cannot tell which; each is checked, and this one fails until it can be '
                          'told' % (len(keys), shown), 'critical')]
            else:
                continue
            missing += 1
            found, gone = _apply_waivers(policy, svc, account_id, found, now)
            waived.extend(gone)
            if details:
                checked.append(_entry(svc, account_id, True, found, None, now, policy.limits(svc, account_id), gone))
            problems.extend(_problem(svc, account_id, kind, reason, severity) for kind, reason, severity in found)
        by_service[svc] = dict(judged=True, configured=len(accounts), required=len(required_ids[svc]),
                               checked=len(to_check) + missing, problems=len(problems) - count)
    for waiver in policy.unused_waivers():
        # A waiver that matches nothing is a smell: the account was fixed, renamed, or the waiver is wrong.
        problems.append(_problem(waiver['service'], waiver['id'], 'stale_waiver', (
            'the waiver of %s (%s, until %s) matches no problem%s; remove it' % (
                ', '.join(waiver['kinds']), safe_text(waiver['reason'], TEXT_LIMIT), waiver['until'],
                '' if waiver['service'] in configs else ' (its service is not checked)')), 'warning'))
    order = dict((svc, index) for index, svc in enumerate(services))
    checked.sort(key=lambda entry: (order[entry['service']], entry['id'].casefold()))
    problems.sort(key=lambda problem: (order.get(problem['service'], -1 if problem['service'] is None else len(order)),
                                       (problem['id'] or '').casefold(), PROBLEM_KINDS.index(problem['kind'])))
    waived.sort(key=lambda problem: (order.get(problem['service'], len(order)), problem['id'].casefold(),
                                     PROBLEM_KINDS.index(problem['kind'])))
    cannot_judge = [dict(subject=key, service=key if key in order else None, reason=reason)
                    for key, reason in sorted(unknown.items(), key=lambda item: order.get(item[0], -1))]

    summary = _summary(by_service, problems, nearest)
    summary.update(unknown=len(cannot_judge), waived=len(waived),
                   critical=sum(1 for problem in problems if problem['severity'] == 'critical'))
    summary['warnings'] = summary['problems'] - summary['critical']
    status = 'unknown' if cannot_judge else 'problems' if summary['critical'] else 'warning' if problems else 'ok'
    result = dict(
        status=status,
        ok=status == 'ok',
        now=format_iso(now),
        min_validity=validity_text,
        min_validity_seconds=int(validity.total_seconds()),
        warn_validity=format_duration(policy.warn_validity) if policy.warn_validity is not None else None,
        threshold=format_iso(threshold),
        scope=scope,
        services=services,
        required=required_ids[services[0]] if len(services) == 1 else required_ids,
        read_at_assumed=[svc for svc in services if svc not in read_times and svc not in unknown],
        problems=problems,
        waived=waived,
        waivers=[public(waiver) for waiver in policy.waivers],
        unknown=cannot_judge,
        summary=summary,
    )
    if subscription is not None or SUBSCRIPTION_KEY in unknown:
        result['subscription_active'] = None if SUBSCRIPTION_KEY in unknown else subscription.get('active')
    if details:
        result['accounts'] = checked
    result['msg'] = verdict_message(result)
    return result


def cannot_judge(services, reason, now=None):
    """The verdict when the check could not judge at all (an option it was given is wrong, say): status
    ``unknown`` with ``reason``, so that the reports say so instead of keeping the last run's."""
    try:
        now = utc_now() if now in (None, '') else parse_instant(now)
    except CheckInputError:
        now = utc_now()
    services = [name for name in services if name in SERVICE_NAMES] or []
    result = dict(status='unknown', ok=False, now=format_iso(now), min_validity=None, min_validity_seconds=None,
                  warn_validity=None, threshold=None, scope=None, services=services, required=[], problems=[],
                  waived=[], waivers=[],
                  unknown=[dict(subject=CHECK_KEY, service=None, reason=reason)],
                  summary=dict(_summary(dict((svc, dict(judged=False, configured=None, required=0, checked=0, problems=0))
                                             for svc in services), [], None), unknown=1, waived=0, critical=0,
                               warnings=0),
                  accounts=[])
    result['msg'] = verdict_message(result)
    return result


def _allowed_empty(value, name):
    if value in (None, False):
        return frozenset()
    if value is True:
        return frozenset(SERVICE_NAMES)
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        raise CheckInputError('%s must be a list of services (or true for all), got %s' % (name, _shown(value)))
    unknown = sorted(str(item) for item in value if item not in SERVICE_NAMES)
    if unknown:
        raise CheckInputError('%s names %s, not a service; known services: %s'
                              % (name, ', '.join(_shown(item) for item in unknown), ', '.join(SERVICE_NAMES)))
    return frozenset(value)


def _missing_reason(accounts, read_id, account_id):
    if read_id is not None:
        # A read of one account that answered 404 says only that this account is absent.
        if read_id.casefold() == account_id.casefold():
            return 'required but not configured (the API answered that it has no such account)'
        return 'required, but the read asked only for the account %s' % _shown(read_id)
    if not accounts:
        return 'required but not configured (the configuration read has no accounts at all)'
    return 'required but not configured'


def _problem(svc, account_id, kind, reason, severity='critical'):
    problem = dict(service=svc, id=account_id, kind=kind, reason=reason, severity=severity)
    problem[service(svc)['id_key']] = account_id
    return problem


def _tier_instants(policy, now, prefix):
    """A function from an account's limits to its tiers, computed once per distinct pair of limits."""
    cache = {}

    def tiers(limits):
        critical, warning, dummy = limits
        if (critical, warning) not in cache:
            cache[(critical, warning)] = (
                add_duration(now, critical, prefix + 'min_validity', 'now plus min_validity'), format_duration(critical),
                add_duration(now, warning, prefix + 'warn_validity', 'now plus warn_validity') if warning else None,
                format_duration(warning) if warning else None)
        return cache[(critical, warning)]
    return tiers


def _apply_waivers(policy, svc, account_id, found, now):
    """``(found, waived)``: the problems a waiver in force hides move to ``waived``; an ended waiver hides
    nothing, and its problem says that it ended and when."""
    if not policy.waivers:
        return found, []
    kept, waived = [], []
    for kind, reason, severity in found:
        waiver = policy.waiver(svc, account_id, kind)
        if waiver is None:
            kept.append((kind, reason, severity))
        elif now < waiver['_until']:
            problem = _problem(svc, account_id, kind, reason, severity)
            problem['waiver'] = public(waiver)
            waived.append(problem)
        else:
            ended = '%s; its waiver (%s) ended at %s' % (reason, safe_text(waiver['reason'], TEXT_LIMIT), waiver['until'])
            kept.append((kind, ended, severity))
    return kept, waived


def _entry(svc, account_id, is_required, found, expiry, now, limits=None, waived=()):
    kinds = [kind for kind, dummy, dummy in found]
    status = 'ok'
    if kinds:
        status = min(kinds, key=PROBLEM_KINDS.index)
    severities = [severity for dummy, dummy, severity in found]
    # Every account is in exactly one of these: critical, warning, waived (only waived problems left) or ok.
    severity = 'critical' if 'critical' in severities else 'warning' if severities else 'waived' if waived else 'ok'
    entry = dict(
        service=svc,
        id=account_id,
        required=is_required,
        status=status,
        severity=severity,
        problems=kinds,
        reasons=[reason for dummy, reason, dummy in found],
        severities=severities,
        waived=[dict(kind=problem['kind'], reason=problem['reason'], waiver=problem['waiver']) for problem in waived],
        token_expire=format_iso(expiry) if expiry else None,
        seconds_left=int((expiry - now).total_seconds()) if expiry else None,
    )
    if limits is not None:
        entry['threshold'] = dict(min_validity=format_duration(limits[0]),
                                  warn_validity=format_duration(limits[1]) if limits[1] is not None else None,
                                  source=limits[2])
    entry[service(svc)['id_key']] = account_id
    return entry


def _summary(by_service, problems, nearest):
    counts = dict((kind, 0) for kind in PROBLEM_KINDS)
    for problem in problems:
        counts[problem['kind']] += 1
    if nearest is not None:
        seconds_left, dummy, dummy, account_id, expiry, svc = nearest
        nearest = dict(service=svc, id=account_id, token_expire=format_iso(expiry), seconds_left=seconds_left)
        nearest[service(svc)['id_key']] = account_id
    totals = dict((key, sum(counts_[key] or 0 for counts_ in by_service.values()))
                  for key in ('configured', 'required', 'checked'))
    return dict(totals, problems=len(problems), by_kind=counts, by_service=by_service, nearest_expiry=nearest)


def _left_text(seconds):
    return format_duration(datetime.timedelta(seconds=abs(seconds))) + ('' if seconds >= 0 else ' ago')


def _plural(count, word):
    return '%d %s%s' % (count, word, '' if count == 1 else 's')


def subject_title(subject):
    """A person's name for what a verdict's ``unknown`` entry is about: a service, the subscription or the check."""
    if subject == SUBSCRIPTION_KEY:
        return SUBSCRIPTION_TITLE
    if subject == CHECK_KEY:
        return 'the check'
    return service(subject)['title']


def _where(problem, several):
    if problem['service'] is None:
        return ''
    title = ('%s: ' % service(problem['service'])['title']) if several else ''
    return title + ('%s: ' % safe_text(problem['id']) if problem['id'] is not None else '')


def verdict_message(result):
    """One line when all is well; otherwise a header and one line per problem and per thing not judged."""
    summary = result['summary']
    services = result['services']
    several = len(services) != 1
    if several:
        subject = 'useapi.net accounts check (%s)' % ', '.join(service(svc)['title'] for svc in services)
    else:
        subject = '%s accounts check' % service(services[0])['title']
    if result['status'] == 'ok' and result['waived']:
        text = '%s passed: %s checked, all valid for at least %s, %s' % (
            subject, _plural(summary['checked'], 'account'), result['min_validity'],
            _plural(summary['waived'], 'problem') + ' waived:')
        return '\n'.join([text] + ['- %s (waived until %s: %s): %s%s' % (
            problem['kind'], problem['waiver']['until'], safe_text(problem['waiver']['reason'], TEXT_LIMIT),
            _where(problem, several), safe_text(problem['reason'])) for problem in result['waived']])
    if result['status'] == 'ok':
        if summary['checked'] == 0:
            return '%s passed, but there was nothing to check: %d accounts configured, none required' % (
                subject, summary['configured'])
        nearest = summary['nearest_expiry']
        text = '%s passed: %s checked, all valid for at least %s' % (
            subject, _plural(summary['checked'], 'account'), result['min_validity'])
        if nearest is None:
            return text + '; no token that expires by hand'
        return text + '; nearest expiry %s%s at %s (in %s)' % (
            (service(nearest['service'])['title'] + ' ') if several else '', safe_text(nearest['id']),
            nearest['token_expire'], _left_text(nearest['seconds_left']))
    lines = []
    if result['status'] == 'unknown':
        what = [subject_title(item['subject']) for item in result['unknown'] if item['subject'] != CHECK_KEY]
        head = '%s cannot judge (status unknown)' % subject
        if what:
            head += ': %s could not be judged' % ', '.join(what)
        if result['problems']:
            head += '; %s found in what could' % _plural(summary['problems'], 'problem')
        lines.append(head + ':')
        lines.extend('- unknown: %s%s' % ((subject_title(item['subject']) + ': ') if item['subject'] != CHECK_KEY else '',
                                          safe_text(item['reason'])) for item in result['unknown'])
    elif result['status'] == 'warning':
        lines.append('%s passed with %s in %s checked (now %s, min validity %s, warn validity %s):' % (
            subject, _plural(summary['warnings'], 'warning'), _plural(summary['checked'], 'account'),
            result['now'], result['min_validity'], result['warn_validity']))
    else:
        extra = ''.join(', %s' % _plural(summary[key], noun) for key, noun in (('warnings', 'warning'), ('waived', 'waived problem'))
                        if summary.get(key))
        lines.append('%s failed: %s%s in %s checked (now %s, min validity %s):' % (
            subject, _plural(summary.get('critical', summary['problems']), 'problem'), extra,
            _plural(summary['checked'], 'account'), result['now'], result['min_validity']))
    lines.extend('- %s%s: %s%s' % (problem['kind'], ' (warning)' if problem['severity'] == 'warning' else '',
                                   _where(problem, several), safe_text(problem['reason']))
                 for problem in result['problems'])
    lines.extend('- %s (waived until %s: %s): %s%s' % (
        problem['kind'], problem['waiver']['until'], safe_text(problem['waiver']['reason'], TEXT_LIMIT),
        _where(problem, several), safe_text(problem['reason'])) for problem in result['waived'])
    return '\n'.join(lines)
