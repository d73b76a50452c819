# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Stale facts (issue 16, item 5): with fact caching on, the check never judges an old configuration unseen.

Runs of ansible-playbook share one jsonfile fact cache. A run that reads and checks passes and
reports when it read; a later run that does not read (or whose read fails, ignored) is refused,
saying how old the data is, unless max_age allows that age.
"""

from __future__ import annotations

import time

from helpers import refused_url

NOW = '2026-11-25T12:00:00Z'


def test_cached_facts_are_refused_unless_max_age_allows_them(playbook, standin, tmp_path):
    server = standin('accounts_healthy.json', now=NOW)
    cache = dict(ANSIBLE_CACHE_PLUGIN='jsonfile', ANSIBLE_CACHE_PLUGIN_CONNECTION=str(tmp_path / 'facts'),
                 ANSIBLE_CACHE_PLUGIN_TIMEOUT='86400', ANSIBLE_GATHERING='smart')

    def run(read, **extra):
        variables = dict(dict(api_url=server.url, read=read, check_now=NOW), **extra)
        result = playbook('stale_facts.yml', env=cache, extra_vars=variables)
        assert result.data is not None, result.output
        assert 'Traceback' not in result.output
        return result.data

    started = time.time()
    fresh = run('ok')
    assert fresh.get('failed') is not True, fresh
    assert fresh['ok'] is True and set(fresh['read_at']) == {'ltxstudio'}
    assert 0 <= fresh['age_seconds']['ltxstudio'] < 60
    assert any((tmp_path / 'facts').iterdir()), 'the fact cache was not written'

    time.sleep(2.5)  # the next run must begin clearly after the read
    stale = run('none')
    assert stale['failed'] is True, stale
    assert 'refusing to judge stale data' in stale['msg'], stale['msg']
    assert '- unknown: LTX Studio: refusing to judge stale data: the configuration was read at %s' % \
        fresh['read_at']['ltxstudio'] in stale['msg']
    assert stale['status'] == 'unknown' and stale['unknown'][0]['subject'] == 'ltxstudio'
    assert 'before this run began' in stale['msg'] and 'set max_age' in stale['msg']
    assert 'ok' not in stale or stale['ok'] is not True

    # A read that fails (ignored) leaves the old facts behind: still refused.
    holder, nowhere = refused_url()
    try:
        failed_read = run('failed', api_url=nowhere)
    finally:
        holder.close()
    assert failed_read['failed'] is True and 'before this run began' in failed_read['msg'], failed_read

    # max_age large enough: the age is reported, and the data judged.
    allowed = run('none', max_age='1h')
    assert allowed.get('failed') is not True, allowed
    assert allowed['ok'] is True and allowed['read_at'] == fresh['read_at']
    assert 2.5 <= allowed['age_seconds']['ltxstudio'] <= time.time() - started + 1

    # max_age too small for that age: refused, saying so.
    too_old = run('none', max_age='1s')
    assert too_old['failed'] is True and 'which is more than max_age (1s)' in too_old['msg'], too_old


def test_facts_without_a_read_time_are_refused(playbook, standin, tmp_path):
    """A fact set by other means (set_fact, an older collection) has no read time: fail closed."""
    path = tmp_path / 'no_read_at.yml'
    path.write_text('''
- hosts: localhost
  gather_facts: false
  tasks:
    - ansible.builtin.set_fact:
        ltxstudio_accounts: {}
        cacheable: true
    - useapi.accounts.ltxstudio_check:
        max_age: 100d
      register: checked
      ignore_errors: true
    - ansible.builtin.copy:
        content: "{{ checked | to_json }}"
        dest: "{{ out_file }}"
        mode: "0600"
''')
    result = playbook(str(path))
    assert result.data['failed'] is True, result.data
    assert 'the fact ltxstudio_accounts_read_at is missing or unreadable' in result.data['msg']
