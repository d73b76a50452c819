# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The accounts_check role through ansible-playbook against the stand-in."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

from helpers import FIXTURES, REPORT_FILES, TOKEN, refused_url, validate_report

NOW = '2026-11-25T12:00:00Z'
MIXED_EMAILS = {
    'marketing.video@example.com': 'expiring',
    'intern.pool@example.com': 'expired',
    'agency.ops@example.com': 'error',
    'legacy.archive@example.com': 'unknown_expiry',
}


def role_vars(tmp_path, **extra):
    variables = dict(accounts_check_now=NOW, accounts_check_report_dir=str(tmp_path / 'reports'))
    variables.update(extra)
    return variables


def failed_task_lines(run):
    return [line for line in run.stdout.splitlines() if line.startswith('fatal:')]


def test_healthy_configuration_passes_and_the_check_task_shows_the_verdict(playbook, standin, tmp_path):
    server = standin('accounts_healthy.json', now=NOW)
    run = playbook('role.yml', url=server.url, extra_vars=role_vars(tmp_path))
    assert run.rc == 0, run
    # Two tasks of its own after the argument validation: one read of the subscription and every
    # service (each task costs a module run), and the check, which shows its verdict without -v (no
    # debug task: each task after the read costs a copy of the facts).
    role_tasks = [name for name in run.task_names() if name.startswith('useapi.accounts.accounts_check : ')]
    assert [name.split(' : ', 1)[1] for name in role_tasks[1:]] == [
        'Read the subscription and the accounts configurations', 'Check required accounts and token expiry'], run
    assert role_tasks[0].split(' : ', 1)[1].startswith('Validating arguments'), run
    shown = run.task_output('Check required accounts and token expiry')
    assert 'LTX Studio accounts check passed: 3 accounts checked' in shown, run
    assert '"checked": 3' in shown, run
    assert run.data['verdict']['ok'] is True
    assert sorted(request.path for request in server.requests) == ['/v1/ltxstudio/accounts', '/v2/account'], \
        'one call for the subscription and one per service, however many accounts'
    report = json.loads((tmp_path / 'reports' / 'accounts_check.json').read_text())
    assert report['ok'] is True and report['summary']['checked'] == 3


def test_every_problem_at_once_in_exactly_one_failed_task(playbook, standin, tmp_path):
    server = standin('accounts_mixed.json', now=NOW)
    run = playbook('role.yml', url=server.url,
                   extra_vars=role_vars(tmp_path, accounts_check_required=['studio.lead@example.com',
                                                                           'new.hire@example.com']))
    assert run.rc == 2, run
    assert len(failed_task_lines(run)) == 1, run
    assert run.recap()['failed'] == 1
    for email, kind in dict(MIXED_EMAILS, **{'new.hire@example.com': 'missing'}).items():
        assert '- %s: %s: ' % (kind, email) in run.stdout.replace('\\n', '\n'), (email, run)
    assert 'studio.lead@example.com: ' not in run.stdout
    report = json.loads((tmp_path / 'reports' / 'accounts_check.json').read_text())
    assert report['ok'] is False
    assert sorted((p['email'], p['kind']) for p in report['problems']) == sorted(
        dict(MIXED_EMAILS, **{'new.hire@example.com': 'missing'}).items())
    junit = ElementTree.parse(str(tmp_path / 'reports' / 'accounts_check.xml')).getroot()
    cases = dict((case.get('name'), [f.get('type') for f in case.findall('failure')])
                 for case in junit.iter('testcase'))
    assert cases['studio.lead@example.com'] == []
    assert cases['new.hire@example.com'] == ['missing']
    assert cases['intern.pool@example.com'] == ['expired']
    assert len(cases) == len(report['accounts']) + 1, 'every account checked, and the subscription'


def test_check_mode_gives_the_same_verdict(playbook, standin, tmp_path):
    server = standin('accounts_mixed.json', now=NOW)
    normal = playbook('role.yml', url=server.url, extra_vars=role_vars(tmp_path / 'a'))
    checked = playbook('role.yml', url=server.url, extra_vars=role_vars(tmp_path / 'b'), check=True)
    assert normal.rc == checked.rc == 2
    first = json.loads((tmp_path / 'a' / 'reports' / 'accounts_check.json').read_text())
    second = json.loads((tmp_path / 'b' / 'reports' / 'accounts_check.json').read_text())
    assert first == second


def test_no_configuration_makes_required_accounts_missing(playbook, standin, tmp_path):
    server = standin(fixture=None)
    run = playbook('role.yml', url=server.url,
                   extra_vars=role_vars(tmp_path, accounts_check_required=['a@example.com', 'b@example.com']))
    assert run.rc == 2, run
    assert len(failed_task_lines(run)) == 1
    assert '- missing: a@example.com: required but not configured' in run.stdout.replace('\\n', '\n')
    assert '- missing: b@example.com' in run.stdout.replace('\\n', '\n')


def test_scope_required_ignores_the_broken_others(playbook, standin, tmp_path):
    server = standin('accounts_mixed.json', now=NOW)
    run = playbook('role.yml', url=server.url, extra_vars=role_vars(
        tmp_path, accounts_check_scope='required', accounts_check_required=['studio.lead@example.com']))
    assert run.rc == 0, run
    assert run.data['verdict']['summary']['checked'] == 1


def test_rejected_token_is_never_an_all_clear(playbook, standin, tmp_path):
    server = standin('accounts_healthy.json', now=NOW)
    run = playbook('role.yml', url=server.url, token='user:1-WRONGCANARY', extra_vars=role_vars(tmp_path))
    assert run.rc == 2, run
    assert 'API token was rejected (HTTP 401' in run.stdout
    assert 'WRONGCANARY' not in run.output
    assert 'WRONGCANARY' not in ''.join(path.read_text() for path in (tmp_path / 'reports').iterdir())
    assert validate_report((tmp_path / 'reports' / 'accounts_check.json').read_text())['status'] == 'unknown'


def test_an_inactive_subscription_fails_the_role_unless_turned_off(playbook, standin, tmp_path):
    server = standin('accounts_healthy.json', now=NOW)
    server.subscription = False
    run = playbook('role.yml', url=server.url, extra_vars=role_vars(tmp_path))
    assert run.rc == 2, run
    assert len(failed_task_lines(run)) == 1, run
    assert '- subscription_inactive: the useapi.net subscription is not active (GET /v2/account)' in \
        run.stdout.replace('\\n', '\n'), run
    assert sorted(request.path for request in server.requests) == ['/v1/ltxstudio/accounts', '/v2/account']
    server.clear_requests()
    run = playbook('role.yml', url=server.url, extra_vars=role_vars(tmp_path, accounts_check_subscription=False))
    assert run.rc == 0, run
    assert [request.path for request in server.requests] == ['/v1/ltxstudio/accounts'], 'no subscription read'


def test_a_failed_subscription_read_fails_the_role(playbook, standin, tmp_path):
    """Read in the same task as the accounts: its failure is that task's, never an all-clear."""
    server = standin('accounts_healthy.json', now=NOW)
    server.add_fault('status', status=500, times=None, path='/v2/account')
    run = playbook('role.yml', url=server.url, extra_vars=role_vars(tmp_path))
    assert run.rc == 2, run
    assert len(failed_task_lines(run)) == 1, run
    assert '/v2/account failed with HTTP 500' in run.stdout, run
    assert 'the useapi.net subscription could not be judged' in run.stdout, run
    assert validate_report((tmp_path / 'reports' / 'accounts_check.json').read_text())['status'] == 'unknown'
    # With another failed read, one line for each, naming what failed.
    server.add_fault('status', status=500, times=None, path='/v1/kling/')
    run = playbook('role.yml', env={'USEAPI_BASE_URL': server.base_url},
                   extra_vars=role_vars(tmp_path, accounts_check_services=['ltxstudio', 'kling']))
    assert run.rc == 2, run
    output = run.stdout.replace('\\n', '\n')
    assert 'the useapi.net subscription, Kling could not be judged' in output, run
    assert '- unknown: Kling: the read at ' in output and 'GET %s/v1/kling/accounts failed with HTTP 500' % server.base_url \
        in output, run
    assert '- unknown: the useapi.net subscription: the read at ' in output, run
    assert 'GET %s/v2/account failed with HTTP 500' % server.base_url in output, run


def test_unreachable_api_fails_with_the_modules_error(playbook, tmp_path):
    holder, url = refused_url()
    try:
        run = playbook('role.yml', url=url, extra_vars=role_vars(tmp_path, accounts_check_api_token=TOKEN))
    finally:
        holder.close()
    assert run.rc == 2, run
    assert 'connection refused' in run.stdout
    assert TOKEN not in run.output


def test_bad_duration_names_the_variable_and_the_value(playbook, standin, tmp_path):
    server = standin('accounts_healthy.json', now=NOW)
    run = playbook('role.yml', url=server.url, extra_vars=role_vars(tmp_path, accounts_check_min_validity='7x'))
    assert run.rc == 2, run
    assert "accounts_check_min_validity: '7x' is not a duration" in run.stdout
    assert 'Traceback' not in run.output


def test_token_given_as_a_role_variable_is_used_and_hidden(playbook, standin, tmp_path):
    server = standin('accounts_healthy.json', now=NOW)
    run = playbook('role.yml', token=None, verbosity=3,
                   extra_vars=role_vars(tmp_path, accounts_check_api_token=TOKEN, accounts_check_api_url=server.url))
    assert run.rc == 0, run
    assert TOKEN not in run.output
    assert not list(Path(tmp_path).rglob('*.retry'))


SERVICES = ['ltxstudio', 'kling', 'minimax', 'runwayml', 'pixverse', 'google-flow', 'flowmusic', 'dreamina', 'mureka',
            'tempolor']


def test_several_services_in_one_run_pass_and_fail_with_every_report(playbook, standin, tmp_path):
    from prometheus_client.parser import text_string_to_metric_families

    for kind, expected_rc in (('healthy', 0), ('mixed', 2)):
        server = standin(fixture=None, now=NOW, services=dict(
            (name, str(FIXTURES / name / ('%s.json' % kind))) for name in SERVICES))
        reports = tmp_path / kind
        run = playbook('role.yml', env={'USEAPI_BASE_URL': server.base_url}, extra_vars=dict(
            accounts_check_now=NOW, accounts_check_report_dir=str(reports), accounts_check_services=SERVICES))
        assert run.rc == expected_rc, run
        assert sorted(path.name for path in reports.iterdir()) == sorted(REPORT_FILES), 'every report, also on failure'
        assert sorted(request.path.split('/accounts')[0] for request in server.requests) == sorted(
            ['/v2/account'] + [server.service_url(name)[len(server.base_url):] for name in SERVICES]), 'one request each'
        report = json.loads((reports / 'accounts_check.json').read_text())
        assert report['services'] == SERVICES
        metrics = dict((family.name, family) for family in
                       text_string_to_metric_families((reports / 'accounts_check.prom').read_text()))
        assert metrics['useapi_accounts_check_success'].samples[0].value == (1.0 if kind == 'healthy' else 0.0)
        raised = set((sample.labels['service'], sample.labels['account'], sample.labels['kind'])
                     for sample in metrics['useapi_account_problem'].samples if sample.value == 1)
        assert raised == set((p['service'], p['id'], p['kind']) for p in report['problems'])
        summary = (reports / 'accounts_check.md').read_text()
        rows = [line for line in summary.splitlines() if line.startswith('| ') and not line.startswith('| service')]
        assert len(rows) == len(report['problems'])
        if kind == 'mixed':
            assert {p['service'] for p in report['problems']} == set(SERVICES), 'each mixed fixture has a problem'
            assert summary.startswith('## ❌ problems: useapi.net accounts check (LTX Studio, Kling, MiniMax, Runway, PixVerse')
            suites = ElementTree.parse(str(reports / 'accounts_check.xml')).getroot().findall('testsuite')
            assert [suite.get('name').rsplit('.', 1)[1] for suite in suites] == ['subscription'] + SERVICES
