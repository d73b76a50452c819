# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Ids are identities and the documented shapes, through ansible-playbook against the stand-in.

Issue 20 items 4 and 10 (case-different ids, the KELVIN SIGN look-alike, ltxstudio_account's check
of the id it was answered with); issue 21 items 2-4 (Mureka's ages from the read, a Mureka token
with no age, Google Flow's one-character masks, ambiguity, TemPolor's documented 404). The shapes
are useapi.net's published examples: get-mureka-accounts (rev. Dec 2, 2024 and Dec 30, 2024),
get-google-flow-accounts (rev. Dec 1, 2025), get-tempolor-accounts (rev. May 15, 2025).
"""

from __future__ import annotations

import datetime

from helpers import FIXTURES

KELVIN = u'\u212aelvin@x.io'
SENTENCE = 'Returned when no accounts are configured.'


def run_ids(playbook, server, services, **extra):
    run = playbook('ids_shapes.yml', env={'USEAPI_BASE_URL': server.base_url},
                   extra_vars=dict(extra, services=services))
    assert run.rc == 0, run
    assert 'Traceback' not in run.output, run
    return run.data


def kinds(verdict):
    return sorted((problem['service'], problem['id'], problem['kind']) for problem in verdict['problems'])


def iso(instant):
    return instant.astimezone(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%S.') + '%03dZ' % (
        instant.microsecond // 1000)


def test_a_healthy_case_twin_never_hides_the_required_account_in_error(playbook, standin):
    server = standin(fixture=str(FIXTURES / 'ltxstudio' / 'case_twins.json'))
    data = run_ids(playbook, server, ['ltxstudio'], required=['a@b.c'], scope='required')
    checked = data['checked']
    assert checked['ok'] is False, checked['msg']
    assert kinds(checked) == [('ltxstudio', 'a@b.c', 'error'), ('ltxstudio', 'a@b.c', 'expired')]
    assert checked['summary']['checked'] == 2, 'both keys are the required account, each checked'


def test_a_kelvin_sign_look_alike_does_not_satisfy_the_required_id(playbook, standin):
    server = standin(fixture=str(FIXTURES / 'ltxstudio' / 'kelvin_sign.json'))
    data = run_ids(playbook, server, ['ltxstudio'], required=['kelvin@x.io'], scope='required')
    assert data['read'][0]['ansible_facts']['ltxstudio_accounts'].keys() == {KELVIN}
    assert kinds(data['checked']) == [('ltxstudio', 'kelvin@x.io', 'missing')], data['checked']['msg']


def test_ltxstudio_account_refuses_an_answer_for_a_look_alike_account(playbook, standin):
    server = standin(fixture=None, identities={'user777': KELVIN})
    cookie = 'lt_id=user777; lt_token=LTTOKEN-CANARY-k1; lt_refresh_token=LTREFRESH-CANARY-k2'
    run = playbook('account.yml', url=server.url, extra_vars=dict(email='kelvin@x.io', cookie=cookie))
    result = run.data['result']
    assert result['failed'] is True, result
    assert u'The API saved the cookie as the account %s, not kelvin@x.io' % KELVIN in result['msg']
    assert 'CANARY' not in run.output


def test_a_mureka_age_counts_from_the_read_not_from_the_checks_now(playbook, standin):
    server = standin(fixture=None, services={'mureka': str(FIXTURES / 'mureka' / 'legacy_age.json')})
    later = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=60)
    for pass_read_at in (True, False):
        data = run_ids(playbook, server, ['mureka'], check_now=iso(later), explicit_check=True, pass_read_at=pass_read_at)
        checked = data['checked']
        read_at = datetime.datetime.fromisoformat(checked['read_at']['mureka'].replace('Z', '+00:00'))
        expires = iso(read_at + datetime.timedelta(days=29))
        assert kinds(checked) == [('mureka', '987654321', 'expired')], checked['msg']
        reason = checked['problems'][0]['reason']
        assert reason.startswith('the token expired at %s (' % expires), reason
        assert 'tokenIssuedDaysAgo 1 was reported when the configuration was read, at %s' % checked['read_at']['mureka'] \
            in reason
        assert checked['read_at_assumed'] == []
        explicit = data['explicit']
        if pass_read_at:
            assert explicit['problems'] == checked['problems'] and explicit['read_at_assumed'] == []
        else:
            # Passed in accounts without accounts_read_at: the verdict says it assumed the read at now.
            assert explicit['read_at_assumed'] == ['mureka']
            assert kinds(explicit) == [] and '(assumed' not in explicit['msg']


def test_a_mureka_token_with_no_age_and_no_session_cookie_has_an_unknown_expiry(playbook, standin):
    server = standin(fixture=None, services={'mureka': str(FIXTURES / 'mureka' / 'legacy_no_age.json')})
    checked = run_ids(playbook, server, ['mureka'])['checked']
    assert kinds(checked) == [('mureka', '123456789', 'unknown_expiry')], checked['msg']
    assert 'tokenIssuedDaysAgo is missing' in checked['problems'][0]['reason']


def test_google_flow_one_character_masks_match_the_required_email(playbook, standin):
    server = standin(fixture=None, mask_keep=1, services={'google-flow': str(FIXTURES / 'google-flow' / 'one_char_mask.json')})
    data = run_ids(playbook, server, ['google-flow'], required=['alice@gmail.com', 'bob@gmail.com'], scope='required')
    assert set(data['read'][0]['ansible_facts']['google_flow_accounts']) == {'a***@gmail.com', 'b***@gmail.com'}
    checked = data['checked']
    assert checked['ok'] is True, checked['msg']
    assert checked['summary']['checked'] == 2


def test_two_masked_keys_that_could_be_the_account_are_ambiguous(playbook, standin):
    server = standin(fixture=None, mask_keep=1, services={'google-flow': str(FIXTURES / 'google-flow' / 'ambiguous_mask.json')})
    data = run_ids(playbook, server, ['google-flow'], required=['alice@gmail.com'], scope='required')
    checked = data['checked']
    assert checked['ok'] is False
    assert kinds(checked) == [('google-flow', 'alice@gmail.com', 'ambiguous')], checked['msg']
    assert '- ambiguous: alice@gmail.com: required, but 2 configured keys could be this account' in checked['msg']


def test_tempolor_documented_404_sentence_and_an_empty_404_are_an_empty_configuration(playbook, standin):
    server = standin(fixture=None)  # TemPolor has no configuration; the faults answer its list
    path = '/v1/tempolor/accounts'
    server.add_fault('status', method='GET', path=path, status=404, body=SENTENCE)
    server.add_fault('status', method='GET', path=path, status=404, body={'error': SENTENCE})
    server.add_fault('status', method='GET', path=path, status=404, body=b'')
    server.add_fault('status', method='GET', path=path, status=404, body='<html><body>%s</body></html>' % SENTENCE,
                     content_type='text/html; charset=utf-8')
    data = run_ids(playbook, server, ['tempolor'], reads=4)
    text, as_json, empty, html = data['read']
    for read in (text, as_json, empty):
        assert read.get('failed') is not True, read
        assert read['ansible_facts']['tempolor_accounts'] == {}, read
    assert html['failed'] is True
    assert 'HTTP 404' in html['msg'] and 'check api_url' in html['msg'], html['msg']
