# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Prometheus and Markdown reports: parsed by a real parser, hostile ids, no secret."""

from __future__ import annotations

import datetime
import json
import re
from xml.etree import ElementTree

import pytest
from prometheus_client.parser import text_string_to_metric_families

from helpers import validate_report

from ansible_collections.useapi.accounts.plugins.module_utils._accounts import normalize_accounts
from ansible_collections.useapi.accounts.plugins.plugin_utils._check import ACCOUNT_KINDS, cannot_judge, evaluate_services
from ansible_collections.useapi.accounts.plugins.module_utils._text import markdown_text
from ansible_collections.useapi.accounts.plugins.module_utils._time import format_iso, parse_iso
from ansible_collections.useapi.accounts.plugins.plugin_utils._reports import (
    render_json,
    render_junit,
    render_markdown,
    render_prometheus,
)

NOW = parse_iso('2026-11-25T12:00:00Z')
CANARY = 'CANARY-report-5ecret'
HOSTILE = 'we"ird\\na|me\nline2 <b>é</b>@example.com'


def at(**delta):
    return format_iso(NOW + datetime.timedelta(**delta))


def mixed():
    configs = {
        'ltxstudio': normalize_accounts({
            'ok@example.com': {'tokenExpireUTC': at(days=30), 'cookie': 'lt_id=u1; lt_token=%s' % CANARY},
            'soon@example.com': {'tokenExpireUTC': at(days=2)},
            HOSTILE: {'tokenExpireUTC': at(days=-1), 'error': 'refresh | failed <again>'},
        }, 'ltxstudio'),
        'kling': normalize_accounts({'k@example.com': {'password': CANARY, 'session': {'ExpireTimeUTC': at(days=9)}}},
                                    'kling'),
        'flowmusic': normalize_accounts({'f@example.com': {'refresh_token': CANARY,
                                                           'access_token_expires_at': at(minutes=30)}}, 'flowmusic'),
    }
    return evaluate_services(configs, required={'kling': ['gone@example.com']}, now=NOW)


def families(text):
    return dict((family.name, family) for family in text_string_to_metric_families(text))


def samples(family):
    return dict((tuple(sorted(sample.labels.items())), sample.value) for sample in family.samples)


def test_the_prometheus_report_parses_with_the_expected_series_and_values():
    result = mixed()
    parsed = families(render_prometheus(result))
    assert samples(parsed['useapi_accounts_check_success']) == {(): 0.0}
    assert samples(parsed['useapi_accounts_check_timestamp_seconds']) == {(): NOW.timestamp()}
    assert samples(parsed['useapi_accounts_configured']) == {
        (('service', 'ltxstudio'),): 3.0, (('service', 'kling'),): 1.0, (('service', 'flowmusic'),): 0.0 + 1}
    expiry = samples(parsed['useapi_account_token_expiry_timestamp_seconds'])
    assert expiry[(('account', 'soon@example.com'), ('service', 'ltxstudio'))] == (NOW + datetime.timedelta(days=2)).timestamp()
    assert expiry[(('account', HOSTILE), ('service', 'ltxstudio'))] == (NOW - datetime.timedelta(days=1)).timestamp()
    assert (('account', 'f@example.com'), ('service', 'flowmusic')) not in expiry, 'a refreshed session is no token'
    problems = samples(parsed['useapi_account_problem'])
    assert len(problems) == 6 * len(ACCOUNT_KINDS), 'every kind of an account for each of the five accounts checked and the missing one'
    on = sorted(key for key, value in problems.items() if value == 1)
    assert on == sorted([
        (('account', HOSTILE), ('kind', 'error'), ('service', 'ltxstudio'), ('severity', 'critical')),
        (('account', HOSTILE), ('kind', 'expired'), ('service', 'ltxstudio'), ('severity', 'critical')),
        (('account', 'soon@example.com'), ('kind', 'expiring'), ('service', 'ltxstudio'), ('severity', 'critical')),
        (('account', 'gone@example.com'), ('kind', 'missing'), ('service', 'kling'), ('severity', 'critical')),
    ])
    assert all(dict(key)['severity'] == 'none' for key, value in problems.items() if value == 0)
    assert parsed['useapi_account_problem'].type == 'gauge'


@pytest.mark.parametrize('account', ['a"b', 'a\\b', 'a\nb', 'ünï©ødé', '\\"\n', 'x\\n'])
def test_hostile_ids_stay_valid_and_come_back_the_same(account):
    result = evaluate_services({'tempolor': {account: {'error': 'x'}}}, now=NOW)
    parsed = families(render_prometheus(result))
    assert {dict(key)['account'] for key in samples(parsed['useapi_account_problem'])} == {account}


def test_the_markdown_summary_has_the_verdict_a_row_per_problem_and_the_nearest_expiry():
    result = mixed()
    text = render_markdown(result)
    lines = text.splitlines()
    assert lines[0].startswith('## ❌ problems: useapi.net accounts check (LTX Studio, Kling, Flow Music) failed: 4 problems')
    assert lines[2].startswith('What to do: fix each problem below')
    rows = [line for line in lines if line.startswith('| ') and not line.startswith('| service')]
    assert len(rows) == len(result['problems']) == 4
    assert all(row.count(' | ') == 3 for row in rows), 'an escaped | never adds a column'
    assert 'refresh \\| failed &lt;again&gt;' in text
    assert 'we"ird\\\\na\\|me line2 &lt;b&gt;é&lt;/b&gt;@example.com' in text
    assert 'Nearest expiry of a token renewed by hand: LTX Studio' in text
    ok = evaluate_services({'kling': {'k@example.com': {'session': {'ExpireTimeUTC': at(days=20)}}}}, now=NOW)
    good = render_markdown(ok)
    assert good.startswith('## ✅ ok: Kling accounts check passed') and '| service |' not in good
    assert 'Kling k@example.com at %s (in 20.0 days)' % at(days=20) in good


def test_no_report_holds_a_secret():
    result = mixed()
    for render in (render_json, render_junit, render_prometheus, render_markdown):
        assert CANARY not in render(result), render.__name__
    assert CANARY not in json.dumps(result)


GOOD = {'a@example.com': {'tokenExpireUTC': '2027-11-20T00:00:00Z'}}
READ_FAILED = 'the read failed: GET http://127.0.0.1/v1/kling/accounts failed with HTTP 503'


def verdicts():
    """One verdict of every outcome, as the reports get them."""
    return dict(
        ok=evaluate_services({'ltxstudio': GOOD}, now=NOW, subscription={'active': True}),
        problems=mixed(),
        inactive=evaluate_services({'ltxstudio': GOOD}, now=NOW, subscription={'active': False}),
        empty=evaluate_services({'ltxstudio': GOOD, 'tempolor': {}}, now=NOW),
        one_failed=evaluate_services({'ltxstudio': GOOD, 'kling': None, 'mureka': {'m': {'error': 'x'}}}, now=NOW,
                                     unknown={'kling': READ_FAILED}),
        all_failed=evaluate_services({'ltxstudio': None, 'kling': None}, now=NOW, subscription={},
                                     unknown={'ltxstudio': READ_FAILED, 'kling': READ_FAILED, 'subscription': READ_FAILED}),
        subscription_unread=evaluate_services({'ltxstudio': GOOD}, now=NOW, subscription={},
                                              unknown={'subscription': READ_FAILED}),
        cannot_run=cannot_judge(['ltxstudio'], "min_validity: '7x' is not a duration", now=NOW),
    )


@pytest.mark.parametrize('outcome', sorted(verdicts()))
def test_every_outcome_gives_a_json_report_valid_against_its_schema_and_every_report_says_its_status(outcome):
    result = verdicts()[outcome]
    report = validate_report(render_json(result))
    assert report['status'] == result['status'] and report['schema_version'] == 1
    icon = dict(ok='✅', warning='⚠️', problems='❌', unknown='❓')[result['status']]
    assert render_markdown(result).startswith('## %s %s: ' % (icon, result['status']))
    status = samples(families(render_prometheus(result))['useapi_accounts_check_status'])
    assert status == dict(((('status', name),), 1.0 if name == result['status'] else 0.0)
                          for name in ('ok', 'warning', 'problems', 'unknown'))
    success = samples(families(render_prometheus(result))['useapi_accounts_check_success'])
    assert success == {(): 1.0 if result['status'] == 'ok' else 0.0}
    root = ElementTree.fromstring(render_junit(result))
    errors = [element.get('message') for element in root.iter('error')]
    assert len(errors) == len(result['unknown']) == int(root.get('errors'))
    assert int(root.get('failures')) == sum(1 for case in root.iter('testcase') if case.find('failure') is not None)


def test_a_service_that_could_not_be_read_is_a_junit_error_and_a_failed_read_series():
    result = verdicts()['one_failed']
    root = ElementTree.fromstring(render_junit(result))
    kling = [suite for suite in root.findall('testsuite') if suite.get('name').endswith('.kling')][0]
    case = kling.find('testcase')
    assert case.get('name') == 'configuration' and case.find('error').get('message') == 'unknown: ' + READ_FAILED
    assert kling.get('errors') == '1' and kling.get('tests') == '1'
    parsed = families(render_prometheus(result))
    assert samples(parsed['useapi_accounts_read_success']) == {
        (('service', 'ltxstudio'),): 1.0, (('service', 'kling'),): 0.0, (('service', 'mureka'),): 1.0}
    assert (('service', 'kling'),) not in samples(parsed['useapi_accounts_configured']), 'no count for what was not read'
    text = render_markdown(result)
    assert text.splitlines()[0].startswith('## ❓ unknown: useapi.net accounts check (LTX Studio, Kling, Mureka) cannot '
                                           'judge (status unknown): Kling could not be judged; 2 problems found')
    assert '| Kling | %s |' % markdown_text(READ_FAILED) in text
    assert 'What to do: the check could not judge everything' in text


def test_the_subscription_has_its_own_testcase_series_and_row():
    inactive = verdicts()['inactive']
    root = ElementTree.fromstring(render_junit(inactive))
    suite = [suite for suite in root.findall('testsuite') if suite.get('name').endswith('.subscription')][0]
    assert suite.find('testcase').find('failure').get('type') == 'subscription_inactive'
    assert samples(families(render_prometheus(inactive))['useapi_subscription_active']) == {(): 0.0}
    assert '| useapi.net | - | subscription_inactive | the useapi.net subscription is not active' in render_markdown(inactive)
    unread = verdicts()['subscription_unread']
    assert 'useapi_subscription_active' not in families(render_prometheus(unread)), 'unknown is not inactive'
    root = ElementTree.fromstring(render_junit(unread))
    assert [case.get('name') for case in root.iter('testcase') if case.find('error') is not None] == ['subscription']
    active = verdicts()['ok']
    assert samples(families(render_prometheus(active))['useapi_subscription_active']) == {(): 1.0}


def test_an_empty_service_is_a_failure_of_its_configuration_and_a_service_series():
    result = verdicts()['empty']
    root = ElementTree.fromstring(render_junit(result))
    failures = [(case.get('classname'), case.get('name'), case.find('failure').get('type'))
                for case in root.iter('testcase') if case.find('failure') is not None]
    assert failures == [('tempolor.configuration', 'configuration', 'empty')]
    assert samples(families(render_prometheus(result))['useapi_accounts_service_problem']) == {
        (('kind', 'empty'), ('service', 'ltxstudio')): 0.0, (('kind', 'empty'), ('service', 'tempolor')): 1.0}

# -- issue 20, item 7: no report can be forged or broken by an id or an API text -----------------------


FORGING = ['nul\x00id@example.com', 'esc\x1b[31m@example.com', 'line\nbreak@example.com', 'bidi\u202e@example.com',
           '[click](https://evil.example)@example.com', 'www.evil.example', 'lone\ud800@example.com', 'ff\uffff@x.io']


def forged():
    accounts = dict((account, {'tokenExpireUTC': at(days=-1), 'error': 'x\x00\x1b<![CDATA[' + account})
                    for account in FORGING)
    return evaluate_services({'ltxstudio': accounts, 'mureka': {'1': {'error': 'e' * 100000}}}, now=NOW)


def test_the_junit_report_parses_whatever_the_ids_and_texts():
    root = ElementTree.fromstring(render_junit(forged()).encode('utf-8'))
    names = [case.get('name') for case in root.iter('testcase')]
    assert 'nul\\x00id@example.com' in names and 'esc\\x1b[31m@example.com' in names and 'lone\\ud800@example.com' in names
    failure = [element.text for element in root.iter('failure') if 'e' * 50 in element.text][0]
    assert failure.endswith('(100000 characters, cut)') and len(failure) < 1000


def test_the_markdown_summary_has_no_live_link_and_one_row_per_problem():
    result = forged()
    text = render_markdown(result)
    rows = [line for line in text.splitlines() if line.startswith('| ') and not line.startswith('| service')]
    assert len(rows) == len(result['problems'])
    assert not re.search(r'(?<!\\)[\[\]]', text) and 'https://' not in text
    assert 'www.evil' not in text and '\x1b' not in text and '\x00' not in text and '<!' not in text


def test_the_json_and_prometheus_reports_keep_exact_ids_and_stay_writable():
    result = forged()
    text = render_json(result)
    text.encode('utf-8')
    assert sorted(entry['id'] for entry in json.loads(text)['accounts'] if entry['service'] == 'ltxstudio') == sorted(FORGING)
    assert len(json.loads(text)['problems'][-1]['reason']) < 1000, 'API texts are bounded'
    prom = render_prometheus(result)
    prom.encode('utf-8')
    accounts = {dict(key).get('account') for key in samples(families(prom)['useapi_account_problem'])}
    assert 'line\nbreak@example.com' in accounts and 'lone\\ud800@example.com' in accounts
