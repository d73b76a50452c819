# -*- coding: utf-8 -*-
# Copyright (c) useapi.accounts contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: this module_utils file is private to the useapi.accounts collection.
# Its interface may change at any time; do not import it from other collections.

"""The compliance check: evaluate a normalised accounts configuration at an instant.

Pure: no I/O, ``now`` is passed in. It returns a verdict (every problem, not just the
first) and renders it as JSON and JUnit XML. The problem kinds are, everywhere in the
collection: ``missing``, ``expired``, ``expiring``, ``unknown_expiry`` and ``error``.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime
import json
from xml.etree import ElementTree

from ansible_collections.useapi.accounts.plugins.module_utils._accounts import token_expiry
from ansible_collections.useapi.accounts.plugins.module_utils._errors import CheckInputError
from ansible_collections.useapi.accounts.plugins.module_utils._time import (
    format_duration,
    format_iso,
    parse_duration,
    parse_instant,
    utc_now,
)

PROBLEM_KINDS = ('missing', 'expired', 'expiring', 'unknown_expiry', 'error')
SCOPES = ('all', 'required')


def _shown(value, limit=40):
    """A short, quoted form of a field value for a reason. Only non-secret fields are shown."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[:limit - 3] + '...'


def _unknown_expiry_reason(account):
    parts = []
    for key in ('tokenExpire', 'tokenExpireUTC'):
        if account.get(key) is None:
            parts.append('%s is missing' % key)
        else:
            parts.append('%s %s cannot be read' % (key, _shown(account[key])))
    detail = ' and '.join(parts)
    return 'the token expiry is unknown (%s); treated as a problem, not as valid' % detail


def _required_list(required, name):
    if required is None:
        return []
    if isinstance(required, str) or not isinstance(required, (list, tuple)):
        raise CheckInputError('%s must be a list of emails, got %s' % (name, type(required).__name__))
    emails = []
    seen = set()
    for item in required:
        if not isinstance(item, str) or not item.strip():
            raise CheckInputError('%s must hold only non-empty emails, got %s' % (name, _shown(item)))
        email = item.strip()
        if email.casefold() not in seen:
            seen.add(email.casefold())
            emails.append(email)
    return emails


def _check_account(email, account, now, threshold, min_validity_text):
    """The problems of one configured account, as (kind, reason) pairs, and its expiry."""
    problems = []
    error = account.get('error')
    if error:
        problems.append(('error', 'the API reports an error on this account: %s' % (
            error if isinstance(error, str) else _shown(error, 200))))
    expiry = token_expiry(account)
    if expiry is None:
        problems.append(('unknown_expiry', _unknown_expiry_reason(account)))
    elif expiry <= now:
        problems.append(('expired', 'the token expired at %s (%s ago)' % (
            format_iso(expiry), format_duration(now - expiry))))
    elif expiry < threshold:
        problems.append(('expiring', 'the token expires at %s, in %s, less than the required %s' % (
            format_iso(expiry), format_duration(expiry - now), min_validity_text)))
    problems.sort(key=lambda problem: PROBLEM_KINDS.index(problem[0]))
    return problems, expiry


def evaluate(accounts, required=None, min_validity='7d', now=None, scope='all', name_prefix='', details=True):
    """Check a configuration (dict keyed by email, as the info module returns it) at ``now``.

    - ``required``: emails that must be configured (matched without regard to case);
    - ``min_validity``: how long every checked token must stay valid (``7d``, ``36h``, ``1w2d``...);
    - ``now``: an aware datetime or an ISO-8601 string with a zone; default the current UTC time;
    - ``scope``: ``all`` checks every configured account, ``required`` only the required ones;
    - ``name_prefix``: put before option names in error messages (a role sets its variable prefix);
    - ``details``: also list every checked account (``accounts``), which only the reports need.

    Returns a dict: ``ok``, ``msg``, ``problems`` (email, kind, reason), ``accounts`` (each checked
    account with its status, expiry and reasons; only with ``details``) and ``summary``.
    Raises :class:`CheckInputError`.
    """
    if accounts is None:
        accounts = {}
    if not isinstance(accounts, dict):
        raise CheckInputError('%saccounts must be a dict keyed by email (the fact ltxstudio_accounts), got %s'
                              % (name_prefix, type(accounts).__name__))
    if scope not in SCOPES:
        raise CheckInputError('%sscope must be one of %s, got %s' % (name_prefix, ', '.join(SCOPES), _shown(scope)))
    validity = parse_duration(min_validity, name=name_prefix + 'min_validity')
    now = utc_now() if now in (None, '') else parse_instant(now, name=name_prefix + 'now')
    required_emails = _required_list(required, name_prefix + 'required')
    threshold = now + validity
    validity_text = format_duration(validity)

    by_folded = dict((email.casefold(), email) for email in accounts)
    required_folded = set(email.casefold() for email in required_emails)
    if scope == 'all':
        to_check = sorted(accounts)
    else:
        to_check = sorted(by_folded[folded] for folded in required_folded if folded in by_folded)

    checked = []
    problems = []
    nearest = None  # (seconds left, folded email, email, expiry) of the token that expires first
    for email in to_check:
        account = accounts[email]
        if not isinstance(account, dict):
            raise CheckInputError('%saccounts: the value for %r is not an account record' % (name_prefix, email))
        found, expiry = _check_account(email, account, now, threshold, validity_text)
        if expiry is not None:
            candidate = (int((expiry - now).total_seconds()), email.casefold(), email, expiry)
            if nearest is None or candidate < nearest:
                nearest = candidate
        if details:
            checked.append(_entry(email, email.casefold() in required_folded, found, expiry, now))
        problems.extend(dict(email=email, kind=kind, reason=reason) for kind, reason in found)
    missing = 0
    for email in required_emails:
        if email.casefold() not in by_folded:
            missing += 1
            reason = ('required but not configured' if accounts else
                      'required but not configured (the API has no accounts configuration at all)')
            if details:
                checked.append(_entry(email, True, [('missing', reason)], None, now))
            problems.append(dict(email=email, kind='missing', reason=reason))
    checked.sort(key=lambda entry: entry['email'].casefold())
    problems.sort(key=lambda problem: (problem['email'].casefold(), PROBLEM_KINDS.index(problem['kind'])))

    summary = _summary(accounts, required_emails, len(to_check) + missing, problems, nearest)
    result = dict(
        ok=not problems,
        now=format_iso(now),
        min_validity=validity_text,
        min_validity_seconds=int(validity.total_seconds()),
        threshold=format_iso(threshold),
        scope=scope,
        required=required_emails,
        problems=problems,
        summary=summary,
    )
    if details:
        result['accounts'] = checked
    result['msg'] = verdict_message(result)
    return result


def _entry(email, is_required, found, expiry, now):
    kinds = [kind for kind, dummy in found]
    status = 'ok'
    if kinds:
        status = min(kinds, key=PROBLEM_KINDS.index)
    return dict(
        email=email,
        required=is_required,
        status=status,
        problems=kinds,
        reasons=[reason for dummy, reason in found],
        token_expire=format_iso(expiry) if expiry else None,
        seconds_left=int((expiry - now).total_seconds()) if expiry else None,
    )


def _summary(accounts, required_emails, checked_count, problems, nearest):
    counts = dict((kind, 0) for kind in PROBLEM_KINDS)
    for problem in problems:
        counts[problem['kind']] += 1
    if nearest is not None:
        seconds_left, dummy, email, expiry = nearest
        nearest = dict(email=email, token_expire=format_iso(expiry), seconds_left=seconds_left)
    return dict(configured=len(accounts), required=len(required_emails), checked=checked_count,
                problems=len(problems), by_kind=counts, nearest_expiry=nearest)


def _left_text(seconds):
    return format_duration(datetime.timedelta(seconds=abs(seconds))) + ('' if seconds >= 0 else ' ago')


def verdict_message(result):
    """One line when all is well; otherwise a header and one line per problem."""
    summary = result['summary']
    if result['ok']:
        if summary['checked'] == 0:
            return ('LTX Studio accounts check passed, but there was nothing to check: %d accounts configured, '
                    'none required' % summary['configured'])
        nearest = summary['nearest_expiry']
        return 'LTX Studio accounts check passed: %d account%s checked, all valid for at least %s; nearest expiry %s at %s (in %s)' % (
            summary['checked'], '' if summary['checked'] == 1 else 's', result['min_validity'],
            nearest['email'], nearest['token_expire'], _left_text(nearest['seconds_left']))
    lines = ['LTX Studio accounts check failed: %d problem%s in %d account%s checked (now %s, min validity %s):' % (
        summary['problems'], '' if summary['problems'] == 1 else 's',
        summary['checked'], '' if summary['checked'] == 1 else 's', result['now'], result['min_validity'])]
    for problem in result['problems']:
        lines.append('- %s: %s: %s' % (problem['kind'], problem['email'], problem['reason']))
    return '\n'.join(lines)


def render_json(result):
    """The JSON report: the whole verdict, stable key order, UTF-8 text."""
    return json.dumps(result, indent=2, sort_keys=True, ensure_ascii=False) + '\n'


def render_junit(result):
    """The JUnit XML report: one testcase per checked account, one failure per problem."""
    failures = sum(1 for entry in result['accounts'] if entry['problems'])
    suites = ElementTree.Element('testsuites', name='useapi.accounts accounts_check',
                                 tests=str(len(result['accounts'])), failures=str(failures), errors='0')
    suite = ElementTree.SubElement(
        suites, 'testsuite', name='useapi.accounts.accounts_check', tests=str(len(result['accounts'])),
        failures=str(failures), errors='0', skipped='0', timestamp=result['now'])
    properties = ElementTree.SubElement(suite, 'properties')
    for key in ('now', 'min_validity', 'threshold', 'scope'):
        ElementTree.SubElement(properties, 'property', name=key, value=str(result[key]))
    for entry in result['accounts']:
        case = ElementTree.SubElement(suite, 'testcase', classname='ltxstudio.accounts', name=entry['email'])
        for kind, reason in zip(entry['problems'], entry['reasons']):
            failure = ElementTree.SubElement(case, 'failure', type=kind, message='%s: %s' % (kind, reason))
            failure.text = '%s: %s: %s' % (kind, entry['email'], reason)
        if not entry['problems']:
            out = ElementTree.SubElement(case, 'system-out')
            out.text = 'token valid until %s' % entry['token_expire']
    body = ElementTree.tostring(suites, encoding='unicode')
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + '\n'
