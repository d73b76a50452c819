# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Event-Driven Ansible: the collection's playbooks for the rulebooks through ansible-playbook, and the
repair rulebook through the real ansible-rulebook (offline, against the stand-in).

The rulebook test needs ansible-rulebook and Java 17 (the ``eda`` nox session installs it); elsewhere it
is skipped, unless USEAPI_EDA_REQUIRED is set, when a missing ansible-rulebook is a failure.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from helpers import FIXTURES, TOKEN, ansible_env, wait_for

PROBLEMS = {'marketing.video@example.com': ['expiring'], 'intern.pool@example.com': ['expired'],
            'agency.ops@example.com': ['error'], 'legacy.archive@example.com': ['unknown_expiry']}
IDENTITIES = {'user10004': 'intern.pool@example.com'}
FRESH_COOKIE = 'lt_id=user10004; lt_token=EDA-CANARY-tok; lt_refresh_token=EDA-CANARY-ref'


def event(kind, service, account, problems=()):
    return {'ansible_eda': {'event': dict(type=kind, service=service, title=service, id=account, problems=list(problems),
                                          previous=[], reasons=['a reason'], since='2026-03-01T12:00:00.000Z',
                                          at='2026-03-01T12:00:00.000Z')}}


class Hook(object):
    """A webhook on loopback that keeps every JSON body posted to it."""

    def __init__(self):
        self.bodies = []
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (the name http.server calls)
                length = int(self.headers.get('Content-Length') or 0)
                hook.bodies.append(json.loads(self.rfile.read(length).decode('utf-8')))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = 'http://127.0.0.1:%d/hook' % self.server.server_address[1]

    def events(self):
        return [body['useapi_event'] for body in list(self.bodies) if 'useapi_event' in body]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hook():
    server = Hook()
    yield server
    server.close()


def test_notify_playbook_posts_to_the_webhook(playbook, hook):
    run = playbook('useapi.accounts.eda_notify', extra_vars=dict(event('problem', 'kling', 'a@x.com', ['expired']),
                                                                 useapi_webhook_url=hook.url))
    assert run.rc == 0, run
    assert len(hook.bodies) == 1
    assert hook.bodies[0]['text'].startswith('useapi.net problem: kling a@x.com [expired]: a reason')
    assert hook.bodies[0]['useapi_event']['id'] == 'a@x.com'
    assert hook.url not in run.output  # a webhook URL is a secret of its own


def test_notify_playbook_prints_without_a_webhook(playbook):
    run = playbook('useapi.accounts.eda_notify', extra_vars=event('read_failed', 'kling', None))
    assert run.rc == 0, run
    assert 'useapi.net read failed: kling: a reason (since 2026-03-01T12:00:00.000Z)' in run.stdout


def test_repair_playbook_re_adds_the_account_it_has_credentials_for(playbook, standin, tmp_path):
    server = standin('accounts_mixed.json', identities=IDENTITIES)
    credentials = tmp_path / 'credentials.yml'
    credentials.write_text(yaml.safe_dump({'useapi_credentials': {'ltxstudio': {'intern.pool@example.com': {'cookie': FRESH_COOKIE}}}}))
    run = playbook('useapi.accounts.repair_account', url=server.url,
                   extra_vars=dict(event('problem', 'ltxstudio', 'intern.pool@example.com', ['expired']),
                                   useapi_credentials_file=str(credentials)))
    assert run.rc == 0, run
    assert run.recap()['changed'] == 1
    assert server.received_cookies == {'intern.pool@example.com': FRESH_COOKIE}
    assert 'EDA-CANARY' not in run.output
    other = playbook('useapi.accounts.repair_account', url=server.url,
                     extra_vars=dict(event('problem', 'ltxstudio', 'agency.ops@example.com', ['error']),
                                     useapi_credentials_file=str(credentials)))
    assert other.rc == 0, other
    assert 'no credentials for ltxstudio account agency.ops@example.com in the credentials file: not repaired' in other.stdout
    assert list(server.received_cookies) == ['intern.pool@example.com']


def test_quarantine_playbook_removes_only_a_self_refreshing_account(playbook, standin):
    server = standin(None, services={'mureka': {'111': {'account': '111', 'error': 'session expired'}}})
    server.load('ltxstudio', {'a@x.com': {'email': 'a@x.com', 'error': 'blocked'}})
    refused = playbook('useapi.accounts.quarantine_account', env=dict(USEAPI_BASE_URL=server.base_url),
                       extra_vars=event('problem', 'ltxstudio', 'a@x.com', ['error']))
    assert refused.rc != 0
    assert 'ltxstudio account a@x.com is not quarantined' in refused.output
    assert 'a@x.com' in server.config('ltxstudio')
    run = playbook('useapi.accounts.quarantine_account', env=dict(USEAPI_BASE_URL=server.base_url),
                   extra_vars=event('problem', 'mureka', '111', ['error']))
    assert run.rc == 0, run
    assert '111' not in (server.config('mureka') or {})
    assert 'useapi.net quarantine: mureka account 111 was in error and is removed' in run.stdout


def test_the_quarantine_list_is_the_registry_s_self_refreshing_services():
    from ansible_collections.useapi.accounts.plugins.module_utils._services import SERVICES

    refreshing = [name for name, entry in SERVICES.items() if entry['expiry'][0]['kind'] == 'refreshing']
    collection = Path(__file__).resolve().parents[2]
    book = yaml.safe_load((collection / 'playbooks' / 'quarantine_account.yml').read_text())
    assert book[0]['vars']['useapi_quarantine_services'] == refreshing
    rulebook = (collection / 'extensions' / 'eda' / 'rulebooks' / 'quarantine.yml').read_text()
    assert json.dumps(refreshing) in rulebook


def _rulebook_binary():
    binary = Path(sys.executable).parent / 'ansible-rulebook'
    if binary.exists():
        return str(binary)
    found = shutil.which('ansible-rulebook')
    if found:
        return found
    if os.environ.get('USEAPI_EDA_REQUIRED'):
        pytest.fail('ansible-rulebook is not installed, and USEAPI_EDA_REQUIRED says this test must run')
    pytest.skip('ansible-rulebook is not installed (the eda nox session installs it)')
    return None


def run_rulebook(name, tmp_path, server, variables, done, what, more_polls=3, service='ltxstudio'):
    """Run ansible-rulebook -r useapi.accounts.<name> against ``server`` until ``done()``, then ``more_polls``
    more polls of ``service`` (an event repeated on an unchanged poll would show); return its output."""
    binary = _rulebook_binary()
    (tmp_path / 'vars.yml').write_text(yaml.safe_dump(variables))
    (tmp_path / 'inventory.yml').write_text(yaml.safe_dump({'all': {'hosts': {'localhost': {
        'ansible_connection': 'local', 'ansible_python_interpreter': '{{ ansible_playbook_python }}'}}}}))
    env = ansible_env(tmp_path, USEAPI_BASE_URL=server.base_url,
                      ANSIBLE_COLLECTIONS_PATH=os.environ['ANSIBLE_COLLECTIONS_PATH'],
                      PATH=os.pathsep.join([str(Path(binary).parent), os.environ.get('PATH', '')]))
    env.pop('PYTHONPATH', None)  # the source must find the collection by itself
    if not env.get('JAVA_HOME') and Path('/usr/lib/jvm/java-17-openjdk-amd64').is_dir():
        env['JAVA_HOME'] = '/usr/lib/jvm/java-17-openjdk-amd64'
    log = tmp_path / 'rulebook.log'
    with open(log, 'wb') as output:
        process = subprocess.Popen([binary, '-i', 'inventory.yml', '-r', 'useapi.accounts.' + name, '--vars', 'vars.yml',
                                    '-E', 'USEAPI_TOKEN,USEAPI_BASE_URL', '-v'], cwd=str(tmp_path), env=env,
                                   stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    root = '/v1/%s/accounts' % service

    def reads():
        return len([request for request in server.requests if request.path.startswith(root) and request.method == 'GET'])

    def finished():
        if process.poll() is not None:
            raise AssertionError('ansible-rulebook ended early')
        return done()

    try:
        try:
            wait_for(finished, timeout=180, interval=0.2, what=what)
            seen = reads()
            wait_for(lambda: reads() >= seen + more_polls, timeout=60, interval=0.2, what='%d more polls' % more_polls)
        except AssertionError as error:
            raise AssertionError('%s; ansible-rulebook said:\n%s' % (error, log.read_text(errors='replace')))
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    return log.read_text(errors='replace')


def emitted(text, title):
    return sorted(re.findall(r'account_watch: (problem|recovered|read_failed|read_recovered|subscription) %s (\S+)' % title, text))


def test_repair_rulebook_with_the_real_ansible_rulebook(standin, hook, tmp_path):
    server = standin('accounts_mixed.json', identities=IDENTITIES)
    credentials = tmp_path / 'credentials.yml'
    credentials.write_text(yaml.safe_dump({'useapi_credentials': {'ltxstudio': {'intern.pool@example.com': {'cookie': FRESH_COOKIE}}}}))
    text = run_rulebook('repair', tmp_path, server, dict(useapi_interval=1, useapi_webhook_url=hook.url,
                                                         useapi_credentials_file=str(credentials)),
                        lambda: [item for item in hook.events() if item['type'] == 'recovered'],
                        'the recovered event of the repaired account')
    assert emitted(text, 'LTX Studio') == sorted([('problem', account) for account in PROBLEMS]
                                                 + [('recovered', 'intern.pool@example.com')]), text
    posted = sorted((item['type'], item['id'], item['problems']) for item in hook.events())
    assert posted == sorted([('problem', account, kinds) for account, kinds in PROBLEMS.items()]
                            + [('recovered', 'intern.pool@example.com', [])])
    # The repair playbook changed the stand-in's configuration: the fresh cookie, a token valid again.
    assert server.received_cookies == {'intern.pool@example.com': FRESH_COOKIE}
    assert server.config('ltxstudio')['intern.pool@example.com']['tokenExpire'] > time.time() * 1000
    assert 'EDA-CANARY' not in text and TOKEN not in text
    assert 'EDA-CANARY' not in json.dumps(hook.bodies)
    assert server.errors == []


def test_quarantine_rulebook_with_the_real_ansible_rulebook(standin, hook, tmp_path):
    server = standin(None, services={'mureka': str(FIXTURES / 'mureka' / 'mixed.json')})
    before = set(server.config('mureka'))
    text = run_rulebook('quarantine', tmp_path, server, dict(useapi_interval=1, useapi_webhook_url=hook.url,
                                                             useapi_services=['mureka']),
                        lambda: '100234571' not in server.config('mureka'), 'the account in error to be removed',
                        service='mureka')
    assert set(server.config('mureka')) == before - {'100234571'}  # only the account in error
    assert ('problem', '100234571') in emitted(text, 'Mureka') and ('recovered', '100234571') in emitted(text, 'Mureka')
    assert [body['text'] for body in hook.bodies if 'quarantine' in body['text']] == [
        'useapi.net quarantine: mureka account 100234571 was in error and is removed from the useapi.net configuration; '
        're-add it with useapi.accounts.repair_account once it works again']
    assert TOKEN not in text
    assert server.errors == []
