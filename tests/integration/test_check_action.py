# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ltxstudio_check with `accounts` omitted reads the host's fact, and says clearly when it cannot."""

from __future__ import annotations

NOW = '2026-11-25T12:00:00Z'


def test_the_fact_is_used_when_accounts_is_omitted_and_missing_or_wrong_facts_are_named(playbook, standin):
    server = standin('accounts_mixed.json', now=NOW)
    run = playbook('check_fact.yml', url=server.url, extra_vars=dict(check_now=NOW, required=['new.hire@example.com']))
    assert run.rc == 0, run
    data = run.data
    assert data['no_fact']['failed'] is True
    assert data['no_fact']['msg'] == (
        'accounts: not given, and this host has no fact ltxstudio_accounts; run '
        'useapi.accounts.accounts_info with service ltxstudio before this task, or pass the configuration as accounts')
    assert data['wrong_type']['failed'] is True
    assert data['wrong_type']['msg'] == 'my_accounts: the fact ltxstudio_accounts is of type list, not a dict keyed by email'
    # The same verdict either way; the mixed fixture has problems, so an empty verdict would not pass.
    from_fact, explicit = data['from_fact'], data['explicit']
    assert from_fact['ok'] is False and from_fact['summary']['configured'] == len(server.accounts)
    assert [p['kind'] for p in from_fact['problems']].count('missing') == 1
    for key in ('ok', 'msg', 'problems', 'summary', 'now', 'threshold'):
        assert from_fact[key] == explicit[key], key


def test_the_verdict_is_shown_without_verbosity_unless_quiet(playbook, standin):
    server = standin('accounts_mixed.json', now=NOW)
    run = playbook('check_fact.yml', url=server.url, extra_vars=dict(check_now=NOW, required=[]))
    assert run.rc == 0, run
    shown = run.task_output('Check the fact just read')
    assert shown.lstrip().startswith('ok: [localhost] => {'), run
    assert '"msg": "LTX Studio accounts check failed: ' in shown, run
    assert run.data['from_fact']['msg'].startswith('LTX Studio accounts check failed: ')
    quiet = run.task_output('Check quietly')
    assert quiet.strip() == 'ok: [localhost]', run
    # Quiet changes what is shown, not the verdict.
    assert run.data['quiet']['ok'] is False and run.data['quiet']['problems'] == run.data['from_fact']['problems']
