# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The shared write logic of the <service>_account modules, with the real client over a scripted transport.

Every service goes through the same code; these tests pin, per service, what is validated before any
request, which call is made with which body, how answers are checked, and that no secret reaches a
message, a diff or a returned account.
"""

from __future__ import annotations

import importlib
import json

import pytest
import yaml

from ansible_collections.useapi.accounts.plugins.module_utils._client import UseapiClient
from ansible_collections.useapi.accounts.plugins.module_utils._argspec import connection_argument_spec
from ansible_collections.useapi.accounts.plugins.module_utils._cookie import MASK
from ansible_collections.useapi.accounts.plugins.module_utils._errors import ApiError, ConfigurationError, UseapiError
from ansible_collections.useapi.accounts.plugins.module_utils._http import Response
from ansible_collections.useapi.accounts.plugins.module_utils._services import SERVICE_NAMES, SERVICES
from ansible_collections.useapi.accounts.plugins.module_utils._write import (
    argument_spec,
    check_id,
    diff_view,
    ensure,
    module_kwargs,
    needed_changes,
    plan_call,
    request_of,
    secret_texts,
    validate,
)

TOKEN = 'user:1-APITOKEN-CANARY'
CANARY = 'CANARY-s3cr3t-0042'
BASE = 'https://api.example.test'

# Per service: the id, and credentials that each carry the canary.
CASES = {
    'ltxstudio': ('render@example.com', dict(cookie='lt_id=user7; lt_token=%s-a; lt_refresh_token=%s-b' % (CANARY, CANARY))),
    'kling': ('video@example.com', dict(password=CANARY)),
    'minimax': ('123456', dict(url='https://hailuoai.video/?device_id=%s' % CANARY, token=CANARY + '-token')),
    'runwayml': ('runway@example.com', dict(password=CANARY)),
    'pixverse': ('pix@example.com', dict(password=CANARY)),
    'google-flow': ('john.doe@example.com', dict(cookies='SID\t%s\t.google.com\t/\n' % CANARY)),
    'flowmusic': ('music@example.com', dict(refresh_token=CANARY + '-refresh')),
    'dreamina': ('US:render@example.com', dict(password=CANARY)),
    'mureka': ('64532357578753', dict(session_cookie={'value': 'g.a0-%s' % CANARY, 'expires': '2027-02-23T04:38:16Z'})),
    'tempolor': ('123456789', dict(request_params={'token': CANARY, 'uid': 'x-%s' % CANARY})),
}
CAP = dict((name, SERVICES[name]['concurrency']) for name in SERVICE_NAMES)


def params(name, **overrides):
    """Module parameters as AnsibleModule would give them (defaults filled in)."""
    account_id, credentials = CASES[name]
    spec = argument_spec(name)
    value = dict((key, option.get('default')) for key, option in spec.items())
    value.update(api_token=TOKEN, base_url=BASE, timeout=30.0, validate_certs=True, retries=0, retry_max_time=10.0)
    value[SERVICES[name]['id_key']] = account_id
    value.update(credentials)
    if CAP[name]:
        value['max_jobs'] = 3
    value.update(overrides)
    return value


def answer(status, body=None):
    if body is None:
        return Response(status, {}, b'', None)
    return Response(status, {'content-type': 'application/json'}, json.dumps(body).encode(), None)


NOT_FOUND = answer(404, {'error': 'Account configuration not found for this account', 'code': 404})


class Api(object):
    """A transport that plays answers in order and records every request (the decoded JSON body too)."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.calls = []

    def __call__(self, method, url, headers, body, timeout, validate_certs, ca_path):
        self.calls.append(dict(method=method, path=url[len(BASE):], body=json.loads(body) if body else None,
                               raw=body or b''))
        return self.answers.pop(0)

    def client(self, name):
        return UseapiClient(BASE + SERVICES[name]['root'], TOKEN, transport=self, retries=0, service_name=name)

    def writes(self):
        return [(call['method'], call['path']) for call in self.calls if call['method'] != 'GET']


def run(name, api, check_mode=False, diff=True, **overrides):
    return ensure(name, params(name, **overrides), check_mode=check_mode, diff=diff, client=api.client(name))


def record(name, **extra):
    """A stored account of the service, as the API would return it (with the cap at 3)."""
    entry = SERVICES[name]
    account_id = CASES[name][0]
    value = {entry['id_key']: account_id}
    if entry['concurrency']:
        value[entry['concurrency'][0]] = 3
    if name == 'ltxstudio':
        value['cookie'] = {'lt_id': 'user7', 'lt_token': MASK, 'lt_refresh_token': MASK}
    if name == 'google-flow':
        del value['email']  # its records do not name the email
        value['health'] = 'OK'
    value.update(extra)
    return value


def current_read(name, stored):
    """The answer(s) to the module's first read: the list for services that read the list."""
    if SERVICES[name]['create']['read'] == 'list':
        return answer(200, {CASES[name][0]: stored}) if stored else NOT_FOUND
    return answer(200, stored) if stored else NOT_FOUND


def post_answer(name, stored):
    if SERVICES[name]['create']['answer'] == 'keyed':
        return answer(200, {CASES[name][0]: stored})
    return answer(201, stored)


# -- validation before any request --------------------------------------------------------------


@pytest.mark.parametrize('name', SERVICE_NAMES)
@pytest.mark.parametrize('bad_id, message', [
    ('', 'must not be empty'),
    ('   ', 'must not be empty'),
    ('.', "must not be '.'"),
    ('..', "must not be '..'"),
    ('a@b.c\nx', 'must not contain control characters'),
    ('a@b.c\x7f', 'must not contain control characters'),
])
def test_bad_ids_fail_before_any_request(name, bad_id, message):
    api = Api()
    id_key = SERVICES[name]['id_key']
    with pytest.raises(ConfigurationError, match=id_key + ' ' + message.replace('.', r'\.').replace('(', r'\(')):
        run(name, api, **{id_key: bad_id})
    with pytest.raises(ConfigurationError):
        run(name, api, state='absent', **{id_key: bad_id})
    assert api.calls == []


@pytest.mark.parametrize('name, value, ok', [
    ('kling', 'no-at-sign', False), ('kling', 'a@b', True), ('kling', ' a@b ', True), ('kling', 'a b@c', False),
    ('dreamina', 'user@example.com', False), ('dreamina', 'us:user@example.com', False),
    ('dreamina', 'US:user', False), ('dreamina', 'US:user@example.com', True), ('dreamina', 'CA:u@example.com', True),
    ('minimax', '123456', True), ('tempolor', 'user_id1', True), ('mureka', ' 64532357578753 ', True),
])
def test_id_formats(name, value, ok):
    if ok:
        assert check_id(name, value) == value.strip()
    else:
        with pytest.raises(ConfigurationError, match='must be'):
            check_id(name, value)


@pytest.mark.parametrize('name', [name for name in SERVICE_NAMES if CAP[name]])
def test_max_jobs_range_comes_from_the_registry(name):
    dummy, low, high = CAP[name]
    api = Api()
    with pytest.raises(ConfigurationError, match='max_jobs must be .*got %d' % (low - 1)):
        run(name, api, max_jobs=low - 1)
    if high is not None:
        with pytest.raises(ConfigurationError, match='max_jobs must be between %d and %d, got %d' % (low, high, high + 1)):
            run(name, api, max_jobs=high + 1)
    assert api.calls == []
    assert validate(name, params(name, max_jobs=low)) == CASES[name][0]
    if high is not None:
        assert validate(name, params(name, max_jobs=high)) == CASES[name][0]


@pytest.mark.parametrize('name, overrides, message', [
    ('kling', dict(password=''), 'password is required with state=present'),
    ('kling', dict(password='   '), 'password is required with state=present'),
    ('kling', dict(max_jobs=None), 'max_jobs is required with state=present'),
    ('minimax', dict(url=None), 'url is required with state=present'),
    ('flowmusic', dict(refresh_token='short'), 'refresh_token must be at least 10 characters'),
    ('tempolor', dict(request_params={}), 'request_params must be a non-empty object'),
    ('tempolor', dict(request_params=None), 'request_params must be a non-empty object'),
    ('mureka', dict(session_cookie={'expires': 'x'}), 'session_cookie given as an object needs a non-empty "value"'),
    ('mureka', dict(session_cookie=''), 'session_cookie is required with state=present'),
    ('ltxstudio', dict(cookie='lt_id=u; lt_token=%s' % CANARY),
     'cookie lacks the field lt_refresh_token; it needs lt_id, lt_token and lt_refresh_token'),
    ('ltxstudio', dict(cookie=CANARY), 'cookie lacks the fields lt_id, lt_token, lt_refresh_token'),
])
def test_bad_credentials_fail_before_any_request_and_are_never_quoted(name, overrides, message):
    api = Api()
    with pytest.raises(ConfigurationError) as caught:
        run(name, api, **overrides)
    assert str(caught.value).startswith(message)
    assert CANARY not in str(caught.value)
    assert api.calls == []


@pytest.mark.parametrize('name', SERVICE_NAMES)
def test_absent_needs_no_credentials(name):
    blank = dict((credential['option'], None) for credential in SERVICES[name]['create']['credentials'])
    assert validate(name, params(name, state='absent', max_jobs=None, **blank)) == CASES[name][0]


# -- the module's options -----------------------------------------------------------------------


@pytest.mark.parametrize('name', SERVICE_NAMES)
def test_every_credential_option_is_no_log_and_required_with_present(name):
    create = SERVICES[name]['create']
    spec = argument_spec(name)
    options = [credential['option'] for credential in create['credentials']]
    assert options and all(spec[option]['no_log'] is True for option in options)
    assert spec[create['update_option']]['no_log'] is False
    assert spec[create['update_option']]['choices'] == ['always', 'on_create']
    assert ('max_jobs' in spec) == bool(CAP[name])
    assert spec[SERVICES[name]['id_key']] == dict(type='str', required=True)
    required = module_kwargs(name)['required_if'][0][2]
    assert set(options) <= set(required)
    assert ('max_jobs' in required) == (create['max_jobs'] == 'required')


def _doc_options(text):
    return set((yaml.safe_load(text) or {}).get('options') or {})


@pytest.mark.parametrize('name', SERVICE_NAMES)
def test_the_module_documents_exactly_its_options(name):
    """Docs and argument spec must not drift apart; sanity does not compare fragments' options."""
    module = importlib.import_module('ansible_collections.useapi.accounts.plugins.modules.%s_account'
                                     % name.replace('-', '_'))
    assert module.SERVICE == name
    documented = _doc_options(module.DOCUMENTATION)
    documentation = yaml.safe_load(module.DOCUMENTATION)
    fragments = documentation['extends_documentation_fragment']
    documented |= set(connection_argument_spec())
    if 'useapi.accounts.account' in fragments:
        from ansible_collections.useapi.accounts.plugins.doc_fragments.account import ModuleDocFragment
        documented |= _doc_options(ModuleDocFragment.DOCUMENTATION)
        assert 'useapi.accounts.connection.actiongroup_useapi' in fragments
        assert documentation['version_added'] == '2.0.0'
    assert documented == set(argument_spec(name))
    for option, spec in argument_spec(name).items():
        if option in documentation['options']:
            assert documentation['options'][option]['type'] == spec['type'], option
            assert documentation['options'][option].get('default') == spec.get('default'), option


def test_every_service_that_documents_create_and_delete_has_its_module():
    for name in SERVICE_NAMES:
        if SERVICES[name].get('create') and SERVICES[name].get('delete'):
            module = importlib.import_module('ansible_collections.useapi.accounts.plugins.modules.%s_account'
                                             % name.replace('-', '_'))
            assert module.SERVICE == name


# -- the calls ----------------------------------------------------------------------------------

EXPECTED_CREATE = {
    'ltxstudio': ('/v1/ltxstudio/accounts', lambda p: dict(cookie=p['cookie'], maxJobs=5)),
    'kling': ('/v1/kling/accounts', lambda p: dict(email='video@example.com', password=CANARY, maxJobs=5)),
    'minimax': ('/v1/minimax/accounts', lambda p: dict(url=p['url'], token=p['token'], maxJobs=5)),
    'runwayml': ('/v1/runwayml/accounts/runway@example.com',
                 lambda p: dict(email='runway@example.com', password=CANARY, maxJobs=5)),
    'pixverse': ('/v2/pixverse/accounts/pix@example.com', lambda p: dict(email='pix@example.com', password=CANARY, maxJobs=5)),
    'google-flow': ('/v1/google-flow/accounts', lambda p: dict(cookies=p['cookies'])),
    'flowmusic': ('/v1/flowmusic/accounts', lambda p: dict(refresh_token=p['refresh_token'], maxJobs=5)),
    'dreamina': ('/v1/dreamina/accounts', lambda p: dict(email='render@example.com', region='US', password=CANARY, maxJobs=5)),
    'mureka': ('/v1/mureka/accounts', lambda p: dict(sessionCookie=p['session_cookie'])),
    'tempolor': ('/v1/tempolor/accounts', lambda p: dict(requestParams=p['request_params'], maxJobs=5)),
}


@pytest.mark.parametrize('name', SERVICE_NAMES)
def test_create_sends_the_documented_body_and_returns_the_masked_account(name):
    stored = record(name, maxJobs=5) if CAP[name] else record(name)
    answers = [current_read(name, None), post_answer(name, dict(stored, **_echo(name)))]
    if name == 'google-flow':
        answers.append(answer(200, stored))  # read back: the POST's answer names no email
    api = Api(*answers)
    result = run(name, api, max_jobs=5) if CAP[name] else run(name, api)
    path, body = EXPECTED_CREATE[name]
    post = [call for call in api.calls if call['method'] == 'POST']
    assert [(call['path'], call['body']) for call in post] == [(path, body(params(name)))]
    assert result['changed'] is True and result['previous'] == {}
    assert result['account'][SERVICES[name]['id_key']] == CASES[name][0]
    assert CANARY not in json.dumps(result)
    if CAP[name]:
        assert result['account'][CAP[name][0]] == 5
        assert result['diff']['after'][CAP[name][0]] == 5
    assert result['diff']['before'] == {}


def _echo(name):
    """A careless API that echoes the credentials: the module must mask them all the same."""
    return dict((credential['field'], params(name)[credential['option']])
                for credential in SERVICES[name]['create']['credentials'])


@pytest.mark.parametrize('name', SERVICE_NAMES)
def test_a_second_identical_run_sends_nothing(name):
    api = Api(current_read(name, record(name)))
    result = run(name, api)
    assert result['changed'] is False and api.writes() == []
    assert result['account'] == result['previous'] and result['diff']['before'] == result['diff']['after']


@pytest.mark.parametrize('name', SERVICE_NAMES)
def test_update_credentials_always_resends_them(name):
    stored = record(name)
    answers = [current_read(name, stored), post_answer(name, stored)]
    if name == 'google-flow':
        answers.append(answer(200, stored))
    api = Api(*answers)
    option = SERVICES[name]['create']['update_option']
    result = run(name, api, **{option: 'always'})
    assert result['changed'] is True
    post = [call for call in api.calls if call['method'] == 'POST']
    assert len(post) == 1
    for credential in SERVICES[name]['create']['credentials']:
        assert post[0]['body'][credential['field']] == params(name)[credential['option']]


@pytest.mark.parametrize('name', [name for name in SERVICE_NAMES if CAP[name]])
def test_a_new_cap_uses_the_update_only_call_where_one_exists_else_resends_credentials(name):
    stored = record(name)
    api = Api(current_read(name, stored), post_answer(name, dict(stored, maxJobs=2)))
    result = run(name, api, max_jobs=2)
    assert result['changed'] is True and result['account']['maxJobs'] == 2
    assert result['diff']['before']['maxJobs'] == 3 and result['diff']['after']['maxJobs'] == 2
    post = [call for call in api.calls if call['method'] == 'POST']
    assert len(post) == 1
    if SERVICES[name]['create']['update_only']:
        assert post[0]['body'] == {'email': CASES[name][0], 'maxJobs': 2}
        assert CANARY.encode() not in post[0]['raw']
    else:
        assert post[0]['body']['maxJobs'] == 2
        assert CANARY.encode() in post[0]['raw']


def test_plan_call_only_for_a_cap_change_of_an_existing_account():
    stored = record('flowmusic')
    assert plan_call('flowmusic', {}, params('flowmusic', max_jobs=2)) == 'create'
    assert plan_call('flowmusic', stored, params('flowmusic', max_jobs=2)) == 'update_only'
    assert plan_call('flowmusic', stored, params('flowmusic', max_jobs=2, update_credentials='always')) == 'create'
    assert plan_call('kling', record('kling'), params('kling', max_jobs=2)) == 'create'


@pytest.mark.parametrize('name', [name for name in SERVICE_NAMES if SERVICES[name]['create']['max_jobs'] == 'optional'])
def test_an_omitted_cap_is_not_compared_and_is_kept_when_credentials_are_resent(name):
    stored = record(name, maxJobs=7)
    assert needed_changes(name, stored, params(name, max_jobs=None)) == []
    api = Api(current_read(name, stored), post_answer(name, stored))
    option = SERVICES[name]['create']['update_option']
    run(name, api, max_jobs=None, **{option: 'always'})
    assert [call['body'].get('maxJobs') for call in api.calls if call['method'] == 'POST'] == [7]


def test_ltx_idempotence_compares_max_jobs_and_lt_id_as_before():
    current = record('ltxstudio', maxJobs=20)
    cookie = 'lt_id=user7; lt_token=a; lt_refresh_token=b'
    assert needed_changes('ltxstudio', {}, params('ltxstudio')) == ['the account does not exist']
    assert needed_changes('ltxstudio', current, params('ltxstudio', cookie=cookie, max_jobs=20)) == []
    assert needed_changes('ltxstudio', current, params('ltxstudio', cookie=cookie, max_jobs=5)) == ['maxJobs 20 -> 5']
    assert needed_changes('ltxstudio', current, params('ltxstudio', cookie=cookie.replace('user7', 'user8'),
                                                       max_jobs=20)) == ['the cookie is for another lt_id']
    assert needed_changes('ltxstudio', current, params('ltxstudio', cookie=cookie, max_jobs=20,
                                                       update_cookie='always')) == ['update_cookie=always']


@pytest.mark.parametrize('name', [name for name in SERVICE_NAMES if not SERVICES[name]['create']['id_fields']])
def test_credentials_saved_under_another_account_fail_and_say_so(name):
    other = dict(record(name), **{SERVICES[name]['id_key']: 'other-999@example.com'})
    answers = [current_read(name, None), post_answer(name, other)]
    if SERVICES[name]['create']['answer'] == 'keyed':
        answers[1] = answer(200, {'other-999@example.com': other})
    if name == 'google-flow':
        # Its answer names no email; the read-back of the email asked for finds nothing.
        answers[1:] = [answer(201, record(name)), NOT_FOUND]
    api = Api(*answers)
    with pytest.raises(UseapiError) as caught:
        run(name, api)
    message = str(caught.value)
    noun = SERVICES[name]['create']['credentials'][0]['option'].replace('_', ' ')
    if name == 'google-flow':
        assert 'accepted the cookies (HTTP 201) but has no Google Flow account john.doe@example.com afterwards' in message
    else:
        assert 'The API saved the %s as the account other-999@example.com, not %s' % (noun, CASES[name][0]) in message
    assert CANARY not in message


def test_an_undocumented_success_status_is_an_error():
    api = Api(NOT_FOUND, answer(202, record('kling')))
    with pytest.raises(ApiError, match='answered HTTP 202, which the Kling documentation does not list'):
        run('kling', api)


def test_a_post_answer_that_echoes_a_secret_in_an_error_is_masked():
    api = Api(NOT_FOUND, answer(400, {'error': 'Account does not exist or password %s is incorrect' % CANARY}))
    with pytest.raises(ApiError) as caught:
        run('kling', api)
    assert 'HTTP 400' in str(caught.value) and CANARY not in str(caught.value)
    assert CANARY not in str(caught.value.as_dict())


# -- delete -------------------------------------------------------------------------------------


@pytest.mark.parametrize('name', SERVICE_NAMES)
@pytest.mark.parametrize('delete_answer, changed', [
    (answer(204), True),
    (answer(200, {'account': 'x', 'deleted': True, 'remaining': 0}), True),
    (NOT_FOUND, False),
])
def test_delete_accepts_204_200_and_an_already_absent_404(name, delete_answer, changed):
    api = Api(current_read(name, record(name)), delete_answer)
    result = run(name, api, state='absent')
    assert result['changed'] is changed and result['account'] == {}
    assert api.writes()[0][0] == 'DELETE'
    assert api.writes()[0][1].endswith('/accounts/' + CASES[name][0].replace(':', '%3A'))
    assert result['diff']['after'] == {}


@pytest.mark.parametrize('name', SERVICE_NAMES)
def test_delete_of_an_absent_account_sends_nothing(name):
    api = Api(current_read(name, None))
    result = run(name, api, state='absent')
    assert result['changed'] is False and api.writes() == []


def test_delete_answered_deleted_false_is_an_error():
    api = Api(current_read('dreamina', record('dreamina')), answer(200, {'deleted': False}))
    with pytest.raises(ApiError, match='"deleted": false'):
        run('dreamina', api, state='absent')


# -- check mode, diff, masking ------------------------------------------------------------------


@pytest.mark.parametrize('name', SERVICE_NAMES)
@pytest.mark.parametrize('state', ['present', 'absent'])
def test_check_mode_reads_only(name, state):
    stored = record(name)
    api = Api(current_read(name, stored if state == 'absent' else None))
    result = run(name, api, check_mode=True, state=state, max_jobs=4 if CAP[name] else None)
    assert result['changed'] is True and api.writes() == []
    assert [call['method'] for call in api.calls] == ['GET']
    if state == 'present':
        assert result['account'][SERVICES[name]['id_key']] == CASES[name][0]
        if CAP[name]:
            assert result['diff']['after'][CAP[name][0]] == 4
    assert CANARY not in json.dumps(result)


def test_check_mode_plans_the_ltx_cookie_lt_id():
    api = Api(NOT_FOUND)
    result = run('ltxstudio', api, check_mode=True)
    assert result['account']['cookie'] == {'lt_id': 'user7'}
    assert result['diff']['after'] == {'email': 'render@example.com', 'maxJobs': 3, 'lt_id': 'user7'}


def _put(holder, steps, leaf):
    step = steps[0]
    if step.endswith('[]'):
        items = holder.setdefault(step[:-2], [{'name': 'SID'}])
        for index, item in enumerate(items):
            if len(steps) == 1:
                items[index] = leaf
            else:
                _put(item, steps[1:], leaf)
    elif len(steps) == 1:
        holder[step] = leaf
    else:
        _put(holder.setdefault(step, {}), steps[1:], leaf)


def _with_canaries(name):
    """A record with the canary in every secret path the registry names."""
    value = record(name, error='Session refresh failed')
    leaves = dict(cookie='lt_id=user7; lt_token=%s' % CANARY, values={'token': CANARY}, value=CANARY)
    for path, how in SERVICES[name]['secrets']:
        _put(value, path.split('.'), leaves[how])
    assert CANARY in json.dumps(value)
    return value


@pytest.mark.parametrize('name', SERVICE_NAMES)
def test_the_diff_shows_public_fields_only(name):
    api = Api(current_read(name, _with_canaries(name)))
    result = run(name, api, state='absent', check_mode=True)
    before = result['diff']['before']
    assert CANARY not in json.dumps(result)
    assert MASK not in json.dumps(before)
    assert before[SERVICES[name]['id_key']] == CASES[name][0]
    assert before['error'] == 'Session refresh failed'
    if CAP[name]:
        assert before[CAP[name][0]] == 3


def test_ltx_diff_view_is_the_one_it_always_was():
    account = dict(record('ltxstudio', maxJobs=20), tokenExpireUTC='2026-12-01T00:00:00.000Z', error='x',
                   password='never')
    assert diff_view('ltxstudio', account) == {'email': 'render@example.com', 'maxJobs': 20, 'lt_id': 'user7',
                                               'tokenExpireUTC': '2026-12-01T00:00:00.000Z', 'error': 'x'}
    assert diff_view('ltxstudio', {}) == {}


@pytest.mark.parametrize('name, expiry', [
    ('kling', {'session': {'ExpireTimeUTC': '2026-01-01T00:00:00.000Z'}}),
    ('minimax', {'jwt': {'exp_Expire': '2026-01-01T00:00:00.000Z', 'token': CANARY}}),
    ('runwayml', {'jwt': {'exp': 1767225600.0, 'token': CANARY}}),
    ('flowmusic', {'access_token_expires_at': '2026-01-01T00:00:00.000Z', 'access_token': CANARY}),
    ('mureka', {'sessionCookie': {'expires': '2027-01-01T00:00:00.000Z', 'value': CANARY}}),
])
def test_the_diff_shows_the_expiry(name, expiry):
    api = Api(current_read(name, record(name, **expiry)))
    result = run(name, api)
    shown = json.dumps(result['diff']['before'])
    assert ('2026-01-01T00:00:00.000Z' in shown or '1767225600' in shown or '2027-01-01' in shown), shown
    assert CANARY not in json.dumps(result)


def test_secret_texts_split_cookie_rows_and_objects():
    row = 'SID\tg.a0-secret\t.google.com\nHSID\tother-secret'
    texts = secret_texts(row)
    assert row in texts and 'g.a0-secret' in texts and 'other-secret' in texts
    assert set(secret_texts({'a': 'one', 'b': {'c': 'two'}, 'n': 5})) >= {'one', 'two', '5'}
    assert secret_texts(None) == []


# -- the client's generic write -----------------------------------------------------------------


def test_the_secrets_of_an_ltx_cookie_are_every_value_but_lt_id_and_every_bare_part():
    dummy, body, secrets = request_of('ltxstudio', 'create', None, None, dict(
        cookie='lt_id=u1; lt_token=TOKEN-1; lt_refresh_token=REFRESH-2; pasted-raw-token; empty=', max_jobs=None))
    assert body == dict(cookie='lt_id=u1; lt_token=TOKEN-1; lt_refresh_token=REFRESH-2; pasted-raw-token; empty=')
    assert set(['TOKEN-1', 'REFRESH-2', 'pasted-raw-token']) <= set(secrets) and 'u1' not in secrets


def test_send_returns_status_and_object_or_none_for_an_empty_body():
    api = Api(answer(204), answer(201, {'email': 'a@b'}), NOT_FOUND)
    client = api.client('kling')
    assert client.send('DELETE', client.accounts_url('a@b')) == (204, None)
    assert client.send('POST', client.accounts_url(), {'email': 'a@b'}) == (201, {'email': 'a@b'})
    assert client.send('DELETE', client.accounts_url('a@b'), missing_ok=True) == (404, None)
    assert api.calls[1]['body'] == {'email': 'a@b'}
    assert api.calls[0]['path'] == '/v1/kling/accounts/a@b'


@pytest.mark.parametrize('answered, same', [(u'\u212aelvin@x.io', False), ('Kelvin@X.io', True)])
def test_the_answered_id_is_compared_by_the_services_id_rules_never_through_look_alikes(answered, same):
    stored = dict(record('ltxstudio'), email=answered)
    api = Api(NOT_FOUND, answer(200, stored))
    if same:
        assert run('ltxstudio', api, email='kelvin@x.io')['changed'] is True
        return
    with pytest.raises(UseapiError, match=u'saved the cookie as the account \u212aelvin@x.io, not kelvin@x.io'):
        run('ltxstudio', api, email='kelvin@x.io')
