# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Issue 20, items 3, 7 and 11, through ansible-playbook against the loopback stand-in.

- Secrets under keys the registry does not know (``apiKey``, ``Authorization``, ``session.token``...),
  Google Flow ``sessionCookies`` as strings, MiniMax ``url`` and ``token`` on reads and an ``error``
  object holding a password never reach stdout at -vvvv, the log, the jsonfile fact cache, the tree
  callback or any report.
- Ids and API texts cannot forge a line of the printed verdict, break the JUnit XML, make a live
  link in the Markdown summary or turn a megabyte of API text into a megabyte of message.
- Instants and durations past the calendar's edges give our message naming the option, and account
  fields no date can hold are unknown expiries, not crashes.
"""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree

from helpers import TOKEN

CANARY = 'NAME-CANARY-5e1f'
MASK = '\u2026secured\u2026'
NOW = '2026-11-25T12:00:00Z'
LATER = '2027-01-01T00:00:00.000Z'

# Secrets where the registry has no path for them; every one carries the canary.
SERVICES = {
    'ltxstudio': ('a@example.com', {'cookie': {'lt_id': 'u1'}, 'tokenExpireUTC': LATER, 'apiKey': CANARY + '-1',
                                    'Authorization': 'Bearer ' + CANARY + '-2'}),
    'kling': ('k@example.com', {'session': {'ExpireTimeUTC': LATER, 'token': CANARY + '-3', 'access_token': CANARY + '-4'},
                                'error': {'message': 'login failed', 'password': CANARY + '-5'}}),
    'minimax': ('1001', {'jwt': {'exp': 1798761600}, 'url': 'https://minimax.example/?device_id=' + CANARY + '-6',
                         'token': CANARY + '-7'}),
    'google-flow': ('g@example.com', {'health': 'OK', 'sessionData': {'expires': LATER, 'refresh_token': CANARY + '-8'},
                                      'sessionCookies': ['__Secure-1PSID=' + CANARY + '-9', CANARY + '-10']}),
    'flowmusic': ('f@example.com', {'access_token_expires_at': LATER, 'secret': CANARY + '-11',
                                    'nested': [{'client_secret': CANARY + '-12'}]}),
    'mureka': ('2002', {'tokenIssuedDaysAgo': 2, 'session_id': CANARY + '-13', 'cookies': {'sid': CANARY + '-14'}}),
}

ROLE_ENV = dict(ANSIBLE_CACHE_PLUGIN='jsonfile', ANSIBLE_CACHE_PLUGIN_TIMEOUT='3600', ANSIBLE_CALLBACKS_ENABLED='tree')


def _artefacts(tmp_path, name):
    folder = tmp_path / name
    folder.mkdir()
    env = dict(ROLE_ENV, ANSIBLE_CACHE_PLUGIN_CONNECTION=str(folder / 'facts'), ANSIBLE_CALLBACK_TREE_DIR=str(folder / 'tree'),
               ANSIBLE_LOG_PATH=str(folder / 'ansible.log'))
    return folder, env


def _texts(run, folder):
    files = [path for path in sorted(folder.rglob('*')) if path.is_file()]
    return [('stdout', run.stdout), ('stderr', run.stderr)] + [
        (str(path), path.read_text(encoding='utf-8', errors='replace')) for path in files]


def test_secrets_the_registry_does_not_name_never_reach_any_output(playbook, standin, tmp_path):
    server = standin(fixture=None, now=NOW, services=dict(
        (name, {account_id: record}) for name, (account_id, record) in SERVICES.items()))
    for name in SERVICES:
        assert CANARY in json.dumps(server.config(name)), '%s: the stand-in must serve the canaries' % name
    folder, env = _artefacts(tmp_path, 'out')
    reports = folder / 'reports'
    run = playbook('role.yml', verbosity=4, env=dict(env, USEAPI_BASE_URL=server.base_url),
                   extra_vars=dict(accounts_check_now=NOW, accounts_check_report_dir=str(reports),
                                   accounts_check_services=list(SERVICES)))
    assert run.rc == 2, run  # kling's error fails the check; everything was still written
    assert sorted(path.name for path in reports.iterdir()) == [
        'accounts_check.json', 'accounts_check.md', 'accounts_check.prom', 'accounts_check.xml']
    assert list((folder / 'facts').iterdir()) and (folder / 'ansible.log').read_text().strip()
    leaked = [(place, line.strip()[:200]) for place, text in _texts(run, folder) for line in text.splitlines()
              if CANARY in line]
    assert leaked == [], leaked
    report = json.loads((reports / 'accounts_check.json').read_text(encoding='utf-8'))
    kinds = sorted((problem['service'], problem['kind']) for problem in report['problems'])
    assert kinds == [('kling', 'error')], 'every expiry field stayed readable: %s' % report['problems']
    assert 'login failed' in report['problems'][0]['reason'] and MASK in report['problems'][0]['reason']
    facts = {}
    for path in (folder / 'facts').iterdir():
        data = json.loads(path.read_text())
        facts.update(json.loads(data['__payload__']) if '__payload__' in data else data)
    assert [account['sessionCookies'] for account in facts['google_flow_accounts'].values()] == [[MASK, MASK]]
    assert facts['minimax_accounts']['1001']['url'] == facts['minimax_accounts']['1001']['token'] == MASK
    assert facts['kling_accounts']['k@example.com']['session']['ExpireTimeUTC'] == LATER
    assert TOKEN not in run.output


FORGED = 'x@example.com\n- expired: boss@example.com: forged'
HOSTILE_IDS = [FORGED, 'esc\x1b[2J\x1b[31m@example.com', 'nul\x00@example.com', 'bidi\u202emoc.elpmaxe@example.com',
               '[click](https://evil.example/pwn)@example.com', 'www.evil.example']


def test_ids_and_api_texts_cannot_forge_or_break_the_verdict_and_the_reports(playbook, standin, tmp_path):
    accounts = dict((account, {'email': account, 'cookie': {'lt_id': 'u1'}, 'tokenExpireUTC': LATER})
                    for account in HOSTILE_IDS)
    accounts['big@example.com'] = {'email': 'big@example.com', 'tokenExpireUTC': LATER,
                                   'error': 'E' * 1048576 + '\n- ok: everything is fine'}
    server = standin(fixture=None, now=NOW, accounts=accounts)
    reports = tmp_path / 'reports'
    run = playbook('role.yml', url=server.url, extra_vars=dict(
        accounts_check_now=NOW, accounts_check_report_dir=str(reports), accounts_check_subscription=False,
        accounts_check_required=['[x](https://evil.example)@example.com']))
    assert run.rc == 2, run
    assert len(run.output) < 200000, 'a megabyte of API text is cut, not printed'
    assert '\x1b' not in run.output and '\x00' not in run.output
    report = json.loads((reports / 'accounts_check.json').read_text(encoding='utf-8'))
    assert {entry['id'] for entry in report['accounts']} >= set(HOSTILE_IDS), 'the JSON report keeps exact ids'
    lines = report['msg'].split('\n')
    assert len(lines) == 1 + len(report['problems']) == 3, lines
    assert all(line.isprintable() for line in lines)
    assert '(1048601 characters, cut)' in report['msg']
    assert len(json.dumps(report)) < 100000
    # JUnit: parses, every id there, escaped.
    root = ElementTree.fromstring((reports / 'accounts_check.xml').read_bytes())
    names = {case.get('name') for case in root.iter('testcase')}
    assert 'esc\\x1b[2J\\x1b[31m@example.com' in names and 'nul\\x00@example.com' in names
    assert 'x@example.com\\n- expired: boss@example.com: forged' in names
    # Markdown: no live link, one row per problem.
    summary = (reports / 'accounts_check.md').read_text(encoding='utf-8')
    assert not re.search(r'(?<!\\)[\[\]]', summary) and 'https://' not in summary and 'www.evil' not in summary
    rows = [line for line in summary.splitlines() if line.startswith('| ') and not line.startswith('| service')]
    assert len(rows) == len(report['problems'])


def test_a_megabyte_api_error_text_is_cut_in_the_message(playbook, standin):
    server = standin(now=NOW)
    server.add_fault('status', status=400, times=None,
                     body=json.dumps({'error': 'bad request \x1b[2J' + 'Z' * 1048576}), content_type='application/json')
    run = playbook('info.yml', url=server.url)
    result = run.data['result']
    assert result['failed'] is True
    assert '(1048592 characters, cut)' in result['msg'] and '\\x1b[2J' in result['msg'], result['msg'][:300]
    assert len(result['msg']) < 2000 and len(run.output) < 200000


EDGES = '''---
- name: Instants and durations at the edges of the calendar
  hosts: localhost
  gather_facts: false
  tasks:
    - name: now plus min_validity past year 9999
      useapi.accounts.check:
        service: kling
        accounts: {}
        now: "9999-12-31T00:00:00Z"
        min_validity: 7d
      register: late
      ignore_errors: true
    - name: A min_validity no timedelta holds
      useapi.accounts.check:
        service: kling
        accounts: {}
        now: "2026-11-25T12:00:00Z"
        min_validity: "%(long)s"
      register: long
      ignore_errors: true
    - name: A fact to judge the age of
      ansible.builtin.set_fact:
        kling_accounts: {}
        cacheable: true
    - name: A max_age no timedelta holds
      useapi.accounts.check:
        service: kling
        max_age: "99999999999999999999d"
      register: age
      ignore_errors: true
    - name: An offset that pushes now off the calendar
      useapi.accounts.check:
        service: kling
        accounts: {}
        now: "0001-01-01T00:00:00+01:00"
      register: early
      ignore_errors: true
    - name: Account fields no date can hold
      useapi.accounts.check:
        service: mureka
        accounts:
          "1": {tokenIssuedDaysAgo: 36500}
          "2": {tokenIssuedDaysAgo: 0}
        now: "0001-02-01T00:00:00Z"
        min_validity: 0s
        fail_on_problems: false
      register: mureka
    - name: Epoch fields no date can hold
      useapi.accounts.check:
        service: ltxstudio
        accounts:
          a@example.com: {tokenExpire: "%(digits)s"}
          b@example.com: {tokenExpire: 1.0e+300}
          c@example.com: {tokenExpireUTC: "9999-12-31T23:59:59Z"}
        now: "9999-12-30T00:00:00Z"
        min_validity: 1h
        fail_on_problems: false
      register: ltx
    - name: Save
      ansible.builtin.copy:
        content: "{{ dict(late=late, long=long, age=age, early=early, mureka=mureka, ltx=ltx) | to_json }}"
        dest: "{{ out_file }}"
        mode: "0600"
''' % dict(long='9' * 30 + 'd', digits='9' * 5000)


def test_instants_and_durations_past_the_calendar_give_our_messages(playbook, tmp_path):
    path = tmp_path / 'edges.yml'
    path.write_text(EDGES, encoding='utf-8')
    run = playbook(str(path))
    assert run.rc == 0, run
    data = run.data
    for name in ('late', 'long', 'age', 'early'):
        assert data[name]['failed'] is True, (name, data[name])
        message = data[name]['msg']
        assert 'out of range' not in message and 'Traceback' not in message and 'OverflowError' not in message, message
    assert data['late']['msg'].startswith('min_validity: now plus min_validity (9999-12-31T00:00:00.000Z + 7d) is past')
    assert data['long']['msg'].startswith('min_validity: ') and 'too long' in data['long']['msg']
    assert data['age']['msg'].startswith('max_age: ') and 'too long' in data['age']['msg']
    assert data['early']['msg'].startswith('now: ') and 'out of the range of dates' in data['early']['msg']
    assert [(p['id'], p['kind']) for p in data['mureka']['problems']] == [('1', 'unknown_expiry')]
    assert [(p['id'], p['kind']) for p in data['ltx']['problems']] == [
        ('a@example.com', 'unknown_expiry'), ('b@example.com', 'unknown_expiry')]
