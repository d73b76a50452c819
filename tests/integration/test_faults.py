# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Faults and bad answers over real sockets (issue 4, "Faults" and "Bad responses").

The stand-in misbehaves; the collection must retry what is worth retrying, fail quickly and
clearly otherwise, and never pass a broken answer off as a configuration.

Every case is one row of CASES, with its own stand-in. The rows with a ``lane`` go through
ansible-playbook and the real ltxstudio_accounts_info module; to keep the suite fast they share
ONE ansible-playbook run (the module-scoped ``cases_run``): one task loops over the cases, each
item calling the module with that case's api_url and options, and the tests read the per-item
results. The other rows, and the cases that need exact timing or a fresh Retry-After date,
call the client class (and the normaliser, as the module does) directly: still real sockets
and the real ``open_url`` transport, without ansible's start-up cost.
"""

from __future__ import annotations

import datetime
import email.utils
import json
import os
import sys
import time

import pytest

from helpers import FIXTURES, TOKEN, Run, ansible_env, ansible_playbook, refused_url
from standin import StandIn

from ansible_collections.useapi.accounts.plugins.module_utils._accounts import normalize_accounts
from ansible_collections.useapi.accounts.plugins.module_utils._client import UseapiClient
from ansible_collections.useapi.accounts.plugins.module_utils._errors import ApiError, UseapiError

NOW = '2026-11-25T12:00:00Z'
NOW_DT = datetime.datetime(2026, 11, 25, 12, 0, 0, tzinfo=datetime.timezone.utc)
EXPIRY_DT = NOW_DT + datetime.timedelta(days=40)
EXPIRY_MS = int(EXPIRY_DT.timestamp() * 1000)
EXPIRY_ISO = '2027-01-04T12:00:00.000Z'
MASKED = {'lt_id': 'u1', 'lt_token': u'\u2026secured\u2026', 'lt_refresh_token': u'\u2026secured\u2026'}


def account(address, **fields):
    record = dict(email=address, cookie=dict(MASKED))
    record.update(fields)
    return record


# Accounts whose fields have the wrong types: the info module normalises or keeps them (as its
# docs say), and the role reports unknown_expiry for the expiries it cannot read.
ODD_TYPES = {
    'max.jobs.string@example.com': account('max.jobs.string@example.com', maxJobs='20', tokenExpireUTC=EXPIRY_ISO),
    'expire.string@example.com': account('expire.string@example.com', maxJobs=5, tokenExpire=str(EXPIRY_MS)),
    'expire.seconds@example.com': account('expire.seconds@example.com', maxJobs=5, tokenExpire=EXPIRY_MS // 1000),
    'expire.text@example.com': account('expire.text@example.com', maxJobs=5, tokenExpire='next week'),
    'utc.no.zone@example.com': account('utc.no.zone@example.com', maxJobs=5, tokenExpireUTC='2027-01-04T12:00:00'),
    'utc.garbage@example.com': account('utc.garbage@example.com', maxJobs=5, tokenExpireUTC='soon, probably'),
}
UNREADABLE_EXPIRY = ('expire.text@example.com', 'utc.no.zone@example.com', 'utc.garbage@example.com')


class Case(object):
    """One misbehaviour of the API and what the info module must make of it.

    ``lane``: ``None`` runs the case straight through the client class (and the normaliser, as
    the module does); 0 or 1 runs it through ansible-playbook, in that lane (see ``cases_run``).
    ``faults``: (kind, params) queued on the case's own stand-in. ``options``: module options.
    ``ok``: the module succeeds. ``msg``: strings its message must contain. ``requests``: how
    many requests the stand-in must have seen (retried or not). ``status``/``attempts``: the
    machine-readable part of a failed result.
    """

    def __init__(self, name, faults=(), lane=None, ok=False, msg=(), requests=None, status=None, attempts=None,
                 accounts=None, url=None, **options):
        self.name = name
        self.lane = lane
        self.faults = faults
        self.ok = ok
        self.msg = msg
        self.requests = requests
        self.status = status
        self.attempts = attempts
        self.accounts = accounts
        self.url = url
        self.options = dict(dict(timeout=2.0, retries=1, retry_max_time=20.0), **options)

    def __repr__(self):
        return self.name


def rate_limit(**params):
    return ('rate_limit', dict(params))


def status(code, times=None, **params):
    return ('status', dict(params, status=code, times=times))


def body(text, content_type='application/json', **params):
    return ('body', dict(params, body=text, content_type=content_type))


JSON_OBJECT_EXPECTED = 'where a JSON object was expected'
HTML_PAGE = '<html><head><title>Oops</title></head><body>Gateway error</body></html>'
CASES = [
    # -- retried, then the API recovers -------------------------------------------------------------
    Case('429 Retry-After seconds then success', [rate_limit(retry_after='1')], lane=0, ok=True, requests=2),
    Case('502 then success', [status(502, times=1)], ok=True, requests=2),
    Case('503 then success', [status(503, times=1)], lane=1, ok=True, requests=2),
    Case('504 then success', [status(504, times=1)], ok=True, requests=2),
    Case('close once then success', [('close', {})], ok=True, requests=2),
    # -- retried until the retries or the time budget run out ---------------------------------------
    Case('503 retries exhausted', [status(503)], lane=0, retries=2, requests=3, status=503, attempts=3,
         msg=('GET ', '/accounts failed with HTTP 503 Service Unavailable', 'gave up after 3 attempts')),
    Case('429 wait longer than retry_max_time', [rate_limit(retry_after='3600', times=None)], retry_max_time=5.0,
         requests=1, status=429, attempts=1,
         msg=('HTTP 429 Too Many Requests', 'the next wait (60.0 s) would pass retry_max_time (5.0 s)')),
    Case('hang', [('hang', dict(times=None))], lane=0, timeout=1.0, retries=1, requests=2, attempts=2,
         msg=('no answer within the timeout of 1.0 seconds (timed out)', 'gave up after 2 attempts')),
    Case('after hang', lane=0, ok=True, requests=1),
    Case('close always', [('close', dict(times=None))], retries=0, requests=1, attempts=1,
         msg=('the server closed the connection without a complete answer',)),
    Case('connection refused', url='refused', lane=1, retries=1, attempts=2,
         msg=('connection refused (nothing listens at that address and port)', 'gave up after 2 attempts')),
    Case('name does not resolve', url='http://nonexistent.invalid/v1/ltxstudio', lane=1, retries=2, attempts=1,
         msg=('GET http://nonexistent.invalid/v1/ltxstudio/accounts failed: the host name could not be resolved',)),
    # -- never retried ------------------------------------------------------------------------------
    Case('400', [status(400, body={'error': 'Bad request: no such parameter', 'code': 400})],
         requests=1, status=400, attempts=1, msg=('failed with HTTP 400 Bad Request: Bad request: no such parameter',)),
    Case('401', [status(401, body={'error': 'Unauthorized', 'code': 401})], lane=0,
         requests=1, status=401, attempts=1,
         msg=('The API token was rejected (HTTP 401 Unauthorized)', 'Check api_token or the USEAPI_TOKEN')),
    Case('402', [status(402, body={'error': 'Subscription required', 'code': 402})],
         requests=1, status=402, attempts=1, msg=('failed with HTTP 402 Payment Required: Subscription required',)),
    Case('403', [status(403)], requests=1, status=403, attempts=1, msg=('failed with HTTP 403 Forbidden',)),
    Case('404 is no configuration, not retried', [status(404, body={
        'error': 'Configuration not found. To create configuration use POST /accounts.', 'code': 404})],
        ok=True, requests=1),
    Case('500', [status(500)], requests=1, status=500, attempts=1, msg=('failed with HTTP 500 Internal Server Error',)),
    Case('596', [status(596, body={'error': 'Account is in error state', 'code': 596})], lane=1,
         requests=1, status=596, attempts=1,
         msg=('failed with HTTP 596 account in error state: Account is in error state',)),
    # -- bad bodies ---------------------------------------------------------------------------------
    Case('HTML error page', [body(HTML_PAGE, content_type='text/html; charset=utf-8')], lane=0,
         requests=1, status=200,
         msg=('returned HTTP 200 with a body of', '(text/html; charset=utf-8) that is not JSON',
              '(an HTML or XML page, by its first character)')),
    Case('empty body', [body('')], requests=1, status=200,
         msg=('returned HTTP 200 with an empty body (application/json)',)),
    Case('truncated JSON', [body('{"a@example.com": {"email": "a@example.com", "maxJo')], lane=1,
         requests=1, status=200, msg=('(application/json) that looks like truncated or invalid JSON',)),
    Case('JSON array', [body('[{"email": "a@example.com"}]')], status=200,
         msg=('a JSON array ' + JSON_OBJECT_EXPECTED,)),
    Case('JSON string', [body('"a@example.com"')], status=200, msg=('a JSON string ' + JSON_OBJECT_EXPECTED,)),
    Case('JSON number', [body('42')], lane=0, status=200, msg=('a JSON number ' + JSON_OBJECT_EXPECTED,)),
    Case('account not an object', lane=1,
         accounts={'a@example.com': 'a@example.com', 'b@example.com': account('b@example.com')},
         msg=("account 'a@example.com' is a string, not an object",)),
    Case('maxJobs not a number', accounts={'a@example.com': account('a@example.com', maxJobs='twenty')},
         msg=("account 'a@example.com': maxJobs should be a whole number, got a string",)),
    Case('odd types normalised', lane=0, accounts=ODD_TYPES, ok=True, requests=1),
    # Announced: refused before the body is read, whatever the load on the machine.
    Case('40 MB body', [('big', dict(size_mb=40))], lane=1, requests=1, attempts=1,
         msg=('the response body is larger than 32 MiB (the server announced 41943040 bytes)', 'refusing to parse it')),
    # Not announced: read up to the cap, then refused. The timeout is generous and nothing is
    # retried: the case is about the cap, not the clock (at 2 s, a loaded CI machine once cut the
    # read off by the deadline, and the retry got the normal configuration).
    Case('40 MB body without Content-Length', [('big', dict(size_mb=40, announce=False))], requests=1,
         timeout=120.0, retries=0, retry_max_time=120.0,
         msg=('the response body is larger than 32 MiB, which', 'refusing to parse it')),
]
BY_NAME = dict((case.name, case) for case in CASES)
ANSIBLE_CASES = [case for case in CASES if case.lane is not None]
CLIENT_CASES = [case for case in CASES if case.lane is None]

# The ansible cases run in two lanes: one local inventory host per lane, both at once (forks=2),
# the cases of a lane one after another, in the order of CASES.
CASES_PLAYBOOK = '''---
- name: Call ltxstudio_accounts_info once per fault case
  hosts: all
  gather_facts: false
  tasks:
    - name: Read the configuration
      useapi.accounts.ltxstudio_accounts_info:
        api_url: "{{ item.api_url }}"
        timeout: "{{ item.timeout }}"
        retries: "{{ item.retries }}"
        retry_max_time: "{{ item.retry_max_time }}"
      loop: "{{ cases }}"
      loop_control:
        label: "{{ item.name }}"
      register: info
      ignore_errors: true

    - name: Save every result
      ansible.builtin.copy:
        content: "{{ info.results | to_json }}"
        dest: "{{ out_dir }}/{{ inventory_hostname }}.json"
        mode: "0600"
'''


def run_lanes(directory, lanes):
    """One ansible-playbook run over one local host per lane; returns the run and every item's result."""
    playbook = directory / 'cases.yml'
    playbook.write_text(CASES_PLAYBOOK, encoding='utf-8')
    out_dir = directory / 'results'
    out_dir.mkdir()
    hosts = dict(('lane%d' % index, dict(ansible_connection='local', ansible_python_interpreter=sys.executable,
                                         cases=lane)) for index, lane in enumerate(lanes))
    inventory = directory / 'inventory.yml'
    inventory.write_text(json.dumps(dict(all=dict(hosts=hosts))), encoding='utf-8')  # JSON is YAML
    completed = ansible_playbook(['-i', inventory, playbook, '-e', json.dumps(dict(out_dir=str(out_dir)))],
                                 ansible_env(directory, ANSIBLE_FORKS='2'), directory)
    run = Run(completed, directory / 'no-such-file')
    results = []
    for path in sorted(out_dir.glob('*.json')):
        results.extend(json.loads(path.read_text(encoding='utf-8')))
    return run, results


def start_case(case, holders):
    """Start the case's stand-in with its faults; return (server or None, api_url)."""
    if case.url == 'refused':
        holder, url = refused_url()
        holders.append(holder)
        return None, url
    if case.url:
        return None, case.url
    accounts = case.accounts if case.accounts is not None else str(FIXTURES / 'accounts_special.json')
    server = StandIn(accounts=accounts, token=TOKEN, now=NOW).start()
    for kind, params in case.faults:
        params = dict(params)
        server.add_fault(kind, times=params.pop('times', 1), **params)
    return server, server.url


class CasesRun(object):
    def __init__(self, run, servers, results):
        self.run = run
        self.servers = servers
        self.results = results


@pytest.fixture(scope='module')
def cases_run(tmp_path_factory):
    """Every case of ANSIBLE_CASES, in one ansible-playbook run."""
    if not os.environ.get('ANSIBLE_COLLECTIONS_PATH'):
        pytest.skip('ANSIBLE_COLLECTIONS_PATH must point at an installed useapi.accounts')
    directory = tmp_path_factory.mktemp('fault-cases')
    servers, holders, lanes = {}, [], [[], []]
    try:
        for case in ANSIBLE_CASES:
            server, url = start_case(case, holders)
            if server is not None:
                servers[case.name] = server
            lanes[case.lane].append(dict(case.options, name=case.name, api_url=url))
        run, results = run_lanes(directory, lanes)
    finally:
        for holder in holders:
            holder.close()
        for server in servers.values():
            server.stop()
    results = dict((result['item']['name'], result) for result in results)
    assert sorted(results) == sorted(case.name for case in ANSIBLE_CASES), run
    return CasesRun(run, servers, results)


def check_outcome(case, failed, msg, status, attempts, server, shown):
    assert 'Traceback' not in shown and 'MODULE FAILURE' not in shown, shown
    assert failed is (not case.ok), shown
    for part in case.msg:
        assert part in msg, (part, msg)
    assert TOKEN not in shown
    if case.status is not None:
        assert status == case.status, shown
    if case.attempts is not None:
        assert attempts == case.attempts, shown
    if case.requests is not None:
        assert len(server.requests) == case.requests, [r.to_dict() for r in server.requests]
    if server is not None:
        assert all(request.authorized for request in server.requests)
        assert server.errors == []


@pytest.mark.parametrize('case', ANSIBLE_CASES, ids=[case.name for case in ANSIBLE_CASES])
def test_fault_case_through_ansible(cases_run, case):
    result = cases_run.results[case.name]
    shown = json.dumps(result, indent=1, ensure_ascii=False)
    if case.ok:
        assert isinstance(result['ansible_facts']['ltxstudio_accounts'], dict), shown
    else:
        assert 'ansible_facts' not in result, 'a failed read must not set the fact: %s' % shown
    check_outcome(case, result.get('failed', False), result.get('msg', ''), result.get('status'),
                  result.get('attempts'), cases_run.servers.get(case.name), shown)


@pytest.mark.parametrize('case', CLIENT_CASES, ids=[case.name for case in CLIENT_CASES])
def test_fault_case_through_the_client(case):
    """What the module does (client, then normaliser), without ansible-playbook around it."""
    holders = []
    server, url = start_case(case, holders)
    try:
        client = UseapiClient(url, TOKEN, 'ltxstudio', **case.options)
        try:
            accounts = normalize_accounts(client.get_accounts(), 'ltxstudio')
            error = None
        except UseapiError as caught:
            error = caught
        if error is None:
            assert isinstance(accounts, dict)
        check_outcome(case, error is not None, str(error or ''), getattr(error, 'status', None),
                      getattr(error, 'attempts', None), server, repr(error))
    finally:
        if server is not None:
            server.stop()


def test_the_whole_run_shows_no_traceback(cases_run):
    assert 'Traceback' not in cases_run.run.output, cases_run.run
    assert 'The full traceback is' not in cases_run.run.output


def test_recovered_reads_return_the_whole_configuration(cases_run):
    for name in ('429 Retry-After seconds then success', '503 then success'):
        result = cases_run.results[name]
        assert result['count'] == 5, result
        assert len(result['ansible_facts']['ltxstudio_accounts']) == 5


def test_429_waits_the_retry_after_seconds(cases_run):
    first, second = cases_run.servers['429 Retry-After seconds then success'].requests
    assert second.time - first.time >= 0.95


def test_backoff_between_attempts_is_jittered_exponential(cases_run):
    times = [request.time for request in cases_run.servers['503 retries exhausted'].requests]
    gaps = [later - earlier for earlier, later in zip(times, times[1:])]
    # Equal jitter: attempt n waits at least 2**(n-1)/2 seconds. (The upper bounds are pinned by the
    # fake-clock unit tests; wall-clock ones would only measure how busy the machine is.)
    assert 0.45 <= gaps[0], gaps
    assert 0.95 <= gaps[1], gaps


def test_a_hang_fails_within_timeout_times_attempts(cases_run):
    hung = cases_run.servers['hang'].requests
    # Attempt 1 waited the whole 1 s timeout, then backed off, then attempt 2 (which times out the
    # same way). 2 attempts: retries=1 bounded it, not the defaults (4 x 30 s).
    gap = hung[1].time - hung[0].time
    assert 1.0 <= gap, gap
    assert cases_run.servers['after hang'].requests, 'the run went on after the hang'


def test_wrong_types_are_normalised_or_kept_as_documented(cases_run):
    fact = cases_run.results['odd types normalised']['ansible_facts']['ltxstudio_accounts']
    assert fact['max.jobs.string@example.com']['maxJobs'] == 20
    assert fact['max.jobs.string@example.com']['tokenExpire'] == EXPIRY_MS
    assert fact['expire.string@example.com']['tokenExpire'] == EXPIRY_MS
    assert fact['expire.string@example.com']['tokenExpireUTC'] == EXPIRY_ISO
    assert fact['expire.seconds@example.com']['tokenExpire'] == EXPIRY_MS
    assert fact['expire.seconds@example.com']['tokenExpireUTC'] == EXPIRY_ISO
    # What cannot be read is kept as given, never guessed at (and never dropped).
    assert fact['expire.text@example.com']['tokenExpire'] == 'next week'
    assert 'tokenExpireUTC' not in fact['expire.text@example.com']
    assert fact['utc.no.zone@example.com']['tokenExpireUTC'] == '2027-01-04T12:00:00'
    assert 'tokenExpire' not in fact['utc.no.zone@example.com']
    assert fact['utc.garbage@example.com']['tokenExpireUTC'] == 'soon, probably'
    assert 'tokenExpire' not in fact['utc.garbage@example.com']
    for record in fact.values():
        assert record['cookie'] == MASKED


def test_role_reports_unreadable_expiries_as_unknown_expiry(playbook, standin, tmp_path):
    server = standin(accounts=ODD_TYPES, now=NOW)
    run = playbook('role.yml', url=server.url, extra_vars=dict(
        accounts_check_now=NOW, accounts_check_min_validity='7d', accounts_check_report_dir=str(tmp_path / 'reports')))
    assert run.rc == 2, run
    report = json.loads((tmp_path / 'reports' / 'accounts_check.json').read_text(encoding='utf-8'))
    kinds = dict((problem['email'], problem['kind']) for problem in report['problems'])
    assert kinds == dict((address, 'unknown_expiry') for address in UNREADABLE_EXPIRY), report['problems']
    statuses = dict((entry['email'], entry['status']) for entry in report['accounts'])
    for address in ('max.jobs.string@example.com', 'expire.string@example.com', 'expire.seconds@example.com'):
        assert statuses[address] == 'ok', report['accounts']
    text = run.stdout.replace('\\n', '\n')
    assert '- unknown_expiry: utc.no.zone@example.com: the token expiry is unknown' in text, run
    assert 'Traceback' not in run.output


# -- straight through the client class, real sockets, real open_url --------------------------------

def client_for(server, **options):
    options = dict(dict(timeout=2, retries=1, retry_max_time=20), **options)
    return UseapiClient(server.url if hasattr(server, 'url') else server, TOKEN, 'ltxstudio', **options)


def test_429_with_an_http_date_waits_until_that_date(standin):
    server = standin('accounts_special.json')
    server.add_fault('rate_limit', retry_after=email.utils.formatdate(time.time() + 2, usegmt=True))
    started = time.monotonic()
    accounts = client_for(server).get_accounts()
    elapsed = time.monotonic() - started
    assert len(accounts) == 5
    assert len(server.requests) == 2
    # The date has whole seconds: the wait is at least 1 second.
    assert 0.9 <= server.requests[1].time - server.requests[0].time
    assert 0.9 <= elapsed


def test_429_without_retry_after_falls_back_to_backoff(standin):
    server = standin('accounts_special.json')
    server.add_fault('rate_limit', retry_after=None)
    assert len(client_for(server).get_accounts()) == 5
    assert 0.45 <= server.requests[1].time - server.requests[0].time


def test_429_retries_exhausted_names_the_status_and_the_attempts(standin):
    server = standin('accounts_special.json')
    server.add_fault('rate_limit', retry_after='1', times=None)
    with pytest.raises(ApiError) as caught:
        client_for(server, retries=1).get_accounts()
    assert str(caught.value).endswith(
        'failed with HTTP 429 Too Many Requests: Too many requests (gave up after 2 attempts)')
    assert caught.value.status == 429 and caught.value.attempts == 2
    assert len(server.requests) == 2


def test_a_hang_times_out_in_timeout_times_attempts(standin):
    server = standin('accounts_special.json')
    server.add_fault('hang', times=None)
    started = time.monotonic()
    with pytest.raises(ApiError) as caught:
        client_for(server, timeout=1, retries=1).get_accounts()
    elapsed = time.monotonic() - started
    assert 2.0 <= elapsed, elapsed  # 2 attempts x 1 s timeout, plus the backoff
    assert caught.value.attempts == 2 and len(server.requests) == 2
    assert 'timed out' in str(caught.value) and caught.value.status is None


def test_a_slow_answer_within_the_timeout_is_fine(standin):
    server = standin('accounts_special.json')
    server.add_fault('delay', seconds=0.5)
    assert len(client_for(server, timeout=2, retries=0).get_accounts()) == 5


def test_retry_max_time_bounds_a_long_outage(standin):
    server = standin('accounts_special.json')
    server.add_fault('status', status=503, times=None)
    with pytest.raises(ApiError) as caught:
        client_for(server, retries=10, retry_max_time=2).get_accounts()
    message = str(caught.value)
    assert 'HTTP 503 Service Unavailable' in message and 'would pass retry_max_time (2' in message
    assert caught.value.status == 503 and caught.value.attempts == len(server.requests) >= 2
    assert caught.value.attempts < 11, 'the budget, not the 10 retries, ended it'


def test_statuses_that_mean_no_are_never_retried_for_writes_either(standin):
    server = standin(fixture=None)
    for code in (400, 401, 402, 403, 404):
        server.clear_requests()
        server.add_fault('status', status=code, times=None, method='POST')
        with pytest.raises(ApiError) as caught:
            client = client_for(server, retries=3)
            client.send('POST', client.accounts_url(), {'cookie': 'lt_id=a; lt_token=b; lt_refresh_token=c', 'maxJobs': 5})
        assert caught.value.status == code and caught.value.attempts == 1
        assert len(server.requests) == 1, code
        server.clear_faults()


def test_a_cut_off_body_is_never_taken_for_a_complete_answer(standin):
    """Regression: a body cut short of its Content-Length is never taken for the whole answer.

    The server announces 400 bytes, sends a complete-looking JSON object of fewer bytes and hangs
    up. http.client's ``read(amt)`` returns the short body without raising IncompleteRead, so
    ``_read_capped`` has to compare it with Content-Length itself; before it did, the partial
    configuration was returned as if it were the whole one.
    """
    server = standin('accounts_special.json')
    partial = json.dumps({'a@example.com': account('a@example.com', maxJobs=1, tokenExpire=EXPIRY_MS)})
    server.add_fault('body', body=partial, content_type='application/json', content_length=400, times=None)
    with pytest.raises(ApiError) as caught:
        client_for(server, retries=0).get_accounts()
    assert 'closed the connection' in str(caught.value) or 'truncated' in str(caught.value)


def test_a_big_but_allowed_body_is_read(standin):
    server = standin('accounts_special.json')
    server.add_fault('big', size_mb=3)
    accounts = client_for(server, timeout=120, retries=0).get_accounts()  # about the size, not the clock
    assert len(accounts) > 10000


def test_a_wrong_api_url_is_not_an_empty_configuration(playbook, standin, tmp_path):
    """Regression: a 404 from a wrong api_url is an error, not an empty configuration.

    Only the API's own 404 ("Configuration not found. To create configuration use POST
    /accounts.") means "nothing configured"; a 404 for an unknown path (here /v1/ltxstudo) must
    fail. Before, the info module returned {} and the role passed with "nothing to check", rc 0.
    """
    server = standin('accounts_healthy.json', now=NOW)
    wrong = server.base_url + '/v1/ltxstudo'
    run = playbook('role.yml', url=wrong, extra_vars=dict(accounts_check_now=NOW,
                                                          accounts_check_report_dir=str(tmp_path / 'reports')))
    # The role reads the subscription from the same server as the (wrong) accounts URL, in parallel.
    assert sorted(request.path for request in server.requests) == ['/v1/ltxstudo/accounts', '/v2/account']
    assert run.rc != 0, 'a 404 from a wrong URL passed the check:\n%s' % run.stdout
    assert 'HTTP 404' in run.stdout
