# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Policy through the role (issue 23): warning tier, thresholds, waivers, against the loopback stand-in."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

from helpers import REPORT_FILES, validate_report

NOW = '2026-11-25T12:00:00Z'
LATER = '2026-12-03T12:00:00Z'  # after the waiver's end


def ltx(address, expiry, **extra):
    record = dict(email=address, cookie={'lt_id': address.split('@')[0], 'lt_token': 'x', 'lt_refresh_token': 'y'},
                  maxJobs=5, tokenExpireUTC=expiry)
    record.update(extra)
    return record


ACCOUNTS = {
    'render@example.com': ltx('render@example.com', '2026-12-05T12:00:00.000Z'),   # in 10 days
    'spare@example.com': ltx('spare@example.com', '2026-12-15T12:00:00.000Z'),     # in 20 days
    'old@example.com': ltx('old@example.com', '2027-06-01T00:00:00.000Z', error='session revoked'),
}
WAIVER = {'service': 'ltxstudio', 'id': 'old@example.com', 'kinds': ['error'], 'until': '2026-12-01',
          'reason': 'replacement ordered, OPS-123'}


def run_role(playbook, standin, tmp_path, now=NOW, **variables):
    server = standin(accounts=ACCOUNTS, now=NOW)
    extra = dict(accounts_check_now=now, accounts_check_report_dir=str(tmp_path / 'reports'),
                 accounts_check_waivers=[WAIVER])
    extra.update(variables)
    run = playbook('role.yml', url=server.url, extra_vars=extra)
    texts = dict((name, (tmp_path / 'reports' / name).read_text()) for name in REPORT_FILES) \
        if (tmp_path / 'reports').exists() else {}
    return run, texts


def prometheus(text):
    from prometheus_client.parser import text_string_to_metric_families

    return dict((family.name, family) for family in text_string_to_metric_families(text))


def test_a_warning_passes_the_run_and_is_in_all_four_reports(playbook, standin, tmp_path):
    run, texts = run_role(playbook, standin, tmp_path, accounts_check_warn_validity='30d')
    assert run.rc == 0, run
    assert run.data['verdict']['status'] == 'warning'
    assert '- expiring (warning): render@example.com' in run.stdout.replace('\\n', '\n'), run
    report = validate_report(texts['accounts_check.json'])
    assert sorted((p['id'], p['severity']) for p in report['problems']) == [
        ('render@example.com', 'warning'), ('spare@example.com', 'warning')]
    cases = dict((case.get('name'), case) for case in ElementTree.fromstring(texts['accounts_check.xml']).iter('testcase'))
    assert cases['render@example.com'].find('failure') is None, 'a warning is a passing testcase'
    assert cases['render@example.com'].find('system-out').text.startswith('warning: expiring: ')
    samples = [(s.labels['account'], s.labels['severity']) for s in prometheus(texts['accounts_check.prom'])
               ['useapi_account_problem'].samples if s.value == 1]
    assert sorted(samples) == [('old@example.com', 'waived'), ('render@example.com', 'warning'),
                               ('spare@example.com', 'warning')]
    assert '### Warnings (they do not fail the run)' in texts['accounts_check.md']
    assert texts['accounts_check.md'].startswith('## ⚠️ warning: ')


def test_fail_on_warnings_fails_it(playbook, standin, tmp_path):
    run, texts = run_role(playbook, standin, tmp_path, accounts_check_warn_validity='30d',
                          accounts_check_fail_on_warnings=True)
    assert run.rc == 2, run
    assert validate_report(texts['accounts_check.json'])['status'] == 'warning'


def test_a_per_service_and_a_per_account_threshold_each_change_one_verdict_and_say_so(playbook, standin, tmp_path):
    run, dummy = run_role(playbook, standin, tmp_path, accounts_check_min_validity='7d')
    assert run.rc == 0, run
    run, texts = run_role(playbook, standin, tmp_path, accounts_check_thresholds=[
        {'service': 'ltxstudio', 'id': 'render@example.com', 'min_validity': '14d'}])
    assert run.rc == 2, run
    report = validate_report(texts['accounts_check.json'])
    assert [(p['id'], p['kind']) for p in report['problems']] == [('render@example.com', 'expiring')]
    assert 'less than the required 14d' in report['problems'][0]['reason']
    by_id = dict((entry['id'], entry['threshold']) for entry in report['accounts'])
    assert by_id['render@example.com']['source'] == 'account' and by_id['spare@example.com']['source'] == 'default'
    run, texts = run_role(playbook, standin, tmp_path, accounts_check_thresholds=[
        {'service': 'ltxstudio', 'min_validity': '25d'}])
    report = validate_report(texts['accounts_check.json'])
    assert sorted(p['id'] for p in report['problems']) == ['render@example.com', 'spare@example.com']
    assert {entry['threshold']['source'] for entry in report['accounts']} == {'service'}


def test_a_waiver_hides_one_problem_until_it_ends_and_names_its_reason(playbook, standin, tmp_path):
    run, texts = run_role(playbook, standin, tmp_path)
    assert run.rc == 0, run
    assert 'replacement ordered, OPS-123' in run.stdout, run
    report = validate_report(texts['accounts_check.json'])
    assert [(w['id'], w['kind'], w['waiver']['until']) for w in report['waived']] == [
        ('old@example.com', 'error', '2026-12-02T00:00:00.000Z')]
    assert '### Waived' in texts['accounts_check.md'] and 'OPS-123' in texts['accounts_check.md']
    run, texts = run_role(playbook, standin, tmp_path, now=LATER)
    assert run.rc == 2, run
    assert 'its waiver (replacement ordered, OPS-123) ended at 2026-12-02T00:00:00.000Z' in run.stdout, run


@pytest.mark.parametrize('variables, message', [
    (dict(accounts_check_waivers=[dict(WAIVER, reason='')]), 'accounts_check_waivers[0].reason is required'),
    (dict(accounts_check_thresholds=[{'service': 'ltxstudio', 'min_validity': '-3d'}]),
     "accounts_check_thresholds[0].min_validity: '-3d' is not a duration"),
    (dict(accounts_check_thresholds=[{'service': 'ltxstudio', 'min_validity': '14d', 'warn_validity': '7d'}]),
     'accounts_check_thresholds[0]: warn_validity (7d) is shorter than min_validity (14d)'),
    (dict(accounts_check_waivers=[dict(WAIVER, service='klingg')]),
     'value of service must be one of'),
])
def test_a_wrong_policy_is_refused_naming_the_option_and_the_entry(playbook, standin, tmp_path, variables, message):
    run, texts = run_role(playbook, standin, tmp_path, **variables)
    assert run.rc == 2, run
    assert message in run.stdout, run
    assert 'Traceback' not in run.output
