# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Canary tests (issue 4, "Secrets"): no secret leaves the collection, on success or failure.

The API token and the cookie values are distinctive canary strings. The info module, the
accounts_check role and ltxstudio_account run through ansible-playbook at -vvvv, with the
junit callback, the tree callback (ansible-core's own callback that writes each host's result
as JSON; the ansible.posix.json callback is not part of ansible-core), a log file and a
jsonfile fact cache. Afterwards no canary may appear in stdout, stderr, the JUnit XML, the tree
files, the log, the fact cache, the role's reports or the saved results; and the token never
appears in a URL the stand-in received.
"""

from __future__ import annotations

import json
import sys
from urllib.parse import quote, unquote

from helpers import PLAYBOOKS, Run, ansible_env, ansible_playbook

API_TOKEN = 'user:7-APITOKEN-CANARY-3e9f'
# accounts_special.json holds raw (unmasked) cookie values: the stand-in sends them back.
FIXTURE_CANARIES = ('RAW-TOKEN-CANARY-1', 'RAW-REFRESH-CANARY-1', 'RAW-SESSION-CANARY-1')
COOKIE_TOKEN = 'ACCT-TOKEN-CANARY-2'
COOKIE_REFRESH = 'ACCT-REFRESH-CANARY-2'
COOKIE = 'lt_id=user777; lt_token=%s; lt_refresh_token=%s' % (COOKIE_TOKEN, COOKIE_REFRESH)
EMAIL = 'render@example.com'
# Every canary contains this; test names and ids stay lower case so that no path contains it.
MARK = 'CANARY'
NOW = '2026-11-25T12:00:00Z'
FAST = dict(timeout=1, retries=1, retry_max_time=10)  # keeps the hang and 503 paths short

# The role, with fast connection defaults for the info module (the role has no such variables).
ROLE_FAST = '''---
- name: Run the accounts_check role with fast connection defaults
  hosts: all
  gather_facts: false
  module_defaults:
    group/useapi.accounts.ltxstudio:
      timeout: %(timeout)s
      retries: %(retries)s
      retry_max_time: %(retry_max_time)s
    group/useapi.accounts.useapi:
      timeout: %(timeout)s
      retries: %(retries)s
      retry_max_time: %(retry_max_time)s
  roles:
    - role: useapi.accounts.accounts_check
  post_tasks:
    - name: Save the verdict and the fact
      ansible.builtin.copy:
        content: "{{ {'verdict': accounts_check_result, 'fact': ansible_facts.ltxstudio_accounts} | to_json }}"
        dest: "{{ out_file }}"
        mode: "0600"
      check_mode: false
''' % FAST

# playbooks/info.yml, for every host of the inventory.
INFO_ALL = (PLAYBOOKS / 'info.yml').read_text(encoding='utf-8').replace('hosts: localhost', 'hosts: all', 1)


class Artefacts(object):
    """Where one ansible-playbook run may leave text behind, and the environment that puts it there."""

    def __init__(self, directory):
        self.directory = directory
        self.junit = directory / 'junit'
        self.tree = directory / 'tree'
        self.cache = directory / 'facts'
        self.log = directory / 'ansible.log'
        self.reports = directory / 'reports'

    def env(self):
        return dict(ANSIBLE_CALLBACKS_ENABLED='junit,tree', JUNIT_OUTPUT_DIR=str(self.junit),
                    ANSIBLE_CALLBACK_TREE_DIR=str(self.tree), ANSIBLE_CACHE_PLUGIN='jsonfile',
                    ANSIBLE_CACHE_PLUGIN_CONNECTION=str(self.cache), ANSIBLE_CACHE_PLUGIN_TIMEOUT='3600',
                    ANSIBLE_LOG_PATH=str(self.log))

    def files(self):
        found = [self.log] if self.log.exists() else []
        for folder in (self.junit, self.tree, self.cache, self.reports):
            if folder.is_dir():
                found.extend(path for path in sorted(folder.rglob('*')) if path.is_file())
        return found


def leaks(run, artefacts, extra=()):
    """Every (place, line) holding a canary: the run's output, its saved results and its files."""
    places = [('stdout', run.stdout), ('stderr', run.stderr),
              ('saved result', json.dumps(run.data, ensure_ascii=False))]
    files = artefacts.files()
    for folder in extra:
        files.extend(path for path in sorted(folder.rglob('*')) if path.is_file())
    places.extend((str(path), path.read_text(encoding='utf-8', errors='replace')) for path in files)
    return [(place, line.strip()[:300]) for place, text in places for line in text.splitlines() if MARK in line]


def assert_artefacts_written(artefacts, facts):
    """The places searched really were written to, so that a clean search means something."""
    assert list(artefacts.junit.glob('*.xml')), 'no JUnit XML written'
    assert list(artefacts.tree.iterdir()), 'no tree callback output written'
    assert artefacts.log.read_text(encoding='utf-8').strip(), 'no log written'
    cached = ''.join(path.read_text(encoding='utf-8') for path in artefacts.cache.glob('*')) \
        if artefacts.cache.is_dir() else ''
    if facts:
        assert 'ltxstudio_accounts' in cached and 'raw.cookie@example.com' in cached, 'fact cache not written'


def assert_token_only_in_the_header(*servers):
    forms = (API_TOKEN, quote(API_TOKEN, safe=''), quote(API_TOKEN), API_TOKEN.split(':', 1)[1])
    for server in servers:
        for request in server.requests:
            for form in forms:
                assert form not in request.path and form not in unquote(request.path), request.path
            assert API_TOKEN not in request.text
            header_values = [value for name, value in request.headers.items() if name != 'authorization']
            assert not any(API_TOKEN in value for value in header_values), request.headers


# -- the failure paths, each a function that starts the stand-in(s) -----------------------------------

def path_success(standin):
    return standin('accounts_special.json', token=API_TOKEN, now=NOW), []


def path_rejected_token(standin):
    return standin('accounts_special.json', token='user:7-the-right-one', now=NOW), []


def path_exhausted_503(standin):
    server = standin('accounts_special.json', token=API_TOKEN, now=NOW)
    server.add_fault('status', status=503, times=None)
    return server, []


def path_not_json(standin):
    server = standin('accounts_special.json', token=API_TOKEN, now=NOW)
    server.add_fault('body', body='<html><body><h1>502 Bad Gateway</h1></body></html>', times=None)
    return server, []


def path_truncated_json(standin):
    server = standin('accounts_special.json', token=API_TOKEN, now=NOW)
    server.add_fault('body', times=None, content_type='application/json',
                     body='{"raw.cookie@example.com": {"cookie": {"lt_token": "RAW-TOKEN-CANARY-1", "lt_refr')
    return server, []


def path_hang(standin):
    server = standin('accounts_special.json', token=API_TOKEN, now=NOW)
    server.add_fault('hang', times=None)
    return server, []


def path_redirect(standin):
    elsewhere = standin('accounts_special.json', token=API_TOKEN, now=NOW, host='127.0.0.2')
    server = standin('accounts_special.json', token=API_TOKEN, now=NOW)
    server.add_fault('redirect', location=elsewhere.url + '/accounts?from=redirect', times=None)
    return server, [elsewhere]


PATHS = dict(success=path_success, rejected_token=path_rejected_token, exhausted_503=path_exhausted_503,
             not_json=path_not_json, truncated_json=path_truncated_json, hang=path_hang, redirect=path_redirect)
EXPECTED_MESSAGE = dict(
    rejected_token='The API token was rejected (HTTP 401 Unauthorized)',
    exhausted_503='failed with HTTP 503 Service Unavailable',
    not_json='that is not JSON',
    truncated_json='looks like truncated or invalid JSON',
    hang='(timed out)',
    redirect='the collection does not follow redirects to another host',
)


def run_paths(tmp_path, standin, playbook_path, host_vars, env, extra_args=(), token=API_TOKEN):
    """One ansible-playbook run at -vvvv, one local inventory host per failure path, all at once.

    Each host's variables come from ``host_vars(name, server, directory)``; hosts cannot disturb
    each other, and one run covers every path. Returns (run, {path: (server, others, directory)}).
    """
    paths, hosts = {}, {}
    for name in sorted(PATHS):
        server, others = PATHS[name](standin)
        directory = tmp_path / name
        directory.mkdir()
        paths[name] = (server, others, directory)
        hosts[name] = dict(host_vars(name, server, directory), ansible_connection='local',
                           ansible_python_interpreter=sys.executable)
    inventory = tmp_path / 'inventory.yml'
    inventory.write_text(json.dumps(dict(all=dict(hosts=hosts))), encoding='utf-8')  # JSON is YAML
    environment = ansible_env(tmp_path, token=token, ANSIBLE_FORKS=str(len(hosts)), **env)
    completed = ansible_playbook(['-i', inventory, playbook_path, '-vvvv'] + list(extra_args), environment, tmp_path)
    return Run(completed, tmp_path / 'no-such-file'), paths


def recap_line(run, host):
    lines = [line for line in run.stdout.splitlines() if line.startswith(host + ' ') and 'failed=' in line]
    assert len(lines) == 1, run
    return lines[0]


def saved(directory):
    path = directory / 'result.json'
    return json.loads(path.read_text(encoding='utf-8')) if path.exists() else None


def test_info_module_leaks_nothing(standin, tmp_path):
    artefacts = Artefacts(tmp_path)

    def host_vars(name, server, directory):
        return dict(FAST, api_url=server.url, out_file=str(directory / 'result.json'))

    info_all = tmp_path / 'info_all.yml'
    info_all.write_text(INFO_ALL, encoding='utf-8')
    run, paths = run_paths(tmp_path, standin, info_all, host_vars, artefacts.env())
    for name, (server, others, directory) in paths.items():
        assert server.requests and server.requests[0].bearer_is(API_TOKEN), name
        result = saved(directory)['result']
        if name == 'success':
            assert result.get('failed') is not True and result['count'] == 5, result
        else:
            assert result['failed'] is True and EXPECTED_MESSAGE[name] in result['msg'], (name, result)
        assert_token_only_in_the_header(server, *others)
        for other in others:
            assert other.requests == [], 'the redirect target was called'
    assert leaks(run, artefacts, extra=[directory for dummy, dummy, directory in paths.values()]) == []
    assert_artefacts_written(artefacts, facts=True)


def test_role_leaks_nothing(standin, tmp_path):
    artefacts = Artefacts(tmp_path)
    role_playbook = tmp_path / 'role_fast.yml'
    role_playbook.write_text(ROLE_FAST, encoding='utf-8')
    # The token is a role variable this time, from a vars file. The role's read task is not no_log
    # (its failure message must show), so this proves the module's no_log api_token masks it at -vvvv.
    # (Not "-e accounts_check_api_token=...": ansible-playbook -vvvv prints its command-line extra
    # vars, whatever the collection does.)
    secrets = tmp_path / 'secrets.json'
    secrets.write_text(json.dumps(dict(accounts_check_api_token=API_TOKEN)), encoding='utf-8')

    def host_vars(name, server, directory):
        return dict(accounts_check_api_url=server.url, accounts_check_now=NOW, out_file=str(directory / 'result.json'),
                    accounts_check_report_dir=str(directory / 'reports'))

    run, paths = run_paths(tmp_path, standin, role_playbook, host_vars, artefacts.env(),
                           extra_args=['-e', '@' + str(secrets)], token=None)
    assert run.rc == 2, run
    for name, (server, others, directory) in paths.items():
        assert server.requests and server.requests[0].bearer_is(API_TOKEN), name
        if name == 'success':
            assert saved(directory)['verdict']['ok'] is True, run
            assert (directory / 'reports' / 'accounts_check.json').exists()
            assert (directory / 'reports' / 'accounts_check.xml').exists()
            # The Prometheus and Markdown reports are scanned for every canary like the others.
            assert (directory / 'reports' / 'accounts_check.prom').exists()
            assert (directory / 'reports' / 'accounts_check.md').exists()
        else:
            assert saved(directory) is None, name
            # The failed read is in every report, as status unknown (issue 21); leaks() scans them for canaries.
            report = json.loads((directory / 'reports' / 'accounts_check.json').read_text(encoding='utf-8'))
            assert report['status'] == 'unknown' and EXPECTED_MESSAGE[name] in report['unknown'][0]['reason'], name
            assert 'failed=1' in recap_line(run, name), run
            last = json.loads((artefacts.tree / name).read_text(encoding='utf-8'))  # the failed task's result
            assert EXPECTED_MESSAGE[name] in last['msg'], (name, last)
        assert_token_only_in_the_header(server, *others)
        for other in others:
            assert other.requests == []
    assert leaks(run, artefacts, extra=[directory for dummy, dummy, directory in paths.values()]) == []
    assert_artefacts_written(artefacts, facts=True)


def account_run(playbook, server, tmp_path, **extra):
    """ltxstudio_account at -vvvv with --diff; the cookie comes from a vars file, never from -e."""
    artefacts = Artefacts(tmp_path)
    tmp_path.mkdir(parents=True, exist_ok=True)
    secrets = tmp_path / 'cookie.json'
    secrets.write_text(json.dumps(dict(cookie=COOKIE)), encoding='utf-8')
    variables = dict(email=EMAIL, max_jobs=5)
    variables.update(extra)
    run = playbook('account.yml', url=server.url, token=API_TOKEN, verbosity=4, diff=True, env=artefacts.env(),
                   extra_vars=variables, extra_args=['-e', '@' + str(secrets)])
    return run, artefacts


def test_account_module_create_and_update_with_diff_leak_nothing(playbook, standin, tmp_path):
    server = standin(fixture=None, token=API_TOKEN, identities={'user777': EMAIL})
    created, artefacts = account_run(playbook, server, tmp_path / 'create')
    assert created.rc == 0 and created.data['result']['changed'] is True, created
    assert server.received_cookies[EMAIL] == COOKIE, 'the canary cookie really went to the API'
    assert '"maxJobs": 5' in created.stdout, 'the diff was shown'
    assert leaks(created, artefacts) == []
    updated, artefacts = account_run(playbook, server, tmp_path / 'update', max_jobs=9, update_cookie='always')
    assert updated.rc == 0 and updated.data['result']['changed'] is True, updated
    assert '+    "maxJobs": 9' in updated.stdout, updated
    assert leaks(updated, artefacts) == []
    assert_artefacts_written(artefacts, facts=False)
    assert_token_only_in_the_header(server)


def test_account_module_rejected_token_leaks_nothing(playbook, standin, tmp_path):
    server = standin(fixture=None, token='user:7-the-right-one', identities={'user777': EMAIL})
    run, artefacts = account_run(playbook, server, tmp_path)
    assert 'The API token was rejected (HTTP 401' in run.data['result']['msg'], run
    assert leaks(run, artefacts) == []
    assert_token_only_in_the_header(server)


def test_account_module_hides_a_cookie_value_the_api_echoes(playbook, standin, tmp_path):
    """Regression: a cookie value the API quotes back in an error message is never shown.

    The cookie option is no_log, but Ansible only scrubs the option's whole value from the
    output; when the API's error quotes one part of the cookie (here the lt_token value), the
    collection has to mask it itself. Before, it was printed, logged and written to the JUnit XML.
    """
    server = standin(fixture=None, token=API_TOKEN, identities={'user777': EMAIL})
    server.add_fault('status', method='POST', status=400, times=None,
                     body={'error': 'Cookie rejected: lt_token=%s has expired' % COOKIE_TOKEN, 'code': 400})
    run, artefacts = account_run(playbook, server, tmp_path)
    assert run.data['result']['failed'] is True and 'HTTP 400' in run.data['result']['msg'], run
    assert leaks(run, artefacts) == []


EVERY_CALL = '''---
- name: Call every endpoint once
  hosts: localhost
  gather_facts: false
  tasks:
    - name: GET /accounts
      useapi.accounts.ltxstudio_accounts_info:
    - name: GET /accounts/{email}
      useapi.accounts.ltxstudio_accounts_info:
        email: video+render@example.com
    - name: POST /accounts
      useapi.accounts.ltxstudio_account:
        email: render@example.com
        cookie: "{{ cookie }}"
        max_jobs: 3
    - name: DELETE /accounts/{email}
      useapi.accounts.ltxstudio_account:
        email: render@example.com
        state: absent
'''


def test_the_token_is_never_in_a_url(playbook, standin, tmp_path):
    """Every endpoint the collection calls: the token only ever travels in the Authorization header."""
    server = standin('accounts_special.json', token=API_TOKEN, identities={'user777': EMAIL})
    every_call = tmp_path / 'every_call.yml'
    every_call.write_text(EVERY_CALL, encoding='utf-8')
    run = playbook(str(every_call), url=server.url, token=API_TOKEN, extra_vars=dict(cookie=COOKIE))
    assert run.rc == 0, run
    assert [request.method for request in server.requests] == ['GET', 'GET', 'GET', 'POST', 'GET', 'DELETE']
    assert_token_only_in_the_header(server)
    assert all(request.bearer_is(API_TOKEN) for request in server.requests)
    for request in server.requests:
        assert MARK not in unquote(request.path), request.path
