# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every <service>_account module through ansible-playbook against the stand-in.

Per service: create, the same again (unchanged), a new max_jobs, fresh credentials with
update_credentials=always, delete, delete again (unchanged), with --diff at -vvvv and a canary in
every credential option that must appear in no output; check mode; invalid input that sends no
request (the stand-in's request log proves it); the API's 400, 402 and 401 coming through.
"""

from __future__ import annotations

import json

import pytest

from helpers import FIXTURES, TOKEN

CANARY = 'CANARY7f3a'
WRONG_TOKEN = 'user:9-WRONG-TOKEN'


def _tempolor_key(params):
    return json.dumps(params, sort_keys=True, separators=(',', ':'))


def _secrets(tag):
    """Per service, credentials in which every value carries the canary (tag: main or fresh)."""
    word = '%s-%s' % (CANARY, tag)
    return {
        'ltxstudio': dict(cookie='lt_id=user777; lt_token=%s-tok; lt_refresh_token=%s-ref' % (word, word)),
        'kling': dict(password=word + '-pw'),
        'minimax': dict(url='https://hailuoai.video/?device_id=%s-dev' % word, token=word + '-token'),
        'runwayml': dict(password=word + '-pw'),
        'pixverse': dict(password=word + '-pw'),
        'google-flow': dict(cookies='SID\t%s-sid\t.google.com\t/\t2027-01-01\nHSID\t%s-hsid\t.google.com' % (word, word)),
        'flowmusic': dict(refresh_token=word + '-refresh'),
        'dreamina': dict(password=word + '-pw'),
        'mureka': dict(session_cookie={'value': 'g.a0-%s-psid' % word, 'expires': '2027-02-23T04:38:16.033Z'}),
        'tempolor': dict(request_params={'token': word + '-tok', 'device': word + '-dev'}),
    }


SECRETS = dict((name, dict(main=_secrets('main')[name], fresh=_secrets('fresh')[name])) for name in _secrets('main'))

# id: the account the tests create; existing: one of the service's fixture accounts; cap: (start, new)
# when the module has max_jobs; identify: what the stand-in derives the id from (credential -> id).
SERVICES = {
    'ltxstudio': dict(id='render@example.com', existing='alice.producer@example.com', cap=(5, 9), id_key='email',
                      identify=lambda s: {'user777': 'render@example.com'}, received=lambda s: s['cookie']),
    'kling': dict(id='video@example.com', existing='ana.motion@example.com', cap=(5, 9), id_key='email',
                  identify=None, received=lambda s: s['password']),
    'minimax': dict(id='123456', existing='361838487953829890', cap=(2, 3), id_key='account',
                    identify=lambda s: {s['token']: '123456'}, received=lambda s: s['token']),
    'runwayml': dict(id='runway@example.com', existing='gen.four@example.com', cap=(5, 7), id_key='email',
                     identify=None, received=lambda s: s['password']),
    'pixverse': dict(id='pix@example.com', existing='lena.pix@example.com', cap=(4, 8), id_key='email',
                     identify=None, received=lambda s: s['password']),
    'google-flow': dict(id='john.doe@example.com', existing='maria.flow@example.com', cap=None, id_key='email',
                        identify=lambda s: {s['cookies']: 'john.doe@example.com'}, received=lambda s: s['cookies']),
    'flowmusic': dict(id='music@example.com', existing='lyra.beats@example.com', cap=(8, 4), id_key='email',
                      identify=lambda s: {s['refresh_token']: 'music@example.com'}, received=lambda s: s['refresh_token']),
    'dreamina': dict(id='US:render@example.com', existing='US:mia.seed@example.com', cap=(10, 20), id_key='account',
                     identify=None, received=lambda s: s['password']),
    'mureka': dict(id='64532357578753', existing='100234567', cap=None, id_key='account',
                   identify=lambda s: {s['session_cookie']['value']: '64532357578753'},
                   received=lambda s: s['session_cookie']),
    'tempolor': dict(id='123456789', existing='7411234567', cap=(10, 3), id_key='user_id',
                     identify=lambda s: {_tempolor_key(s['request_params']): '123456789'},
                     received=lambda s: s['request_params']),
}
NEW_MODULES = [name for name in SERVICES if name != 'ltxstudio']


@pytest.fixture
def start(standin, tmp_path):
    """Start a stand-in for one service (empty, or with its healthy fixture) that knows the test credentials."""

    def run(name, fixture=None, identities=None):
        case = SERVICES[name]
        if identities is None:
            identities = {}
            for secrets in SECRETS[name].values():
                identities.update(case['identify'](secrets) if case['identify'] else {})
        services = {name: str(FIXTURES / name / 'healthy.json') if fixture else None}
        server = standin(fixture=None, services=services, identities=identities)
        server.secrets_dir = tmp_path / 'secrets'
        server.secrets_dir.mkdir(exist_ok=True)
        return server

    return run


def steps_run(playbook, server, name, steps, secrets=None, **kwargs):
    """Run the module of ``name`` over ``steps``; return the run and the per-step results.

    The credentials go in a vars file (``-e @file``), as a vault file would: at -vvvv,
    ansible-playbook prints its command line, extra vars given inline included.
    """
    secrets_file = server.secrets_dir / ('secrets-%d.json' % len(list(server.secrets_dir.iterdir())))
    secrets_file.write_text(json.dumps(dict(acct_secrets=secrets or SECRETS[name], acct_wrong_token=WRONG_TOKEN)))
    variables = dict(acct_service=name, acct_steps=steps)
    run = playbook('account_modules.yml', extra_vars=variables, env={'USEAPI_BASE_URL': server.base_url},
                   extra_args=['-e', '@%s' % secrets_file], **kwargs)
    assert run.data is not None, run
    results = run.data['results']
    assert len(results) == len(steps), run
    return run, results


def writes(server):
    return [(request.method, request.path, request.json) for request in server.requests
            if request.method in ('POST', 'DELETE')]


def assert_no_secret(run):
    for text in (run.output, json.dumps(run.data)):
        assert CANARY not in text
        assert TOKEN not in text


@pytest.mark.parametrize('name', list(SERVICES))
def test_lifecycle_with_diff_at_vvvv_shows_no_secret(name, playbook, start):
    case = SERVICES[name]
    server = start(name)
    account_id, cap = case['id'], case['cap']
    first, second = cap or (None, None)
    create = dict(id=account_id, secret='main')
    if cap:
        create['max_jobs'] = first
    steps = [create, dict(create)]
    if cap:
        steps.append(dict(create, max_jobs=second))
    fresh = dict(create, secret='fresh', update_credentials='always')
    if cap:
        fresh['max_jobs'] = second
    steps += [fresh, dict(id=account_id, state='absent'), dict(id=account_id, state='absent')]

    run, results = steps_run(playbook, server, name, steps, diff=True, verbosity=4)
    assert run.rc == 0, run
    assert [result.get('failed', False) for result in results] == [False] * len(steps), run
    changed = [result['changed'] for result in results]
    assert changed == ([True, False] + ([True] if cap else []) + [True, True, False]), changed
    assert_no_secret(run)

    created, same = results[0], results[1]
    assert created['previous'] == {} and created['account'][case['id_key']] == account_id
    assert same['account'] == same['previous'] != {}
    if cap:
        assert created['account']['maxJobs'] == first
        assert results[2]['account']['maxJobs'] == second and results[2]['previous']['maxJobs'] == first
        assert '-    "maxJobs": %d' % first in run.stdout and '+    "maxJobs": %d' % second in run.stdout, run
    assert results[-2]['account'] == {} and results[-2]['previous'][case['id_key']] == account_id
    assert '"%s": "%s"' % (case['id_key'], account_id) in run.stdout  # the diff names the account

    # What the stand-in got: one POST per change, the update-only call for the cap where the service has one,
    # the fresh credentials last, and a single DELETE.
    methods = [method for method, dummy, dummy in writes(server)]
    assert methods == ['POST'] * (3 if cap else 2) + ['DELETE'], writes(server)
    posts = [body for method, dummy, body in writes(server) if method == 'POST']
    assert CANARY in json.dumps(posts[0])
    if name == 'flowmusic':
        assert posts[1] == {'email': account_id, 'maxJobs': second}
    elif cap:
        assert CANARY in json.dumps(posts[1]) and posts[1]['maxJobs'] == second
    assert server.received(name)[account_id] == case['received'](SECRETS[name]['fresh'])
    assert account_id not in (server.config(name) or {})


@pytest.mark.parametrize('name', list(SERVICES))
def test_check_mode_reads_and_sends_nothing(name, playbook, start):
    case = SERVICES[name]
    server = start(name, fixture=True)
    before = json.dumps(server.config(name), sort_keys=True)
    changed_cap = dict(id=case['existing'], secret='main')
    if case['cap']:
        changed_cap['max_jobs'] = case['cap'][1] if server.config(name)[case['existing']].get('maxJobs') != \
            case['cap'][1] else case['cap'][0]
    else:
        changed_cap['update_credentials'] = 'always'
    steps = [dict(id=case['id'], secret='main', **({'max_jobs': case['cap'][0]} if case['cap'] else {})),
             changed_cap, dict(id=case['existing'], state='absent'), dict(id=case['id'], state='absent')]
    run, results = steps_run(playbook, server, name, steps, check=True, diff=True)
    assert run.rc == 0, run
    assert [result['changed'] for result in results] == [True, True, True, False], results
    assert writes(server) == [] and server.requests, server.requests
    assert json.dumps(server.config(name), sort_keys=True) == before
    assert results[0]['account'][case['id_key']] == case['id']
    if case['cap']:
        assert results[1]['account']['maxJobs'] == changed_cap['max_jobs']
    assert_no_secret(run)


def _invalid_steps(name):
    case = SERVICES[name]
    extra = {'max_jobs': case['cap'][0]} if case['cap'] else {}
    steps = [
        (dict(id='', secret='main', **extra), '%s must not be empty' % case['id_key']),
        (dict(id='..', state='absent'), "%s must not be '..'" % case['id_key']),
        (dict(id='bad\nid@example.com', secret='main', **extra), '%s must not contain control characters' % case['id_key']),
    ]
    if case['cap']:
        steps.append((dict(id=case['id'], secret='main', max_jobs=0), 'max_jobs must be'))
        if name != 'tempolor':
            steps.append((dict(id=case['id'], secret='main', max_jobs=1000), 'max_jobs must be between 1 and'))
    if case['id_key'] == 'email':
        steps.append((dict(id='no-at-sign', secret='main', **extra), 'email must be an email address'))
    if name == 'dreamina':
        steps.append((dict(id='render@example.com', secret='main'), 'account must be REGION:email'))
    if name == 'flowmusic':
        steps.append((dict(id=case['id'], secret='short'), 'refresh_token must be at least 10 characters'))
    if name == 'tempolor':
        steps.append((dict(id=case['id'], secret='empty'), 'request_params must be a non-empty object'))
    return steps


@pytest.mark.parametrize('name', list(SERVICES))
def test_invalid_input_sends_no_request(name, playbook, start):
    server = start(name)
    cases = _invalid_steps(name)
    secrets = dict(SECRETS[name], short={'refresh_token': CANARY[:5]}, empty={'request_params': {}})
    run, results = steps_run(playbook, server, name, [step for step, dummy in cases], secrets=secrets)
    for (step, message), result in zip(cases, results):
        assert result.get('failed') is True and message in result['msg'], (step, result)
        assert result.get('changed') is False
    assert len(results) == len(cases)
    assert server.requests == [], [request.to_dict() for request in server.requests]
    assert_no_secret(run)


@pytest.mark.parametrize('name', NEW_MODULES)
def test_the_api_errors_come_through_without_secrets(name, playbook, start):
    case = SERVICES[name]
    server = start(name)
    server.add_fault('status', method='POST', status=400,
                     body={'error': 'Parameter is invalid: %s' % case['received'](SECRETS[name]['main']), 'code': 400})
    server.subscription = False
    step = dict(id=case['id'], secret='main', **({'max_jobs': case['cap'][0]} if case['cap'] else {}))
    steps = [step, step, dict(step, wrong_token=True)]
    run, results = steps_run(playbook, server, name, steps)
    messages = [result.get('msg', '') for result in results]
    assert all(result.get('failed') is True for result in results), messages
    assert 'HTTP 400' in messages[0] and 'Parameter is invalid' in messages[0], messages[0]
    assert results[0]['status'] == 400 and results[0]['method'] == 'POST'
    assert 'HTTP 402' in messages[1] and 'Subscription required' in messages[1], messages[1]
    assert 'The API token was rejected (HTTP 401' in messages[2], messages[2]
    assert 'WRONG-TOKEN' not in run.output
    assert case['id'] not in (server.config(name) or {})
    assert_no_secret(run)


def test_dreamina_rejects_an_unknown_region_with_its_own_400(playbook, start):
    server = start('dreamina')
    run, results = steps_run(playbook, server, 'dreamina', [dict(id='XX:render@example.com', secret='main')])
    assert results[0]['failed'] is True
    assert 'HTTP 400' in results[0]['msg'] and 'Parameter region must be one of' in results[0]['msg']
    assert [body for dummy, dummy, body in writes(server)][0]['region'] == 'XX'
    assert_no_secret(run)


def test_credentials_of_another_account_are_reported(playbook, start):
    server = start('flowmusic', identities={SECRETS['flowmusic']['main']['refresh_token']: 'someone@example.com'})
    run, results = steps_run(playbook, server, 'flowmusic', [dict(id='music@example.com', secret='main')])
    assert results[0]['failed'] is True
    assert 'saved the refresh token as the account someone@example.com, not music@example.com' in results[0]['msg']
    assert_no_secret(run)


def test_google_flow_cookies_of_another_account_are_reported(playbook, start):
    server = start('google-flow', identities={SECRETS['google-flow']['main']['cookies']: 'someone@example.com'})
    run, results = steps_run(playbook, server, 'google-flow', [dict(id='john.doe@example.com', secret='main')])
    assert results[0]['failed'] is True
    assert 'has no Google Flow account john.doe@example.com afterwards' in results[0]['msg'], results[0]['msg']
    assert_no_secret(run)


def test_the_action_group_covers_the_new_modules(playbook, start, tmp_path):
    server = start('kling', fixture=True)
    book = tmp_path / 'group.yml'
    book.write_text('''
- hosts: localhost
  gather_facts: false
  module_defaults:
    group/useapi.accounts.useapi:
      base_url: "{{ group_base_url }}"
      api_token: "{{ group_api_token }}"
  tasks:
    - useapi.accounts.kling_account:
        email: ana.motion@example.com
        state: absent
      register: removed
    - ansible.builtin.copy:
        content: "{{ {'removed': removed} | to_json }}"
        dest: "{{ out_file }}"
        mode: "0600"
''')
    run = playbook(str(book), token=None, extra_vars=dict(group_base_url=server.base_url, group_api_token=TOKEN))
    assert run.rc == 0, run
    assert run.data['removed']['changed'] is True
    assert 'ana.motion@example.com' not in server.config('kling')


def test_the_repair_guide_playbook_fixes_two_services(playbook, standin, tmp_path):
    ltx = {'user10003': 'marketing.video@example.com', 'user10004': 'intern.pool@example.com',
           'user10005': 'agency.ops@example.com', 'user10006': 'legacy.archive@example.com'}
    cookies = dict((email, 'lt_id=%s; lt_token=%s-%s; lt_refresh_token=%s-r' % (lt_id, CANARY, lt_id, CANARY))
                   for lt_id, email in ltx.items())
    tokens = dict((email, '%s-refresh-%s' % (CANARY, email.split('@', maxsplit=1)[0]))
                  for email in ('lyra.beats@example.com', 'revoked@example.com', 'stuck.refresh@example.com'))
    identities = dict(ltx, **dict((token, email) for email, token in tokens.items()))
    server = standin('accounts_mixed.json', services={'flowmusic': str(FIXTURES / 'flowmusic' / 'mixed.json')},
                     identities=identities)
    credentials = tmp_path / 'credentials.yml'
    credentials.write_text(json.dumps({'vault_ltx_cookies': cookies, 'vault_flowmusic_tokens': tokens}))
    run = playbook('repair_services.yml', extra_vars=dict(credentials_file=str(credentials)),
                   env={'USEAPI_BASE_URL': server.base_url})
    assert run.rc == 0, run
    assert 'accounts check (LTX Studio, Flow Music) passed' in run.stdout, run
    assert sorted(server.received('ltxstudio')) == sorted(cookies)
    # Only the flagged Flow Music accounts get their token again; the healthy one is left alone.
    assert sorted(server.received('flowmusic')) == ['revoked@example.com', 'stuck.refresh@example.com']
    assert 'error' not in server.config('flowmusic')['revoked@example.com']
    assert CANARY not in run.output
    assert 'DEPRECATION WARNING' not in run.output, run
