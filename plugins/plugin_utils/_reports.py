# -*- coding: utf-8 -*-
# Copyright (c) useapi.accounts contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: this plugin_utils file is private to the useapi.accounts collection.
# Its interface may change at any time; do not import it from other collections.

"""The check's reports, for where teams look. Pure: a verdict (with its per-account ``accounts``)
in, text out. Every report says the verdict's ``status`` (``ok``, ``problems`` or ``unknown``) and
why, so that none says less than the task did.

- JSON (``accounts_check.json``): the whole verdict and ``schema_version``, for scripts; its JSON
  Schema is ``docs/schemas/accounts_check.schema.json``;
- JUnit XML (``accounts_check.xml``): one testsuite per service, a ``failure`` per problem and an
  ``error`` for what could not be judged, for CI test tabs;
- Prometheus text exposition format (``accounts_check.prom``): for node_exporter's textfile
  collector and alerting;
- Markdown (``accounts_check.md``): the status and why on its first line, then what to do, for a
  CI job page (GitHub's step summary).

None of them holds a secret: a verdict carries ids, kinds, reasons and instants only. None can be
forged by an id or an API text: JSON and Prometheus escape them exactly, JUnit and Markdown show them
escaped (see module_utils/_text.py).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
from xml.etree import ElementTree

from ansible_collections.useapi.accounts.plugins.plugin_utils._check import (
    ACCOUNT_KINDS,
    CHECK_KEY,
    STATUSES,
    subject_title,
)
from ansible_collections.useapi.accounts.plugins.module_utils._services import service
from ansible_collections.useapi.accounts.plugins.module_utils._subscription import SUBSCRIPTION_KEY
from ansible_collections.useapi.accounts.plugins.module_utils._text import markdown_text, safe_text, without_surrogates
from ansible_collections.useapi.accounts.plugins.module_utils._time import parse_iso, to_epoch_ms

# The version of the JSON report's shape (docs/schemas/accounts_check.schema.json): raised when a
# field changes meaning or goes away, not when one is added.
SCHEMA_VERSION = 1
SUITE = 'useapi.accounts.accounts_check'


def render_json(result):
    """The JSON report: the whole verdict and its schema version, stable key order, UTF-8 text."""
    text = json.dumps(dict(result, schema_version=SCHEMA_VERSION), indent=2, sort_keys=True, ensure_ascii=False)
    return without_surrogates(text) + '\n'


def _suite(parent, name, result, cases):
    """A testsuite of (name, classname, failures [(type, message, text)], errors [...], out) cases; every
    name, message and text is shown safely (:func:`safe_text`: one line, nothing XML cannot hold)."""
    suite = ElementTree.SubElement(
        parent, 'testsuite', name=name, tests=str(len(cases)),
        failures=str(sum(1 for case in cases if case[2])), errors=str(sum(1 for case in cases if case[3])),
        skipped='0', timestamp=result['now'])
    properties = ElementTree.SubElement(suite, 'properties')
    for key in ('status', 'now', 'min_validity', 'threshold', 'scope'):
        if result.get(key) is not None:
            ElementTree.SubElement(properties, 'property', name=key, value=safe_text(result[key]))
    for case_name, classname, failures, errors, out in cases:
        case = ElementTree.SubElement(suite, 'testcase', classname=classname, name=safe_text(case_name))
        for kind, message, text in errors:
            error = ElementTree.SubElement(case, 'error', type=kind, message=safe_text(message))
            error.text = safe_text(text)
        for kind, message, text in failures:
            failure = ElementTree.SubElement(case, 'failure', type=kind, message=safe_text(message))
            failure.text = safe_text(text)
        if out:
            ElementTree.SubElement(case, 'system-out').text = out
    return suite


def render_junit(result):
    """The JUnit XML report: one testsuite per service, one testcase per checked account with a failure per
    problem; what could not be judged is an error (JUnit's "could not run"), of a testcase ``configuration``
    (a service), ``subscription`` or ``check``."""
    unknown = dict((item['subject'], item['reason']) for item in result['unknown'])
    suites = ElementTree.Element('testsuites', name='useapi.accounts accounts_check')
    if CHECK_KEY in unknown:
        _suite(suites, SUITE, result, [('check', SUITE, [], [('unknown', unknown[CHECK_KEY], unknown[CHECK_KEY])], None)])
    if 'subscription_active' in result:
        failures = [('subscription_inactive', '%s: %s' % (problem['kind'], problem['reason']), problem['reason'])
                    for problem in result['problems'] if problem['kind'] == 'subscription_inactive']
        errors = [('unknown', 'unknown: %s' % unknown[SUBSCRIPTION_KEY], unknown[SUBSCRIPTION_KEY])] \
            if SUBSCRIPTION_KEY in unknown else []
        _suite(suites, '%s.subscription' % SUITE, result,
               [('subscription', 'subscription', failures, errors, None if failures or errors else 'active')])
    for svc in result['services']:
        cases = []
        service_failures = [(problem['kind'], '%s: %s' % (problem['kind'], problem['reason']),
                             '%s: %s: %s' % (problem['kind'], svc, problem['reason']))
                            for problem in result['problems'] if problem['service'] == svc and problem['id'] is None]
        if svc in unknown or service_failures:
            errors = [('unknown', 'unknown: %s' % unknown[svc], 'unknown: %s: %s' % (svc, unknown[svc]))] \
                if svc in unknown else []
            cases.append(('configuration', '%s.configuration' % svc, service_failures, errors, None))
        for entry in result['accounts']:
            if entry['service'] != svc:
                continue
            failures = [(kind, '%s: %s' % (kind, reason), '%s: %s: %s: %s' % (kind, svc, entry['id'], reason))
                        for kind, reason, severity in zip(entry['problems'], entry['reasons'], entry['severities'])
                        if severity == 'critical']
            cases.append((entry['id'], '%s.accounts' % svc, failures, [], None if failures else _passing_out(entry)))
        # A waiver that matches nothing: a passing testcase of its own, with the warning as its output.
        cases.extend(('waiver %s' % problem['id'], '%s.waivers' % svc, [], [], 'warning: %s: %s' % (
            problem['kind'], problem['reason'])) for problem in result['problems']
            if problem['service'] == svc and problem['kind'] == 'stale_waiver')
        suite = _suite(suites, '%s.%s' % (SUITE, svc), result, cases)
        ElementTree.SubElement(suite.find('properties'), 'property', name='service', value=svc)
    for name in ('tests', 'failures', 'errors'):
        suites.set(name, str(sum(int(suite.get(name)) for suite in suites)))
    body = ElementTree.tostring(suites, encoding='unicode')
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + '\n'


def _passing_out(entry):
    """The output of a passing testcase: its warnings and waived problems (they do not fail the run), or its expiry."""
    lines = ['warning: %s: %s' % (kind, reason) for kind, reason, severity
             in zip(entry['problems'], entry['reasons'], entry['severities']) if severity == 'warning']
    lines += ['waived until %s (%s): %s: %s' % (item['waiver']['until'], item['waiver']['reason'], item['kind'], item['reason'])
              for item in entry['waived']]
    if lines:
        return '\n'.join(lines)
    return 'token valid until %s' % entry['token_expire'] if entry['token_expire'] else 'no problem found'


def _label(value):
    """A label value as the exposition format wants it: backslash, double quote and newline escaped (the
    value stays exact); an unpaired surrogate, which UTF-8 cannot hold, is written as the text ``\\udXXX``."""
    return without_surrogates(str(value)).replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n')


def _seconds(iso):
    millis = to_epoch_ms(parse_iso(iso))
    return '%d' % (millis // 1000) if millis % 1000 == 0 else '%.3f' % (millis / 1000.0)


def render_prometheus(result):
    """The verdict in the Prometheus text exposition format (version 0.0.4), for node_exporter's textfile
    collector: the status, per service whether it was read and judged, the subscription, and one series
    per account and problem kind."""
    lines = []

    def family(name, kind, text, samples):
        lines.append('# HELP %s %s' % (name, text))
        lines.append('# TYPE %s %s' % (name, kind))
        for labels, value in samples:
            label_text = ','.join('%s="%s"' % (key, _label(val)) for key, val in labels)
            lines.append('%s%s %s' % (name, '{%s}' % label_text if label_text else '', value))

    entries = result['accounts']
    by_service = result['summary']['by_service']
    family('useapi_accounts_check_success', 'gauge',
           'Whether the last accounts check found everything in order (1), or found problems or could not judge (0).',
           [((), '1' if result['status'] == 'ok' else '0')])
    family('useapi_accounts_check_status', 'gauge',
           'The status of the last accounts check: 1 for the status it had (ok, problems, unknown), 0 for the others.',
           [((('status', status),), '1' if result['status'] == status else '0') for status in STATUSES])
    family('useapi_accounts_check_timestamp_seconds', 'gauge', 'When the last accounts check evaluated, as a Unix time.',
           [((), _seconds(result['now']))])
    family('useapi_accounts_read_success', 'gauge',
           'Whether the service\'s configuration was read and judged (1), or its read failed or its data was refused (0).',
           [((('service', svc),), '1' if by_service[svc]['judged'] else '0') for svc in result['services']])
    if result.get('subscription_active') is not None:
        family('useapi_subscription_active', 'gauge', 'Whether the useapi.net subscription is active (1) or not (0).',
               [((), '1' if result['subscription_active'] else '0')])
    family('useapi_accounts_configured', 'gauge', 'Accounts configured at useapi.net, per service read.',
           [((('service', svc),), '%d' % counts['configured'])
            for svc, counts in by_service.items() if counts['judged']])
    family('useapi_accounts_service_problem', 'gauge',
           'Whether the service has this kind of problem of its own (1) or not (0): empty, no account at all.',
           [((('service', svc), ('kind', 'empty')),
             '1' if any(p['service'] == svc and p['kind'] == 'empty' for p in result['problems']) else '0')
            for svc, counts in by_service.items() if counts['judged']])
    family('useapi_account_token_expiry_timestamp_seconds', 'gauge',
           'When the account\'s token, renewed by hand, expires, as a Unix time.',
           [((('service', entry['service']), ('account', entry['id'])), _seconds(entry['token_expire']))
            for entry in entries if entry['token_expire']])
    family('useapi_account_problem', 'gauge',
           'Whether the account has this kind of problem (1) or not (0); severity critical, warning or waived.',
           [(_problem_labels(entry, kind), '1' if _problem_labels(entry, kind)[-1][1] != 'none' else '0')
            for entry in entries for kind in ACCOUNT_KINDS])
    return '\n'.join(lines) + '\n'


def _problem_labels(entry, kind):
    """The labels of one account's series of one kind: its severity, ``waived``, or ``none`` when it has none."""
    severity = 'none'
    if kind in entry['problems']:
        severity = entry['severities'][entry['problems'].index(kind)]
    elif any(item['kind'] == kind for item in entry['waived']):
        severity = 'waived'
    return (('service', entry['service']), ('account', entry['id']), ('kind', kind), ('severity', severity))


def _cell(value):
    """Text for a Markdown table cell: one line, nothing that would break the table, turn into HTML
    or a link (see :func:`markdown_text`)."""
    return markdown_text(value)


_ICONS = dict(ok='✅', warning='⚠️', problems='❌', unknown='❓')
_TO_DO = dict(
    warning='What to do: nothing fails yet; renew what the warnings name before it becomes critical, and remove stale '
            'waivers.',
    problems='What to do: fix each problem below (the repair guide says how, per service), then run the check again.',
    unknown=('What to do: the check could not judge everything, so nothing is known of what it could not judge. '
             'Fix what stopped it (below: the token, the URL, the API\'s state, or data read before this run), '
             'then run it again.'),
)


def render_markdown(result):
    """A short Markdown summary for a CI job page: the status and why on the first line, what to do, a table
    of what could not be judged and of the problems, the nearest expiry."""
    summary = result['summary']
    first = result['msg'].split('\n', 1)[0].rstrip(':')
    lines = ['## %s %s: %s' % (_ICONS[result['status']], result['status'], _cell(first)), '']
    if result['status'] in _TO_DO:
        lines += [_TO_DO[result['status']], '']
    if result['unknown']:
        lines += ['| could not judge | why |', '|---|---|']
        lines += ['| %s | %s |' % (_cell(subject_title(item['subject'])), _cell(item['reason'])) for item in result['unknown']]
        lines.append('')
    for severity, title in (('critical', None), ('warning', '### Warnings (they do not fail the run)')):
        rows = [problem for problem in result['problems'] if problem['severity'] == severity]
        if rows:
            lines += [title, ''] if title else []
            lines += ['| service | account | kind | reason |', '|---|---|---|---|']
            lines += ['| %s | %s | %s | %s |' % (
                _cell(service(problem['service'])['title'] if problem['service'] else 'useapi.net'),
                _cell(problem['id'] if problem['id'] is not None else '-'), problem['kind'], _cell(problem['reason']))
                for problem in rows]
            lines.append('')
    if result['waived']:
        lines += ['### Waived', '', '| service | account | kind | until | waiver |', '|---|---|---|---|---|']
        lines += ['| %s | %s | %s | %s | %s |' % (
            _cell(service(problem['service'])['title']), _cell(problem['id']), problem['kind'], problem['waiver']['until'],
            _cell(problem['waiver']['reason'])) for problem in result['waived']]
        lines.append('')
    nearest = summary['nearest_expiry']
    if nearest:
        days = nearest['seconds_left'] / 86400.0
        lines.append('Nearest expiry of a token renewed by hand: %s %s at %s (%s).' % (
            _cell(service(nearest['service'])['title']), _cell(nearest['id']), nearest['token_expire'],
            'in %.1f days' % days if days >= 0 else '%.1f days ago' % -days))
    elif result['min_validity'] is not None:
        lines.append('No token renewed by hand among the accounts checked.')
    if result['min_validity'] is not None:
        lines += ['', '%d accounts checked in %s, at %s, min validity %s.' % (
            summary['checked'], ', '.join(service(svc)['title'] for svc in result['services']), result['now'],
            result['min_validity'])]
    return '\n'.join(lines) + '\n'
