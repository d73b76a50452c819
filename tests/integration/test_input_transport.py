# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Issue 20, the input and transport side, through ansible-playbook at -vvvv against real loopback servers.

Each case is one inventory host with its own stand-in (and its faults); ONE ansible-playbook run
covers them all. Every case must end in the collection's own message, with the right number of
requests (none for what is checked before the first request), and no canary value may reach
stdout, stderr, the saved results or the log:

- item 1: an empty or ``.`` read id sends no request (a server with lenient routing answers
  ``/accounts/`` with the whole configuration); a single answer shaped like the whole
  configuration is refused;
- item 2: an HTML error page that echoes the Authorization header, a 2xx configuration with a
  byte-order mark or in UTF-16, a 400 that echoes the first 16 characters of a posted secret;
- item 5: an unpaired surrogate; item 6: more accounts than the limit;
- item 8: a corrupt or cut gzip body, not retried; item 9: nan timeout and retry_max_time, a port
  out of range, a redirect to a non-ASCII path (not retried).
"""

from __future__ import annotations

import gzip
import json
import sys

import pytest

from helpers import Run, ansible_env, ansible_playbook
from standin import StandIn

from ansible_collections.useapi.accounts.plugins.module_utils._client import UseapiClient
from ansible_collections.useapi.accounts.plugins.module_utils._errors import ApiError

API_TOKEN = 'user:9-CANARY-TOKEN-5f2a1c77'
MARK = 'CANARY'
NOW = '2026-11-25T12:00:00Z'
# What a server with lenient routing answers for /accounts/ and /accounts/.: the whole configuration, raw.
WHOLE = {
    'raw.one@example.com': {'email': 'raw.one@example.com', 'maxJobs': 1,
                            'cookie': {'lt_id': 'u1', 'lt_token': 'RAW-CANARY-WHOLE-1',
                                       'lt_refresh_token': 'RAW-CANARY-WHOLE-2'}},
    'raw.two@example.com': {'email': 'raw.two@example.com', 'maxJobs': 1,
                            'cookie': 'lt_id=u2; lt_token=RAW-CANARY-WHOLE-3; lt_refresh_token=RAW-CANARY-WHOLE-4'},
}
LT_TOKEN = 'TOKVAL-CANARY-LONGVALUE-7'
COOKIE = 'lt_id=user777; lt_token=%s; lt_refresh_token=REFRESH-CANARY-LONGVALUE-8' % LT_TOKEN
# An error page that echoes the request's headers: the token crosses the old 60-character cut.
ECHO_PAGE = '<html><body><pre>Authorization: Bearer %s\nAccept: */*</pre></body></html>' % API_TOKEN
SECRET_CONFIG = u'{"a@example.com": {"email": "a@example.com", "password": "PW-CANARY-BODY-1"}}'
JSON = 'application/json'


def body(payload, content_type=JSON, headers=None, times=None, **extra):
    return ('body', dict(extra, body=payload, content_type=content_type, headers=headers, times=times))


def gzip_body(data, **extra):
    return body(data, headers={'Content-Encoding': 'gzip'}, **extra)


GZIPPED = gzip.compress(json.dumps(WHOLE).encode('utf-8'))
MANY = ('{%s}' % ','.join('"%d@x.io":{}' % index for index in range(20001))).encode('ascii')


class Case(object):
    """``module``: accounts_info (``id``), ltx_info (ltxstudio_accounts_info, ``email``) or account
    (ltxstudio_account, ``email`` and COOKIE); ``requests``: how many the stand-in must see."""

    def __init__(self, name, msg, requests, module='accounts_info', faults=(), options=None, url=None):
        self.name, self.msg, self.requests, self.module = name, msg, requests, module
        self.faults, self.options, self.url = faults, dict(options or {}), url


CASES = [
    # item 1
    Case('empty id', 'id must not be empty', 0, options=dict(id=''),
         faults=[body(WHOLE, path='/accounts/')]),
    Case('dot id', "id must not be '.'", 0, options=dict(id='.'), faults=[body(WHOLE, path='/accounts/')]),
    Case('empty email', 'email must not be empty', 0, module='ltx_info', options=dict(id=''),
         faults=[body(WHOLE, path='/accounts/')]),
    Case('whole configuration as one account', 'looks like a whole LTX Studio accounts configuration', 1,
         options=dict(id='whole@example.com'), faults=[body(WHOLE, path='/accounts/whole@example.com')]),
    # item 2
    Case('error page echoing the token', 'not quoted: it holds what looks like a secret', 1,
         faults=[('status', dict(status=500, body=ECHO_PAGE, content_type='text/html', times=None))]),
    Case('configuration with a BOM', 'starts with a UTF-8 byte-order mark', 1,
         faults=[body(b'\xef\xbb\xbf' + SECRET_CONFIG.encode('utf-8'))]),
    Case('configuration in UTF-16', 'starts with a UTF-16 byte-order mark', 1,
         faults=[body(SECRET_CONFIG.encode('utf-16'))]),
    Case('400 echoing part of the posted cookie', 'failed with HTTP 400 Bad Request: lt_token \u2026secured\u2026 is not', 2, module='account',
         options=dict(id='render@example.com'),
         faults=[('status', dict(status=400, method='POST', times=None,
                                 body={'error': 'lt_token %s is not valid' % LT_TOKEN[:16], 'code': 400}))]),
    # items 5 and 6
    Case('unpaired surrogate', 'lone UTF-16 surrogate', 1,
         faults=[body(b'{"a@example.com": {"email": "a@example.com", "error": "\\ud800"}}')]),
    Case('more accounts than the limit', 'has 20001 accounts, more than the 20000', 1, faults=[body(MANY)]),
    # item 8
    Case('corrupt gzip', 'invalid compressed body', 1, faults=[gzip_body(b'\x1f\x8b\x08\x00' + b'\xfe' * 200)]),
    Case('cut gzip', 'invalid compressed body', 1, faults=[gzip_body(GZIPPED[:len(GZIPPED) // 2])]),
    # item 9
    Case('timeout nan', 'timeout must be more than 0 seconds', 0, options=dict(timeout='nan')),
    Case('retry_max_time nan', 'retry_max_time must be more than 0 seconds (a finite number)', 0,
         options=dict(retry_max_time='nan')),
    Case('port out of range', 'api_url cannot be used: its port is not a number between 1 and 65535', 0,
         url='http://127.0.0.1:99999/v1/ltxstudio'),
    Case('redirect to a non-ASCII path', 'cannot be followed: it holds characters that are not plain ASCII', 1,
         faults=[('redirect', dict(location=u'/v1/ltxstudio/caf\u00e9', times=None))]),
]

PLAYBOOK = '''---
- name: One case of issue 20 per host
  hosts: all
  gather_facts: false
  module_defaults:
    group/useapi.accounts.useapi: &connection
      api_url: "{{ case_url }}"
      timeout: "{{ case.options.timeout | default(5) }}"
      retries: 1
      retry_max_time: "{{ case.options.retry_max_time | default(30) }}"
    group/useapi.accounts.ltxstudio: *connection
  tasks:
    - name: Read with accounts_info
      useapi.accounts.accounts_info:
        service: ltxstudio
        id: "{{ case.options.id | default(omit) }}"
      when: case.module == 'accounts_info'
      register: info
      ignore_errors: true

    - name: Read with ltxstudio_accounts_info
      useapi.accounts.ltxstudio_accounts_info:
        email: "{{ case.options.id }}"
      when: case.module == 'ltx_info'
      register: ltx
      ignore_errors: true

    - name: Write with ltxstudio_account
      useapi.accounts.ltxstudio_account:
        email: "{{ case.options.id }}"
        cookie: "{{ cookie }}"
        max_jobs: 5
      when: case.module == 'account'
      register: account
      ignore_errors: true

    - name: Save the result
      ansible.builtin.copy:
        content: "{{ {'accounts_info': info, 'ltx_info': ltx, 'account': account}[case.module] | to_json }}"
        dest: "{{ out_dir }}/{{ inventory_hostname }}.json"
        mode: "0600"
'''


def host_name(case):
    return case.name.replace(' ', '_').replace('-', '_')


@pytest.fixture(scope='module')
def cases_run(tmp_path_factory):
    directory = tmp_path_factory.mktemp('issue20')
    out_dir = directory / 'results'
    out_dir.mkdir()
    servers, hosts = {}, {}
    try:
        for case in CASES:
            server = StandIn(accounts=dict(WHOLE), token=API_TOKEN, now=NOW).start()
            servers[case.name] = server
            for kind, params in case.faults:
                params = dict(params)
                server.add_fault(kind, times=params.pop('times', 1), method=params.pop('method', None),
                                 path=params.pop('path', None), **params)
            hosts[host_name(case)] = dict(
                ansible_connection='local', ansible_python_interpreter=sys.executable, case_url=case.url or server.url,
                case=dict(name=case.name, module=case.module, options=case.options), cookie=COOKIE)
        playbook = directory / 'cases.yml'
        playbook.write_text(PLAYBOOK, encoding='utf-8')
        inventory = directory / 'inventory.json'
        inventory.write_text(json.dumps(dict(all=dict(hosts=hosts))), encoding='utf-8')  # JSON is YAML
        log = directory / 'ansible.log'
        env = ansible_env(directory, token=API_TOKEN, ANSIBLE_FORKS='4', ANSIBLE_LOG_PATH=str(log))
        completed = ansible_playbook(['-i', inventory, playbook, '-vvvv', '-e', json.dumps(dict(out_dir=str(out_dir)))],
                                     env, directory)
    finally:
        for server in servers.values():
            server.stop()
    run = Run(completed, directory / 'no-such-file')
    results = dict((path.stem, json.loads(path.read_text(encoding='utf-8'))) for path in out_dir.glob('*.json'))
    return run, results, servers, log


@pytest.mark.parametrize('case', CASES, ids=[case.name for case in CASES])
def test_each_fault_is_our_error(cases_run, case):
    run, results, servers, dummy = cases_run
    result = results.get(host_name(case))
    assert result is not None, run
    shown = json.dumps(result, ensure_ascii=False)
    assert result.get('failed') is True, shown
    assert case.msg in result['msg'], shown
    assert 'ansible_facts' not in result, shown
    assert 'Traceback' not in shown and 'MODULE FAILURE' not in shown and 'network error' not in shown, shown
    assert 'starting with' not in result['msg'], 'a body was quoted: %s' % shown
    requests = servers[case.name].requests
    assert len(requests) == case.requests, [request.to_dict() for request in requests]
    assert all(request.authorized for request in requests)


def test_no_canary_reaches_the_output_or_the_log(cases_run):
    run, results, dummy, log = cases_run
    places = [('stdout', run.stdout), ('stderr', run.stderr), ('results', json.dumps(results, ensure_ascii=False)),
              ('log', log.read_text(encoding='utf-8', errors='replace') if log.exists() else '')]
    assert log.exists() and 'Read with accounts_info' in places[-1][1], 'no log written'
    found = [(place, line.strip()[:200]) for place, text in places for line in text.splitlines() if MARK in line]
    assert found == []
    # What a cut or an echo would show of the secrets, shorter than the marker.
    for piece in (API_TOKEN[:9], LT_TOKEN[:8], 'P\\x00W\\x00'):
        assert piece not in run.stdout, piece
    assert 'Traceback' not in run.output


# -- a million empty accounts in about 10 MiB: refused early, over a real socket -------------------

def test_a_million_empty_accounts_are_refused_by_the_object_bound(standin):
    server = standin(fixture=None, token=API_TOKEN)
    million = ('{%s}' % ','.join('"%d":{}' % index for index in range(1000000))).encode('ascii')
    server.add_fault('body', body=million, content_type=JSON)
    client = UseapiClient(server.url, API_TOKEN, 'ltxstudio', timeout=120, retries=0)  # about the size, not the clock
    with pytest.raises(ApiError) as caught:
        client.get_accounts()
    assert 'more than 200000 JSON objects' in str(caught.value)
    assert len(server.requests) == 1
