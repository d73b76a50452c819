# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Prometheus and Markdown reports: parsed by a real parser, hostile ids, no secret."""

from __future__ import annotations

import datetime
import json

import pytest
from prometheus_client.parser import text_string_to_metric_families

from ansible_collections.useapi.accounts.plugins.module_utils._accounts import normalize_accounts
from ansible_collections.useapi.accounts.plugins.module_utils._check import PROBLEM_KINDS, evaluate_services
from ansible_collections.useapi.accounts.plugins.module_utils._time import format_iso, parse_iso
from ansible_collections.useapi.accounts.plugins.plugin_utils._reports import (
    render_json,
    render_junit,
    render_markdown,
    render_prometheus,
)

NOW = parse_iso('2026-11-25T12:00:00Z')
CANARY = 'CANARY-report-5ecret'
HOSTILE = 'we"ird\\na|me\nline2 <b>é</b>@example.com'


def at(**delta):
    return format_iso(NOW + datetime.timedelta(**delta))


def mixed():
    configs = {
        'ltxstudio': normalize_accounts({
            'ok@example.com': {'tokenExpireUTC': at(days=30), 'cookie': 'lt_id=u1; lt_token=%s' % CANARY},
            'soon@example.com': {'tokenExpireUTC': at(days=2)},
            HOSTILE: {'tokenExpireUTC': at(days=-1), 'error': 'refresh | failed <again>'},
        }),
        'kling': normalize_accounts({'k@example.com': {'password': CANARY, 'session': {'ExpireTimeUTC': at(days=9)}}},
                                    'kling'),
        'flowmusic': normalize_accounts({'f@example.com': {'refresh_token': CANARY,
                                                           'access_token_expires_at': at(minutes=30)}}, 'flowmusic'),
    }
    return evaluate_services(configs, required={'kling': ['gone@example.com']}, now=NOW)


def families(text):
    return dict((family.name, family) for family in text_string_to_metric_families(text))


def samples(family):
    return dict((tuple(sorted(sample.labels.items())), sample.value) for sample in family.samples)


def test_the_prometheus_report_parses_with_the_expected_series_and_values():
    result = mixed()
    parsed = families(render_prometheus(result))
    assert samples(parsed['useapi_accounts_check_success']) == {(): 0.0}
    assert samples(parsed['useapi_accounts_check_timestamp_seconds']) == {(): NOW.timestamp()}
    assert samples(parsed['useapi_accounts_configured']) == {
        (('service', 'ltxstudio'),): 3.0, (('service', 'kling'),): 1.0, (('service', 'flowmusic'),): 0.0 + 1}
    expiry = samples(parsed['useapi_account_token_expiry_timestamp_seconds'])
    assert expiry[(('account', 'soon@example.com'), ('service', 'ltxstudio'))] == (NOW + datetime.timedelta(days=2)).timestamp()
    assert expiry[(('account', HOSTILE), ('service', 'ltxstudio'))] == (NOW - datetime.timedelta(days=1)).timestamp()
    assert (('account', 'f@example.com'), ('service', 'flowmusic')) not in expiry, 'a refreshed session is no token'
    problems = samples(parsed['useapi_account_problem'])
    assert len(problems) == 6 * len(PROBLEM_KINDS), 'every kind for each of the five accounts checked and the missing one'
    on = sorted(key for key, value in problems.items() if value == 1)
    assert on == sorted([
        (('account', HOSTILE), ('kind', 'error'), ('service', 'ltxstudio')),
        (('account', HOSTILE), ('kind', 'expired'), ('service', 'ltxstudio')),
        (('account', 'soon@example.com'), ('kind', 'expiring'), ('service', 'ltxstudio')),
        (('account', 'gone@example.com'), ('kind', 'missing'), ('service', 'kling')),
    ])
    assert parsed['useapi_account_problem'].type == 'gauge'


@pytest.mark.parametrize('account', ['a"b', 'a\\b', 'a\nb', 'ünï©ødé', '\\"\n', 'x\\n'])
def test_hostile_ids_stay_valid_and_come_back_the_same(account):
    result = evaluate_services({'tempolor': {account: {'error': 'x'}}}, now=NOW)
    parsed = families(render_prometheus(result))
    assert {dict(key)['account'] for key in samples(parsed['useapi_account_problem'])} == {account}


def test_the_markdown_summary_has_the_verdict_a_row_per_problem_and_the_nearest_expiry():
    result = mixed()
    text = render_markdown(result)
    lines = text.splitlines()
    assert lines[0].startswith('## ❌ useapi.net accounts check (LTX Studio, Kling, Flow Music) failed: 4 problems')
    rows = [line for line in lines if line.startswith('| ') and not line.startswith('| service')]
    assert len(rows) == len(result['problems']) == 4
    assert all(row.count(' | ') == 3 for row in rows), 'an escaped | never adds a column'
    assert 'refresh \\| failed &lt;again&gt;' in text
    assert 'we"ird\\\\na\\|me line2 &lt;b&gt;é&lt;/b&gt;@example.com' in text
    assert 'Nearest expiry of a token renewed by hand: LTX Studio' in text
    ok = evaluate_services({'kling': {'k@example.com': {'session': {'ExpireTimeUTC': at(days=20)}}}}, now=NOW)
    good = render_markdown(ok)
    assert good.startswith('## ✅ Kling accounts check passed') and '| service |' not in good
    assert 'Kling k@example.com at %s (in 20.0 days)' % at(days=20) in good


def test_no_report_holds_a_secret():
    result = mixed()
    for render in (render_json, render_junit, render_prometheus, render_markdown):
        assert CANARY not in render(result), render.__name__
    assert CANARY not in json.dumps(result)
