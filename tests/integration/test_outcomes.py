# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The verdict never lies (issue 21): on every outcome all four reports are written afresh, and say it.

Each test first runs a passing check into a report directory, then the outcome under test into the
same directory, and asserts that every file was rewritten and carries the new status: a report that
CI or monitoring reads must never keep yesterday's green verdict.
"""

from __future__ import annotations

import time
from xml.etree import ElementTree

import pytest

from helpers import FIXTURES, REPORT_FILES, TOKEN, validate_report, wait_for

from ansible_collections.useapi.accounts.plugins.module_utils._time import parse_iso

NOW = '2026-11-25T12:00:00Z'
THREE = ['ltxstudio', 'kling', 'minimax']


def reports_of(directory):
    """Every report's text, and the JSON one validated against its schema."""
    texts = dict((name, (directory / name).read_text(encoding='utf-8')) for name in REPORT_FILES)
    return texts, validate_report(texts['accounts_check.json'])


def prometheus(text):
    from prometheus_client.parser import text_string_to_metric_families

    return dict((family.name, dict((tuple(sorted(sample.labels.items())), sample.value) for sample in family.samples))
                for family in text_string_to_metric_families(text))


def three_services(standin):
    return standin(fixture=None, now=NOW, services=dict(
        (name, str(FIXTURES / name / 'healthy.json')) for name in THREE))


def role_run(playbook, reports, server, token=TOKEN, **extra):
    variables = dict(accounts_check_now=NOW, accounts_check_report_dir=str(reports), accounts_check_services=THREE)
    variables.update(extra)
    return playbook('role.yml', env={'USEAPI_BASE_URL': server.base_url}, token=token, extra_vars=variables)


def passing_first(playbook, reports, server):
    """A green run into ``reports``; returns the texts it wrote."""
    run = role_run(playbook, reports, server)
    assert run.rc == 0, run
    texts, report = reports_of(reports)
    assert report['status'] == 'ok' and prometheus(texts['accounts_check.prom'])['useapi_accounts_check_success'] == {(): 1.0}
    return texts


def assert_rewritten(before, reports, status):
    texts, report = reports_of(reports)
    for name in REPORT_FILES:
        assert texts[name] != before[name], '%s was left from the previous run' % name
    assert report['status'] == status
    metrics = prometheus(texts['accounts_check.prom'])
    assert metrics['useapi_accounts_check_success'] == {(): 0.0}
    assert metrics['useapi_accounts_check_status'][(('status', status),)] == 1.0
    assert texts['accounts_check.md'].startswith('## %s %s: ' % ({'unknown': '❓', 'problems': '❌'}[status], status))
    return texts, report, metrics


def junit_cases(text):
    root = ElementTree.fromstring(text)
    return dict(((case.get('classname'), case.get('name')),
                 ([failure.get('type') for failure in case.findall('failure')],
                  [error.get('message') for error in case.findall('error')])) for case in root.iter('testcase'))


def test_a_rejected_token_rewrites_every_report_as_unknown(playbook, standin, tmp_path):
    server = three_services(standin)
    before = passing_first(playbook, tmp_path / 'reports', server)
    run = role_run(playbook, tmp_path / 'reports', server, token='user:1-REJECTEDCANARY')
    assert run.rc == 2, run
    assert len([line for line in run.stdout.splitlines() if line.startswith('fatal:')]) == 1, run
    texts, report, metrics = assert_rewritten(before, tmp_path / 'reports', 'unknown')
    assert sorted(item['subject'] for item in report['unknown']) == sorted(THREE + ['subscription'])
    assert all('API token was rejected (HTTP 401' in item['reason'] for item in report['unknown'])
    assert metrics['useapi_accounts_read_success'] == dict(((('service', name),), 0.0) for name in THREE)
    assert 'useapi_subscription_active' not in metrics, 'an unread subscription is neither active nor inactive'
    errors = [key for key, (dummy, errs) in junit_cases(texts['accounts_check.xml']).items() if errs]
    assert sorted(errors) == sorted([('%s.configuration' % name, 'configuration') for name in THREE]
                                    + [('subscription', 'subscription')])
    assert 'REJECTEDCANARY' not in run.output + ''.join(texts.values())


def test_one_of_three_services_failing_is_unknown_and_the_others_are_still_judged(playbook, standin, tmp_path):
    server = three_services(standin)
    before = passing_first(playbook, tmp_path / 'reports', server)
    server.add_fault('status', status=503, times=None, path='/v1/kling/')
    run = role_run(playbook, tmp_path / 'reports', server)
    assert run.rc == 2, run
    assert '[WARNING]: the read of kling failed' in run.output, run
    texts, report, metrics = assert_rewritten(before, tmp_path / 'reports', 'unknown')
    assert [item['subject'] for item in report['unknown']] == ['kling']
    assert 'failed with HTTP 503' in report['unknown'][0]['reason']
    assert report['summary']['by_service']['ltxstudio']['judged'] is True
    assert report['summary']['by_service']['ltxstudio']['checked'] > 0, 'the services that were read are judged'
    assert metrics['useapi_accounts_read_success'] == {
        (('service', 'ltxstudio'),): 1.0, (('service', 'kling'),): 0.0, (('service', 'minimax'),): 1.0}
    assert metrics['useapi_subscription_active'] == {(): 1.0}
    cases = junit_cases(texts['accounts_check.xml'])
    assert cases[('kling.configuration', 'configuration')][1][0].startswith('unknown: the read at ')
    assert 'Kling could not be judged' in texts['accounts_check.md'].splitlines()[0]


def test_every_read_failing_is_unknown(playbook, standin, tmp_path):
    server = three_services(standin)
    before = passing_first(playbook, tmp_path / 'reports', server)
    server.add_fault('status', status=500, times=None)
    run = role_run(playbook, tmp_path / 'reports', server)
    assert run.rc == 2, run
    texts, report, metrics = assert_rewritten(before, tmp_path / 'reports', 'unknown')
    assert sorted(item['subject'] for item in report['unknown']) == sorted(THREE + ['subscription'])
    assert report['problems'] == [] and report['summary']['checked'] == 0


def test_an_inactive_subscription_is_a_problem_in_every_report(playbook, standin, tmp_path):
    server = three_services(standin)
    before = passing_first(playbook, tmp_path / 'reports', server)
    server.subscription = False
    run = role_run(playbook, tmp_path / 'reports', server)
    assert run.rc == 2, run
    texts, report, metrics = assert_rewritten(before, tmp_path / 'reports', 'problems')
    assert [(p['service'], p['id'], p['kind']) for p in report['problems']] == [(None, None, 'subscription_inactive')]
    assert report['subscription_active'] is False
    assert metrics['useapi_subscription_active'] == {(): 0.0}
    root = ElementTree.fromstring(texts['accounts_check.xml'])
    assert root.get('failures') == '1', 'JUnit no longer says failures="0" for an inactive subscription'
    assert junit_cases(texts['accounts_check.xml'])[('subscription', 'subscription')][0] == ['subscription_inactive']
    assert '| useapi.net | - | subscription_inactive |' in texts['accounts_check.md']


def test_an_unreadable_subscription_is_unknown(playbook, standin, tmp_path):
    server = three_services(standin)
    before = passing_first(playbook, tmp_path / 'reports', server)
    server.add_fault('status', status=500, times=None, path='/v2/account')
    run = role_run(playbook, tmp_path / 'reports', server)
    assert run.rc == 2, run
    texts, report, metrics = assert_rewritten(before, tmp_path / 'reports', 'unknown')
    assert [item['subject'] for item in report['unknown']] == ['subscription']
    assert report['subscription_active'] is None and report['problems'] == []
    assert all(metrics['useapi_accounts_read_success'][(('service', name),)] == 1.0 for name in THREE)


def test_stale_data_refused_is_unknown(playbook, standin, tmp_path):
    server = standin('accounts_healthy.json', now=NOW)
    cache = dict(ANSIBLE_CACHE_PLUGIN='jsonfile', ANSIBLE_CACHE_PLUGIN_CONNECTION=str(tmp_path / 'facts'),
                 ANSIBLE_CACHE_PLUGIN_TIMEOUT='86400', ANSIBLE_GATHERING='smart')
    reports = tmp_path / 'reports'

    def run(read):
        variables = dict(api_url=server.url, read=read, check_now=NOW, report_dir=str(reports))
        return playbook('stale_facts.yml', env=cache, extra_vars=variables)
    first = run('ok')
    assert first.data.get('failed') is not True, first
    before, report = reports_of(reports)
    assert report['status'] == 'ok'
    # The next run must begin clearly after the read (the check allows 2 s for the boot time's whole seconds).
    read_at = parse_iso(first.data['read_at']['ltxstudio']).timestamp()
    wait_for(lambda: time.time() > read_at + 3, timeout=10, what='3 s after the read')
    stale = run('none')
    assert stale.data['failed'] is True and stale.data['status'] == 'unknown', stale
    texts, report, metrics = assert_rewritten(before, reports, 'unknown')
    assert report['unknown'][0]['reason'].startswith('refusing to judge stale data: the configuration was read at ')


@pytest.mark.parametrize('variables, message', [
    (dict(accounts_check_min_validity='7x'), "accounts_check_min_validity: '7x' is not a duration"),
    (dict(accounts_check_allow_empty=['klingg']), 'accounts_check_allow_empty names "klingg", not a service'),
])
def test_a_check_that_cannot_run_still_replaces_the_reports(playbook, standin, tmp_path, variables, message):
    server = three_services(standin)
    before = passing_first(playbook, tmp_path / 'reports', server)
    run = role_run(playbook, tmp_path / 'reports', server, **variables)
    assert run.rc == 2, run
    assert message in run.stdout, run
    texts, report, metrics = assert_rewritten(before, tmp_path / 'reports', 'unknown')
    assert [(item['subject'], item['service']) for item in report['unknown']] == [('check', None)]
    assert report['unknown'][0]['reason'].startswith(message)
    assert junit_cases(texts['accounts_check.xml'])[('useapi.accounts.accounts_check', 'check')][1][0].startswith(message)
