# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ltxstudio_accounts_info through ansible-playbook against the stand-in, over real sockets."""

from __future__ import annotations

from helpers import TOKEN

MASK = u'\u2026secured\u2026'
CANARIES = ('RAW-TOKEN-CANARY-1', 'RAW-REFRESH-CANARY-1', 'RAW-SESSION-CANARY-1', TOKEN)


def test_reads_every_account_normalised_and_masked(playbook, standin):
    server = standin('accounts_special.json')
    run = playbook('info.yml', url=server.url)
    assert run.rc == 0, run
    result, fact = run.data['result'], run.data['fact']
    assert result['changed'] is False and result['count'] == 5
    assert fact == result['ansible_facts']['ltxstudio_accounts']
    assert sorted(fact) == sorted(['video+render@example.com', u'zo\u00eb.m\u00fcller@example.com',
                                   'ms.only@example.com', 'utc.only@example.com', 'raw.cookie@example.com'])
    ms_only, utc_only = fact['ms.only@example.com'], fact['utc.only@example.com']
    assert ms_only['tokenExpireUTC'].endswith('Z') and isinstance(ms_only['tokenExpire'], int)
    assert isinstance(utc_only['tokenExpire'], int) and isinstance(utc_only['updated'], int)
    raw = fact['raw.cookie@example.com']
    assert raw['cookie'] == {'lt_id': 'user30005', 'lt_token': MASK, 'lt_refresh_token': MASK, 'lt_session': MASK}
    assert raw['region'] == 'eu'
    for canary in CANARIES:
        assert canary not in run.output
        assert canary not in str(run.data)
    assert [request.bearer_is(TOKEN) for request in server.requests] == [True]
    assert server.requests[0].method == 'GET' and server.requests[0].path == '/v1/ltxstudio/accounts'


def test_one_account_by_email_with_plus_and_non_ascii(playbook, standin):
    server = standin('accounts_special.json')
    for email, path in (('video+render@example.com', '/v1/ltxstudio/accounts/video%2Brender@example.com'),
                        (u'zo\u00eb.m\u00fcller@example.com', '/v1/ltxstudio/accounts/zo%C3%AB.m%C3%BCller@example.com')):
        run = playbook('info.yml', url=server.url, extra_vars=dict(email=email))
        assert run.rc == 0, run
        account = run.data['fact'][email]
        assert account['email'] == email
        assert 'balance' in account and 'latestCreatedAtMs' in account
        assert server.requests[-1].path == path


def test_check_mode_returns_the_same_data(playbook, standin):
    server = standin('accounts_special.json', now='2026-11-25T12:00:00Z')
    normal = playbook('info.yml', url=server.url)
    checked = playbook('info.yml', url=server.url, check=True)
    assert normal.rc == checked.rc == 0
    assert checked.data['fact'] == normal.data['fact']
    assert checked.data['result']['changed'] is False


def test_no_configuration_is_an_empty_dict_not_a_failure(playbook, standin):
    server = standin(fixture=None)
    run = playbook('info.yml', url=server.url)
    assert run.rc == 0, run
    assert run.data['fact'] == {} and run.data['result']['failed'] is False
    one = playbook('info.yml', url=server.url, extra_vars=dict(email='nobody@example.com'))
    assert one.rc == 0 and one.data['fact'] == {}


def test_rejected_token_says_so(playbook, standin):
    server = standin('accounts_special.json')
    run = playbook('info.yml', url=server.url, token='user:1-WRONGCANARY')
    result = run.data['result']
    assert result['failed'] is True and result['status'] == 401
    assert 'API token was rejected (HTTP 401' in result['msg']
    assert 'WRONGCANARY' not in run.output and 'WRONGCANARY' not in str(run.data)
    assert 'Traceback' not in run.output


def test_missing_token_names_both_ways_to_give_it(playbook, standin):
    server = standin('accounts_special.json')
    run = playbook('info.yml', url=server.url, token=None)
    assert run.data['result']['failed'] is True
    assert 'api_token' in run.data['result']['msg'] and 'USEAPI_TOKEN' in run.data['result']['msg']
    assert server.requests == []


def test_non_json_body_names_method_url_status_and_what_came_back(playbook, standin):
    server = standin('accounts_special.json')
    server.add_fault('body', body='<html><body>502 Bad Gateway</body></html>', status=200, content_type='text/html')
    run = playbook('info.yml', url=server.url)
    msg = run.data['result']['msg']
    assert run.data['result']['failed'] is True
    assert msg.startswith('GET %s/accounts returned HTTP 200 with ' % server.url), msg
    assert 'text/html' in msg and 'not JSON' in msg
    assert 'Traceback' not in run.output


def test_json_that_is_not_an_object_fails(playbook, standin):
    server = standin('accounts_special.json')
    server.add_fault('body', body='[1, 2, 3]', status=200, content_type='application/json')
    run = playbook('info.yml', url=server.url)
    assert run.data['result']['failed'] is True
    assert 'a JSON array where a JSON object was expected' in run.data['result']['msg']
