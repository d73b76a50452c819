# -*- coding: utf-8 -*-
# Copyright (c) useapi.accounts contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: this plugin_utils file is private to the useapi.accounts collection.
# Its interface may change at any time; do not import it from other collections.

"""The check's reports, for where teams look. Pure: a verdict (with its per-account ``accounts``)
in, text out.

- JSON (``accounts_check.json``): the whole verdict, for scripts;
- JUnit XML (``accounts_check.xml``): one testsuite per service, for CI test tabs;
- Prometheus text exposition format (``accounts_check.prom``): for node_exporter's textfile
  collector and alerting;
- Markdown (``accounts_check.md``): a short summary for a CI job page (GitHub's step summary).

None of them holds a secret: a verdict carries ids, kinds, reasons and instants only. None can be
forged by an id or an API text: JSON and Prometheus escape them exactly, JUnit and Markdown show them
escaped (see module_utils/_text.py).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
from xml.etree import ElementTree

from ansible_collections.useapi.accounts.plugins.module_utils._check import PROBLEM_KINDS
from ansible_collections.useapi.accounts.plugins.module_utils._services import service
from ansible_collections.useapi.accounts.plugins.module_utils._text import markdown_text, safe_text, without_surrogates
from ansible_collections.useapi.accounts.plugins.module_utils._time import parse_iso, to_epoch_ms


def render_json(result):
    """The JSON report: the whole verdict, stable key order, UTF-8 text."""
    return without_surrogates(json.dumps(result, indent=2, sort_keys=True, ensure_ascii=False)) + '\n'


def render_junit(result):
    """The JUnit XML report: one testsuite per service, one testcase per checked account, one failure per problem."""
    entries = result['accounts']
    failures = sum(1 for entry in entries if entry['problems'])
    suites = ElementTree.Element('testsuites', name='useapi.accounts accounts_check',
                                 tests=str(len(entries)), failures=str(failures), errors='0')
    for svc in result['services']:
        mine = [entry for entry in entries if entry['service'] == svc]
        suite = ElementTree.SubElement(
            suites, 'testsuite', name='useapi.accounts.accounts_check.%s' % svc, tests=str(len(mine)),
            failures=str(sum(1 for entry in mine if entry['problems'])), errors='0', skipped='0',
            timestamp=result['now'])
        properties = ElementTree.SubElement(suite, 'properties')
        for key in ('now', 'min_validity', 'threshold', 'scope'):
            ElementTree.SubElement(properties, 'property', name=key, value=safe_text(result[key]))
        ElementTree.SubElement(properties, 'property', name='service', value=svc)
        for entry in mine:
            case = ElementTree.SubElement(suite, 'testcase', classname='%s.accounts' % svc, name=safe_text(entry['id']))
            for kind, reason in zip(entry['problems'], entry['reasons']):
                failure = ElementTree.SubElement(case, 'failure', type=kind, message='%s: %s' % (kind, safe_text(reason)))
                failure.text = '%s: %s: %s: %s' % (kind, svc, safe_text(entry['id']), safe_text(reason))
            if not entry['problems']:
                out = ElementTree.SubElement(case, 'system-out')
                out.text = ('token valid until %s' % entry['token_expire'] if entry['token_expire']
                            else 'no problem found')
    body = ElementTree.tostring(suites, encoding='unicode')
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + '\n'


def _label(value):
    """A label value as the exposition format wants it: backslash, double quote and newline escaped (the
    value stays exact); an unpaired surrogate, which UTF-8 cannot hold, is written as the text ``\\udXXX``."""
    return without_surrogates(str(value)).replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n')


def _seconds(iso):
    millis = to_epoch_ms(parse_iso(iso))
    return '%d' % (millis // 1000) if millis % 1000 == 0 else '%.3f' % (millis / 1000.0)


def render_prometheus(result):
    """The verdict in the Prometheus text exposition format (version 0.0.4), one series per account
    and problem kind, for node_exporter's textfile collector."""
    lines = []

    def family(name, kind, text, samples):
        lines.append('# HELP %s %s' % (name, text))
        lines.append('# TYPE %s %s' % (name, kind))
        for labels, value in samples:
            label_text = ','.join('%s="%s"' % (key, _label(val)) for key, val in labels)
            lines.append('%s%s %s' % (name, '{%s}' % label_text if label_text else '', value))

    entries = result['accounts']
    family('useapi_accounts_check_success', 'gauge', 'Whether the last accounts check found no problem (1) or some (0).',
           [((), '1' if result['ok'] else '0')])
    family('useapi_accounts_check_timestamp_seconds', 'gauge', 'When the last accounts check evaluated, as a Unix time.',
           [((), _seconds(result['now']))])
    family('useapi_accounts_configured', 'gauge', 'Accounts configured at useapi.net, per service.',
           [((('service', svc),), '%d' % counts['configured'])
            for svc, counts in result['summary']['by_service'].items()])
    family('useapi_account_token_expiry_timestamp_seconds', 'gauge',
           'When the account\'s token, renewed by hand, expires, as a Unix time.',
           [((('service', entry['service']), ('account', entry['id'])), _seconds(entry['token_expire']))
            for entry in entries if entry['token_expire']])
    family('useapi_account_problem', 'gauge', 'Whether the account has this kind of problem (1) or not (0).',
           [((('service', entry['service']), ('account', entry['id']), ('kind', kind)),
             '1' if kind in entry['problems'] else '0') for entry in entries for kind in PROBLEM_KINDS])
    return '\n'.join(lines) + '\n'


def _cell(value):
    """Text for a Markdown table cell: one line, nothing that would break the table, turn into HTML
    or a link (see :func:`markdown_text`)."""
    return markdown_text(value)


def render_markdown(result):
    """A short Markdown summary for a CI job page: the verdict, a table of the problems, the nearest expiry."""
    summary = result['summary']
    first = result['msg'].split('\n', 1)[0].rstrip(':')
    lines = ['## %s %s' % ('✅' if result['ok'] else '❌', _cell(first)), '']
    if result['problems']:
        lines += ['| service | account | kind | reason |', '|---|---|---|---|']
        lines += ['| %s | %s | %s | %s |' % (_cell(service(problem['service'])['title']), _cell(problem['id']),
                                             problem['kind'], _cell(problem['reason']))
                  for problem in result['problems']]
        lines.append('')
    nearest = summary['nearest_expiry']
    if nearest:
        days = nearest['seconds_left'] / 86400.0
        lines.append('Nearest expiry of a token renewed by hand: %s %s at %s (%s).' % (
            _cell(service(nearest['service'])['title']), _cell(nearest['id']), nearest['token_expire'],
            'in %.1f days' % days if days >= 0 else '%.1f days ago' % -days))
    else:
        lines.append('No token renewed by hand among the accounts checked.')
    lines += ['', '%d accounts checked in %s, at %s, min validity %s.' % (
        summary['checked'], ', '.join(service(svc)['title'] for svc in result['services']), result['now'],
        result['min_validity'])]
    return '\n'.join(lines) + '\n'
