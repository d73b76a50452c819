# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The read of several services at once (read_services), in-process against the loopback stand-in:
what it returns, what it raises, and what it records with record_failures (the role's way)."""

from __future__ import annotations

import pytest

from helpers import FIXTURES, TOKEN
from standin import StandIn

from ansible_collections.useapi.accounts.plugins.module_utils._connection import ServicesError, read_services
from ansible_collections.useapi.accounts.plugins.module_utils._errors import ApiError, ConfigurationError

NOW = '2026-11-25T12:00:00Z'
SERVICES = ['ltxstudio', 'kling']


@pytest.fixture
def server():
    with StandIn(services=dict((name, str(FIXTURES / name / 'healthy.json')) for name in SERVICES), token=TOKEN,
                 now=NOW) as running:
        yield running


def params(server, **extra):
    values = dict(api_token=TOKEN, api_url=None, base_url=server.base_url, timeout=5.0, validate_certs=True,
                  ca_path=None, retries=0, retry_max_time=10.0)
    values.update(extra)
    return values


def test_every_read_gives_its_facts_its_read_time_and_id_and_no_failure(server):
    facts, counts = read_services(params(server), SERVICES, subscription=True)
    assert set(counts) == set(SERVICES) and all(counts.values())
    assert facts['useapi_read_failures'] == {}
    for name in SERVICES:
        assert len(facts['%s_accounts' % name]) == counts[name]
        assert facts['%s_accounts_read_at' % name].endswith('Z') and facts['%s_accounts_read_id' % name] is None
    assert facts['useapi_subscription']['active'] is True


def test_without_record_failures_a_failed_read_raises_naming_every_failure(server):
    server.add_fault('status', status=500, times=None, path='/v1/kling/')
    with pytest.raises(ServicesError) as caught:
        read_services(params(server), SERVICES)
    assert str(caught.value).startswith('1 of the reads failed:\n- Kling: GET ')
    assert list(caught.value.as_dict()['failed_services']) == ['kling']
    server.add_fault('status', status=500, times=None, path='/v1/ltxstudio/')
    with pytest.raises(ApiError, match='HTTP 500'):
        read_services(params(server), ['ltxstudio'])


def test_with_record_failures_the_reads_that_worked_are_facts_and_the_others_are_recorded(server):
    server.add_fault('status', status=503, times=None, path='/v1/kling/')
    server.add_fault('status', status=500, times=None, path='/v2/account')
    facts, counts = read_services(params(server), SERVICES, subscription=True, record_failures=True)
    assert list(counts) == ['ltxstudio'] and 'kling_accounts' not in facts and 'useapi_subscription' not in facts
    failures = facts['useapi_read_failures']
    assert sorted(failures) == ['kling', 'subscription']
    assert failures['kling']['status'] == 503 and 'failed with HTTP 503' in failures['kling']['msg']
    assert failures['subscription']['status'] == 500 and failures['kling']['read_at'].endswith('Z')
    assert TOKEN not in repr(facts)


def test_with_record_failures_an_option_error_fails_every_read_before_any_request(server):
    facts, counts = read_services(params(server, api_url=server.service_url('kling')), SERVICES, subscription=True,
                                  record_failures=True)
    assert counts == {} and sorted(facts['useapi_read_failures']) == ['kling', 'ltxstudio', 'subscription']
    assert 'api_url is the root of one service' in facts['useapi_read_failures']['kling']['msg']
    facts, dummy = read_services(params(server, api_token=''), ['kling'], record_failures=True)
    assert facts['useapi_read_failures']['kling']['msg'].startswith('No API token') and \
        facts['useapi_read_failures']['kling']['status'] is None
    assert server.requests == [], 'no request before the options were checked'
    with pytest.raises(ConfigurationError):
        read_services(params(server, api_token=''), ['kling'])


def test_a_read_of_one_account_records_its_id(server):
    facts, counts = read_services(params(server), ['kling'], account_id='nobody@example.com')
    assert counts == {'kling': 0} and facts['kling_accounts_read_id'] == 'nobody@example.com'
