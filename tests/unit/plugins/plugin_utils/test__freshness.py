# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The check's refusal of stale facts (issue 16, item 5), without ansible-playbook: every branch."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from ansible.errors import AnsibleActionFail

from ansible_collections.useapi.accounts.plugins.plugin_utils import _check_action
from ansible_collections.useapi.accounts.plugins.plugin_utils._check_action import freshness, parse_etime, run_started

READ = '2026-12-02T18:00:00.000Z'
READ_EPOCH = 1796234400.0  # READ in epoch seconds


def facts(**extra):
    return {'ansible_facts': dict({'ltxstudio_accounts': {}, 'ltxstudio_accounts_read_at': READ}, **extra)}


def test_the_constant_matches_the_instant():
    from datetime import datetime, timezone
    assert datetime(2026, 12, 2, 18, tzinfo=timezone.utc).timestamp() == READ_EPOCH


def test_read_in_this_run_passes_and_reports_its_age():
    read_at, ages, stale = freshness(facts(), ['ltxstudio'], None, now=READ_EPOCH + 30, run_start=READ_EPOCH - 5)
    assert read_at == {'ltxstudio': READ} and ages == {'ltxstudio': 30.0} and stale == {}


def test_read_before_this_run_is_refused_and_says_so():
    read_at, dummy, stale = freshness(facts(), ['ltxstudio'], None, prefix='accounts_check_', now=READ_EPOCH + 3600,
                                      run_start=READ_EPOCH + 3590)
    assert read_at == {'ltxstudio': READ}, 'the age of what is refused is still reported'
    message = stale['ltxstudio']
    assert message.startswith('refusing to judge stale data: the configuration was read at '
                              '2026-12-02T18:00:00.000Z, 3600 s ago, before this run began (2026-12-02T18:59:50.000Z)')
    assert 'set max_age' in message


def test_max_age_allows_older_data_and_refuses_data_older_than_itself():
    read_at, ages, stale = freshness(facts(), ['ltxstudio'], '2h', now=READ_EPOCH + 3600, run_start=READ_EPOCH + 3590)
    assert ages == {'ltxstudio': 3600.0} and stale == {}
    stale = freshness(facts(), ['ltxstudio'], '30m', now=READ_EPOCH + 3600, run_start=READ_EPOCH + 3590)[2]
    assert stale['ltxstudio'].endswith('3600 s ago, which is more than max_age (30m)')


def test_an_invalid_max_age_names_the_option():
    with pytest.raises(AnsibleActionFail, match='max_age'):
        freshness(facts(), ['ltxstudio'], 'soon', now=READ_EPOCH, run_start=READ_EPOCH)


def test_a_subscription_with_a_read_time_is_judged_like_the_configurations():
    fresh = dict(active=True, read_at=READ)
    read_at, ages, dummy = freshness(facts(), ['ltxstudio'], None, now=READ_EPOCH + 30, run_start=READ_EPOCH - 5,
                                     subscription=fresh)
    assert read_at == {'ltxstudio': READ, 'subscription': READ} and ages == {'ltxstudio': 30.0, 'subscription': 30.0}
    newer = '2026-12-02T18:59:55.000Z'
    stale = freshness(facts(ltxstudio_accounts_read_at=newer), ['ltxstudio'], None, now=READ_EPOCH + 3600,
                      run_start=READ_EPOCH + 3590, subscription=fresh)[2]
    assert stale == {'subscription': 'refusing to judge stale data: the subscription was read at 2026-12-02T18:00:00.000Z, '
                                     '3600 s ago, before this run began (2026-12-02T18:59:50.000Z): it comes from the fact '
                                     'cache or an earlier run, and the read in this run did not happen or failed; read it '
                                     'again, or set max_age to accept data of that age'}, stale
    stale = freshness(facts(), ['ltxstudio'], '1d', now=READ_EPOCH, run_start=READ_EPOCH, subscription=dict(read_at='now'))[2]
    assert stale['subscription'].startswith('refusing to judge stale data: the fact useapi_subscription.read_at is missing '
                                            'or unreadable, so the age of useapi_subscription cannot be told')


def test_a_subscription_without_a_read_time_is_not_judged():
    """subscription_info's registered result: not a fact, so never from a cache."""
    read_at, dummy, stale = freshness(facts(), ['ltxstudio'], None, now=READ_EPOCH + 30, run_start=READ_EPOCH - 5,
                                      subscription=dict(active=True))
    assert stale == {}
    assert read_at == {'ltxstudio': READ}


@pytest.mark.parametrize('value', [None, '', 'yesterday', 17, '2026-12-02T18:00:00'])
def test_a_missing_or_unreadable_read_time_is_refused_even_with_max_age(value):
    given = facts(ltxstudio_accounts_read_at=value)
    stale = freshness(given, ['ltxstudio'], '100d', now=READ_EPOCH, run_start=READ_EPOCH - 10)[2]
    assert 'the fact ltxstudio_accounts_read_at is missing or unreadable' in stale['ltxstudio']


def test_an_unknown_run_start_requires_max_age():
    assert 'cannot tell when this run began; set max_age' in freshness(facts(), ['ltxstudio'], None, now=READ_EPOCH + 1,
                                                                       run_start=None)[2]['ltxstudio']
    assert freshness(facts(), ['ltxstudio'], '1m', now=READ_EPOCH + 1, run_start=None)[1] == {'ltxstudio': 1.0}


@pytest.mark.parametrize('text, seconds', [('00:05', 5), ('21:42', 1302), ('01:00:00', 3600), ('2-03:04:05', 183845)])
def test_ps_elapsed_times(text, seconds):
    assert parse_etime(text) == seconds


@pytest.mark.parametrize('text', ['', '5', 'a:b', '1:2:3:4'])
def test_ps_elapsed_times_that_are_not(text):
    with pytest.raises(ValueError):
        parse_etime(text)


def test_the_run_start_is_the_oldest_ancestor_with_our_command_line():
    """A child with this process's command line (as a forked worker has) finds this process's start."""
    code = ('import sys, json; sys.path[:0] = %r; '
            'from ansible_collections.useapi.accounts.plugins.plugin_utils._check_action import run_started; '
            'print(json.dumps(run_started()))' % (sys.path,))
    child = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, check=True)
    started = float(child.stdout)
    # A different command line: the child itself is the oldest with its own, and it started just now.
    assert time.time() - 30 <= started <= time.time()
    mine = run_started()
    assert mine is not None and mine <= started


@pytest.mark.skipif(not os.path.exists('/proc/self/stat'), reason='Linux /proc only')
def test_proc_and_ps_agree_to_the_second():
    proc = _check_action._proc_start(os.getpid())
    ps = _check_action._ps_start(os.getpid())
    assert abs(proc[0] - ps[0]) <= 2.0 and proc[1] == ps[1]
