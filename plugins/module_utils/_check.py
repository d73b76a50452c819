# -*- coding: utf-8 -*-
# Copyright (c) useapi.accounts contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: this module_utils file is private to the useapi.accounts collection.
# Its interface may change at any time; do not import it from other collections.

"""The compliance check: evaluate a normalised accounts configuration at an instant.

Pure: no I/O, ``now`` is passed in. It returns a verdict (every problem, not just the
first); plugin_utils/_reports.py renders it for CI. The problem kinds are, everywhere in the
collection: ``missing``, ``ambiguous``, ``expired``, ``expiring``, ``unknown_expiry`` and ``error``.
Required ids match configured ids by the service's id rules (see ``_ids``).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime
import json

from ansible_collections.useapi.accounts.plugins.module_utils._accounts import expiry_rule, get_path, read_expiry
from ansible_collections.useapi.accounts.plugins.module_utils._errors import CheckInputError
from ansible_collections.useapi.accounts.plugins.module_utils._ids import AMBIGUOUS, MISSING, identity, match_required
from ansible_collections.useapi.accounts.plugins.module_utils._services import SERVICE_NAMES, fact_name, read_at_fact_name, service
from ansible_collections.useapi.accounts.plugins.module_utils._time import (
    format_duration,
    format_iso,
    parse_duration,
    parse_instant,
    utc_now,
)

PROBLEM_KINDS = ('missing', 'ambiguous', 'expired', 'expiring', 'unknown_expiry', 'error')
SCOPES = ('all', 'required')


def _shown(value, limit=40):
    """A short, quoted form of a field value for a reason. Only non-secret fields are shown."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[:limit - 3] + '...'


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


def _check_account(svc, account, now, threshold, min_validity_text, read_at=None):
    """The problems of one configured account, as (kind, reason) pairs, and the expiry that counts.

    ``read_at`` is ``(instant, assumed)``: when the configuration was read, which an age the API
    reports counts from, and whether that instant is only assumed (no read time was given).
    """
    problems = []
    error = account.get('error')
    if error:
        problems.append(('error', 'the API reports an error on this account: %s' % (
            error if isinstance(error, str) else _shown(error, 200))))
    health = account.get('health')
    if health is not None and health != 'OK' and 'health' in service(svc)['health']:
        problems.append(('error', 'the API reports the health %s' % _shown(health, 200)))
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
        problems.append(('unknown_expiry', _unknown_expiry_reason(rule, account)))
    elif expiry <= now:
        reason = 'the %s expired at %s (%s ago)' % (what, format_iso(expiry), format_duration(now - expiry))
        if rule['kind'] == 'refreshing':
            reason += '; useapi.net refreshes it itself, so its refresh is failing'
        problems.append(('expired', reason + counted))
    elif expiry < threshold and rule['kind'] != 'refreshing':
        problems.append(('expiring', 'the %s expires at %s, in %s, less than the required %s%s' % (
            what, format_iso(expiry), format_duration(expiry - now), min_validity_text, counted)))
    problems.sort(key=lambda problem: PROBLEM_KINDS.index(problem[0]))
    # A session that refreshes itself every hour is no "nearest expiry" anyone must act on.
    return problems, (expiry if rule['kind'] != 'refreshing' else None)


def evaluate(accounts, required=None, min_validity='7d', now=None, scope='all', name_prefix='', details=True,
             service_name='ltxstudio'):
    """Check one service's configuration (LTX Studio by default); see :func:`evaluate_services`."""
    if accounts is not None and not isinstance(accounts, dict):
        raise CheckInputError('%saccounts must be a dict keyed by %s (the fact %s), got %s' % (
            name_prefix, service(service_name)['id_key'], fact_name(service_name), type(accounts).__name__))
    return evaluate_services({service_name: accounts}, required=required, min_validity=min_validity, now=now,
                             scope=scope, name_prefix=name_prefix, details=details)


def evaluate_services(configs, required=None, min_validity='7d', now=None, scope='all', name_prefix='', details=True,
                      read_at=None):
    """Check the configurations of one or more services (dict service -> accounts keyed by id) at ``now``.

    - ``required``: ids that must be configured, matched by the service's id rules (``_ids``: emails
      without regard to ASCII case, other ids exactly, never through look-alikes; a masked list key
      by its visible prefix): a dict service -> list of ids, or a list when one service is checked;
    - ``min_validity``: how long every checked token must stay valid (``7d``, ``36h``, ``1w2d``...);
    - ``now``: an aware datetime or an ISO-8601 string with a zone; default the current UTC time;
    - ``scope``: ``all`` checks every configured account, ``required`` only the required ones;
    - ``name_prefix``: put before option names in error messages (a role sets its variable prefix);
    - ``details``: also list every checked account (``accounts``), which only the reports need;
    - ``read_at``: dict service -> when its configuration was read (an aware datetime or ISO-8601),
      the instant an age the API reports (Mureka's ``tokenIssuedDaysAgo``) counts from. A service
      without one is assumed read at ``now``, and the verdict lists it in ``read_at_assumed``.

    Returns a dict: ``ok``, ``msg``, ``problems`` (service, id, kind, reason; plus the id under the
    service's own key, such as ``email``), ``accounts`` (only with ``details``), ``summary`` and
    ``services``. Raises :class:`CheckInputError`.
    """
    if not isinstance(configs, dict) or not configs:
        raise CheckInputError('%sservices: no service to check' % name_prefix)
    services = [name for name in SERVICE_NAMES if name in configs] + sorted(set(configs) - set(SERVICE_NAMES))
    for svc in services:
        service(svc)
        if configs[svc] is not None and not isinstance(configs[svc], dict):
            raise CheckInputError('%saccounts: the %s configuration is %s, not a dict keyed by %s' % (
                name_prefix, svc, type(configs[svc]).__name__, service(svc)['id_key']))
    if scope not in SCOPES:
        raise CheckInputError('%sscope must be one of %s, got %s' % (name_prefix, ', '.join(SCOPES), _shown(scope)))
    validity = parse_duration(min_validity, name=name_prefix + 'min_validity')
    now = utc_now() if now in (None, '') else parse_instant(now, name=name_prefix + 'now')
    required_ids = _required_by_service(required, services, name_prefix + 'required')
    read_times = {}
    for svc, value in (read_at or {}).items():
        if svc in configs and value not in (None, ''):
            read_times[svc] = (parse_instant(value, name=name_prefix + read_at_fact_name(svc)), False)
    threshold = now + validity
    validity_text = format_duration(validity)

    checked = []
    problems = []
    by_service = {}
    nearest = None  # (seconds left, service, folded id, id, expiry) of the token that expires first
    for svc in services:
        accounts = configs[svc] or {}
        # Every configured key a required id is, by the service's rules, is checked: two keys that
        # differ only in case are two accounts to the API, and neither hides the other.
        matches = match_required(service(svc), required_ids[svc], accounts)
        matched = set(key for how, keys in matches.values() for key in keys)
        to_check = sorted(accounts) if scope == 'all' else sorted(matched)
        count = len(problems)
        for key in to_check:
            account = accounts[key]
            if not isinstance(account, dict):
                raise CheckInputError('%saccounts: the %s value for %r is not an account record' % (name_prefix, svc, key))
            found, expiry = _check_account(svc, account, now, threshold, validity_text, read_times.get(svc))
            if expiry is not None:
                candidate = (int((expiry - now).total_seconds()), SERVICE_NAMES.index(svc) if svc in SERVICE_NAMES else 99,
                             key.casefold(), key, expiry, svc)
                if nearest is None or candidate < nearest:
                    nearest = candidate
            if details:
                checked.append(_entry(svc, key, key in matched, found, expiry, now))
            problems.extend(_problem(svc, key, kind, reason) for kind, reason in found)
        missing = 0
        for account_id in required_ids[svc]:
            how, keys = matches[account_id]
            if how == MISSING:
                kind = 'missing'
                reason = ('required but not configured' if accounts else
                          'required but not configured (the API has no accounts configuration at all)')
            elif how == AMBIGUOUS:
                kind = 'ambiguous'
                reason = ('required, but %d configured keys could be this account (%s): the list masks its keys, so '
                          'the check cannot tell which; each is checked, and this one fails until it can be told' % (
                              len(keys), ', '.join(_shown(key) for key in keys[:5]) + (', ...' if len(keys) > 5 else '')))
            else:
                continue
            missing += 1
            if details:
                checked.append(_entry(svc, account_id, True, [(kind, reason)], None, now))
            problems.append(_problem(svc, account_id, kind, reason))
        by_service[svc] = dict(configured=len(accounts), required=len(required_ids[svc]),
                               checked=len(to_check) + missing, problems=len(problems) - count)
    order = dict((svc, index) for index, svc in enumerate(services))
    checked.sort(key=lambda entry: (order[entry['service']], entry['id'].casefold()))
    problems.sort(key=lambda problem: (order[problem['service']], problem['id'].casefold(),
                                       PROBLEM_KINDS.index(problem['kind'])))

    summary = _summary(by_service, problems, nearest)
    result = dict(
        ok=not problems,
        now=format_iso(now),
        min_validity=validity_text,
        min_validity_seconds=int(validity.total_seconds()),
        threshold=format_iso(threshold),
        scope=scope,
        services=services,
        required=required_ids[services[0]] if len(services) == 1 else required_ids,
        read_at_assumed=[svc for svc in services if svc not in read_times],
        problems=problems,
        summary=summary,
    )
    if details:
        result['accounts'] = checked
    result['msg'] = verdict_message(result)
    return result


def _problem(svc, account_id, kind, reason):
    problem = dict(service=svc, id=account_id, kind=kind, reason=reason)
    problem[service(svc)['id_key']] = account_id
    return problem


def _entry(svc, account_id, is_required, found, expiry, now):
    kinds = [kind for kind, dummy in found]
    status = 'ok'
    if kinds:
        status = min(kinds, key=PROBLEM_KINDS.index)
    entry = dict(
        service=svc,
        id=account_id,
        required=is_required,
        status=status,
        problems=kinds,
        reasons=[reason for dummy, reason in found],
        token_expire=format_iso(expiry) if expiry else None,
        seconds_left=int((expiry - now).total_seconds()) if expiry else None,
    )
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
    totals = dict((key, sum(counts_[key] for counts_ in by_service.values()))
                  for key in ('configured', 'required', 'checked'))
    return dict(totals, problems=len(problems), by_kind=counts, by_service=by_service, nearest_expiry=nearest)


def _left_text(seconds):
    return format_duration(datetime.timedelta(seconds=abs(seconds))) + ('' if seconds >= 0 else ' ago')


def _plural(count, word):
    return '%d %s%s' % (count, word, '' if count == 1 else 's')


def verdict_message(result):
    """One line when all is well; otherwise a header and one line per problem."""
    summary = result['summary']
    services = result['services']
    several = len(services) > 1
    if several:
        subject = 'useapi.net accounts check (%s)' % ', '.join(service(svc)['title'] for svc in services)
    else:
        subject = '%s accounts check' % service(services[0])['title']
    if result['ok']:
        if summary['checked'] == 0:
            return '%s passed, but there was nothing to check: %d accounts configured, none required' % (
                subject, summary['configured'])
        nearest = summary['nearest_expiry']
        text = '%s passed: %s checked, all valid for at least %s' % (
            subject, _plural(summary['checked'], 'account'), result['min_validity'])
        if nearest is None:
            return text + '; no token that expires by hand'
        return text + '; nearest expiry %s%s at %s (in %s)' % (
            (service(nearest['service'])['title'] + ' ') if several else '', nearest['id'],
            nearest['token_expire'], _left_text(nearest['seconds_left']))
    lines = ['%s failed: %s in %s checked (now %s, min validity %s):' % (
        subject, _plural(summary['problems'], 'problem'), _plural(summary['checked'], 'account'),
        result['now'], result['min_validity'])]
    for problem in result['problems']:
        where = ('%s: ' % service(problem['service'])['title']) if several else ''
        lines.append('- %s: %s%s: %s' % (problem['kind'], where, problem['id'], problem['reason']))
    return '\n'.join(lines)
