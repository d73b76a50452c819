# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ltxstudio_account through ansible-playbook against the stand-in: create, update, delete, errors."""

from __future__ import annotations

from helpers import TOKEN

MASK = u'\u2026secured\u2026'
EMAIL = 'render@example.com'
SECRET = 'LTTOKEN-CANARY-5f1e'
REFRESH = 'LTREFRESH-CANARY-9a2b'
COOKIE = 'lt_id=user777; lt_token=%s; lt_refresh_token=%s' % (SECRET, REFRESH)


def writes(server):
    return [request for request in server.requests if request.method in ('POST', 'DELETE')]


def no_secret_in(run):
    for canary in (SECRET, REFRESH, TOKEN):
        assert canary not in run.output, canary
        assert canary not in str(run.data), canary


def test_create_then_unchanged_then_update_max_jobs(playbook, standin):
    server = standin(fixture=None, identities={'user777': EMAIL})
    created = playbook('account.yml', url=server.url, diff=True, extra_vars=dict(email=EMAIL, cookie=COOKIE, max_jobs=5))
    assert created.rc == 0, created
    result = created.data['result']
    assert result['changed'] is True and result['previous'] == {}
    assert result['account']['email'] == EMAIL and result['account']['maxJobs'] == 5
    assert result['account']['cookie'] == {'lt_id': 'user777', 'lt_token': MASK, 'lt_refresh_token': MASK}
    assert server.received_cookies[EMAIL] == COOKIE
    assert server.accounts[EMAIL]['maxJobs'] == 5
    assert '+    "maxJobs": 5' in created.stdout or '"maxJobs": 5' in created.stdout
    no_secret_in(created)

    again = playbook('account.yml', url=server.url, extra_vars=dict(email=EMAIL, cookie=COOKIE, max_jobs=5))
    assert again.rc == 0 and again.data['result']['changed'] is False
    assert len(writes(server)) == 1

    updated = playbook('account.yml', url=server.url, diff=True, extra_vars=dict(email=EMAIL, cookie=COOKIE, max_jobs=9))
    assert updated.data['result']['changed'] is True
    assert server.accounts[EMAIL]['maxJobs'] == 9
    assert '-    "maxJobs": 5' in updated.stdout and '+    "maxJobs": 9' in updated.stdout, updated
    no_secret_in(updated)


def test_update_cookie_always_resends_and_on_create_does_not(playbook, standin):
    server = standin(fixture=None, identities={'user777': EMAIL})
    assert playbook('account.yml', url=server.url, extra_vars=dict(email=EMAIL, cookie=COOKIE)).rc == 0
    on_create = playbook('account.yml', url=server.url,
                         extra_vars=dict(email=EMAIL, cookie=COOKIE, update_cookie='on_create'))
    assert on_create.data['result']['changed'] is False
    assert len(writes(server)) == 1
    fresh = COOKIE.replace(SECRET, SECRET + '-fresh')
    always = playbook('account.yml', url=server.url, extra_vars=dict(email=EMAIL, cookie=fresh, update_cookie='always'))
    assert always.data['result']['changed'] is True
    assert len(writes(server)) == 2
    assert server.received_cookies[EMAIL] == fresh
    no_secret_in(always)


def test_check_mode_leaves_the_server_untouched(playbook, standin):
    server = standin(fixture=None, identities={'user777': EMAIL})
    run = playbook('account.yml', url=server.url, check=True, diff=True,
                   extra_vars=dict(email=EMAIL, cookie=COOKIE, max_jobs=3))
    assert run.rc == 0, run
    assert run.data['result']['changed'] is True
    assert writes(server) == [] and server.accounts in (None, {})
    no_secret_in(run)


def test_delete_then_delete_again_is_unchanged(playbook, standin):
    server = standin('accounts_healthy.json')
    email = sorted(server.accounts)[0]
    gone = playbook('account.yml', url=server.url, diff=True, extra_vars=dict(email=email, state='absent'))
    assert gone.rc == 0 and gone.data['result']['changed'] is True, gone
    assert email not in server.accounts
    again = playbook('account.yml', url=server.url, extra_vars=dict(email=email, state='absent'))
    assert again.rc == 0 and again.data['result']['changed'] is False
    assert [request.method for request in writes(server)] == ['DELETE']


def test_delete_in_check_mode_sends_no_delete(playbook, standin):
    server = standin('accounts_healthy.json')
    email = sorted(server.accounts)[0]
    run = playbook('account.yml', url=server.url, check=True, extra_vars=dict(email=email, state='absent'))
    assert run.data['result']['changed'] is True
    assert writes(server) == [] and email in server.accounts


def test_cookie_for_another_account_is_reported(playbook, standin):
    server = standin(fixture=None, identities={'user777': 'someone.else@example.com'})
    run = playbook('account.yml', url=server.url, extra_vars=dict(email=EMAIL, cookie=COOKIE))
    assert run.data['result']['failed'] is True
    assert 'someone.else@example.com, not %s' % EMAIL in run.data['result']['msg']
    no_secret_in(run)


def test_input_is_checked_before_any_request_without_echoing_the_cookie(playbook, standin):
    server = standin(fixture=None)
    bad_range = playbook('account.yml', url=server.url, extra_vars=dict(email=EMAIL, cookie=COOKIE, max_jobs=101))
    assert 'max_jobs must be between 1 and 100, got 101' in bad_range.data['result']['msg']
    partial = 'lt_id=user777; lt_token=%s' % SECRET
    missing = playbook('account.yml', url=server.url, extra_vars=dict(email=EMAIL, cookie=partial))
    assert 'cookie lacks the field lt_refresh_token' in missing.data['result']['msg']
    no_secret_in(missing)
    assert server.requests == []


def test_api_errors_come_through(playbook, standin):
    server = standin(fixture=None, identities={'user777': EMAIL})
    server.add_fault('status', method='POST', status=400,
                     body={'error': 'Missing required cookie fields: lt_token | lt_refresh_token', 'code': 400})
    run = playbook('account.yml', url=server.url, extra_vars=dict(email=EMAIL, cookie=COOKIE))
    assert 'HTTP 400' in run.data['result']['msg'] and 'Missing required cookie fields' in run.data['result']['msg']
    server.subscription = False
    run = playbook('account.yml', url=server.url, extra_vars=dict(email=EMAIL, cookie=COOKIE))
    assert 'HTTP 402' in run.data['result']['msg'] and 'Subscription required' in run.data['result']['msg']
    server.add_fault('status', method='POST', status=596,
                     body={'error': 'Account %s in error state: refresh token rejected' % EMAIL, 'code': 596})
    server.subscription = True
    run = playbook('account.yml', url=server.url, extra_vars=dict(email=EMAIL, cookie=COOKIE))
    assert 'HTTP 596' in run.data['result']['msg'] and 'in error state' in run.data['result']['msg']
    rejected = playbook('account.yml', url=server.url, token='user:1-WRONGCANARY',
                        extra_vars=dict(email=EMAIL, cookie=COOKIE))
    assert 'API token was rejected (HTTP 401' in rejected.data['result']['msg']
    assert 'WRONGCANARY' not in rejected.output
    no_secret_in(run)
    assert EMAIL not in (server.accounts or {})


def test_an_empty_email_is_refused_before_any_request(playbook, standin):
    """Issue 16, item 6: an empty (or blank) email would name /accounts/ itself; refused for either state."""
    server = standin(fixture=None, identities={'user777': EMAIL})
    for email, state in (('', 'present'), ('   ', 'present'), ('', 'absent'), ('  ', 'absent')):
        extra = dict(email=email, state=state, cookie=COOKIE) if state == 'present' else dict(email=email, state=state)
        run = playbook('account.yml', url=server.url, extra_vars=extra)
        result = run.data['result']
        assert result['failed'] is True, (email, state, result)
        assert 'email must not be empty' in result['msg'], result['msg']
        assert result.get('changed') is not True
        no_secret_in(run)
    assert server.requests == []
