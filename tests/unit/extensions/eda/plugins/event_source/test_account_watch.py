# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The account_watch event source: its state machine with an injected reader and clock, its arguments,
its loop with a list-backed queue (the ansible.eda pattern), and one run against the real stand-in."""

from __future__ import annotations

import asyncio
import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ansible_collections.useapi.accounts.extensions.eda.plugins.event_source import account_watch as source
from ansible_collections.useapi.accounts.plugins.module_utils._accounts import normalize_accounts
from ansible_collections.useapi.accounts.plugins.module_utils._errors import CheckInputError, ConfigurationError

UTC = datetime.timezone.utc
START = datetime.datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
TOKEN = 'user:4242-TOKENCANARY-b7e1c0de'
COOKIE_CANARY = 'COOKIECANARY-9f8e7d'
SOURCE = Path(source.__file__)


class ListQueue(object):
    """A queue that keeps what is put on it (ansible.eda's tests use the same)."""

    def __init__(self):
        self.queue = []

    async def put(self, event):
        self.queue.append(event)


class Clock(object):
    def __init__(self, start=START):
        self.now = start

    def __call__(self):
        return self.now

    def advance(self, **delta):
        self.now += datetime.timedelta(**delta)


def ltx(email, expires_in=None, error=None, clock=None):
    """A raw LTX Studio record as the API sends it (with a secret cookie value, a canary)."""
    record = dict(email=email, cookie=dict(lt_id='user1', lt_token=COOKIE_CANARY, lt_refresh_token=COOKIE_CANARY),
                  maxJobs=5)
    if expires_in is not None:
        record['tokenExpireUTC'] = ((clock or START) + expires_in).strftime('%Y-%m-%dT%H:%M:%S.000Z')
    if error:
        record['error'] = error
    return record


class Reader(object):
    """What read_services(record_failures=True) returns, from raw records set by the test."""

    def __init__(self):
        self.raw = {'ltxstudio': {}}
        self.failures = {}
        self.subscription = dict(active=True)
        self.calls = []

    def __call__(self, params, names, subscription):
        self.calls.append((dict(params), list(names), subscription))
        facts = {'useapi_read_failures': dict(self.failures)}
        for name in names:
            if name not in self.failures:
                facts[name.replace('-', '_') + '_accounts'] = normalize_accounts(dict(self.raw.get(name) or {}), name)
        if subscription and 'subscription' not in self.failures:
            facts['useapi_subscription'] = dict(self.subscription)
        return facts


def make(args=None, reader=None, clock=None):
    params, settings = source.options(dict(args or {}), environ={'USEAPI_TOKEN': TOKEN})
    return source.Watch(params, settings, reader=reader or Reader(), clock=clock or Clock())


def kinds(events):
    return [(event['type'], event['id'], event['problems'], event['previous']) for event in events]


DAY = datetime.timedelta(days=1)


def test_initial_snapshot_reports_every_bad_account_once():
    reader, clock = Reader(), Clock()
    reader.raw['ltxstudio'] = {'a@x.com': ltx('a@x.com', 30 * DAY), 'b@x.com': ltx('b@x.com', 3 * DAY),
                               'c@x.com': ltx('c@x.com', -DAY), 'd@x.com': ltx('d@x.com', 30 * DAY, error='blocked')}
    watch = make(reader=reader, clock=clock)
    events = watch.poll()
    assert kinds(events) == [('problem', 'b@x.com', ['expiring'], []), ('problem', 'c@x.com', ['expired'], []),
                             ('problem', 'd@x.com', ['error'], [])]
    first = events[0]
    assert set(first) == {'type', 'service', 'title', 'id', 'problems', 'previous', 'reasons', 'since', 'at'}
    assert first['service'] == 'ltxstudio' and first['title'] == 'LTX Studio'
    assert first['since'] == first['at'] == '2026-03-01T12:00:00.000Z'
    assert 'less than the required 7d' in first['reasons'][0]
    clock.advance(minutes=10)
    assert watch.poll() == []  # nothing changed: no event at all


def test_the_checks_policy_applies_a_waiver_hides_and_a_warning_tier_warns():
    reader, clock = Reader(), Clock()
    reader.raw['ltxstudio'] = {'a@x.com': ltx('a@x.com', 20 * DAY), 'd@x.com': ltx('d@x.com', 40 * DAY, error='blocked')}
    waiver = dict(service='ltxstudio', id='d@x.com', kinds=['error'], until='2026-03-02T12:00:00Z', reason='OPS-1')
    watch = make(dict(warn_validity='30d', waivers=[waiver]), reader=reader, clock=clock)
    assert kinds(watch.poll()) == [('problem', 'a@x.com', ['expiring'], [])], 'a warning is an event, a waived error none'
    clock.advance(days=1)  # the waiver ends: its problem is an event now
    assert kinds(watch.poll()) == [('problem', 'd@x.com', ['error'], [])]
    with pytest.raises(CheckInputError, match='waivers\\[0\\].reason is required'):
        make(dict(waivers=[dict(waiver, reason='')]))


def test_without_initial_the_first_poll_is_the_baseline():
    reader, clock = Reader(), Clock()
    reader.raw['ltxstudio'] = {'c@x.com': ltx('c@x.com', -DAY), 'a@x.com': ltx('a@x.com', 30 * DAY)}
    watch = make(dict(initial=False), reader=reader, clock=clock)
    assert watch.poll() == []
    reader.raw['ltxstudio']['a@x.com'] = ltx('a@x.com', -DAY)
    clock.advance(minutes=10)
    assert kinds(watch.poll()) == [('problem', 'a@x.com', ['expired'], [])]


def test_new_problem_kind_change_and_recovery():
    reader, clock = Reader(), Clock()
    reader.raw['ltxstudio'] = {'a@x.com': ltx('a@x.com', 30 * DAY)}
    watch = make(reader=reader, clock=clock)
    assert watch.poll() == []
    reader.raw['ltxstudio']['a@x.com'] = ltx('a@x.com', 2 * DAY)
    clock.advance(minutes=10)
    became_bad = watch.poll()
    assert kinds(became_bad) == [('problem', 'a@x.com', ['expiring'], [])]
    clock.advance(minutes=10)
    assert watch.poll() == []
    reader.raw['ltxstudio']['a@x.com'] = ltx('a@x.com', -DAY)
    clock.advance(minutes=10)
    changed = watch.poll()
    assert kinds(changed) == [('problem', 'a@x.com', ['expired'], ['expiring'])]
    assert changed[0]['since'] == became_bad[0]['at']  # the problem began then, whatever its kind now
    assert changed[0]['at'] == '2026-03-01T12:30:00.000Z'
    reader.raw['ltxstudio']['a@x.com'] = ltx('a@x.com', 60 * DAY)
    clock.advance(minutes=10)
    recovered = watch.poll()
    assert kinds(recovered) == [('recovered', 'a@x.com', [], ['expired'])]
    assert recovered[0]['since'] == became_bad[0]['at']
    clock.advance(minutes=10)
    assert watch.poll() == []


def test_a_removed_account_with_a_problem_is_recovered():
    reader = Reader()
    reader.raw['ltxstudio'] = {'a@x.com': ltx('a@x.com', 30 * DAY, error='blocked'), 'b@x.com': ltx('b@x.com', 30 * DAY)}
    watch = make(reader=reader)
    assert kinds(watch.poll()) == [('problem', 'a@x.com', ['error'], [])]
    del reader.raw['ltxstudio']['a@x.com']
    assert kinds(watch.poll()) == [('recovered', 'a@x.com', [], ['error'])]


def test_a_read_failure_streak_gives_one_event_each_way_and_no_false_recovery():
    reader, clock = Reader(), Clock()
    reader.raw['ltxstudio'] = {'c@x.com': ltx('c@x.com', -DAY)}
    watch = make(reader=reader, clock=clock)
    assert kinds(watch.poll()) == [('problem', 'c@x.com', ['expired'], [])]
    reader.failures = {'ltxstudio': dict(msg='GET http://x/accounts failed: HTTP 503 after 4 attempts', status=503)}
    events = []
    for dummy in range(3):
        clock.advance(minutes=10)
        events.extend(watch.poll())
    assert kinds(events) == [('read_failed', None, [], [])]  # not a recovery of c@x.com: nothing was judged
    assert events[0]['service'] == 'ltxstudio' and 'HTTP 503' in events[0]['reasons'][0]
    failed_at = events[0]['at']
    reader.failures = {}
    clock.advance(minutes=10)
    back = watch.poll()
    assert kinds(back) == [('read_recovered', None, [], [])]
    assert back[0]['since'] == failed_at
    clock.advance(minutes=10)
    assert watch.poll() == []  # c@x.com is still expired: it was reported already


def test_subscription_events():
    reader = Reader()
    reader.raw['ltxstudio'] = {'a@x.com': ltx('a@x.com', 30 * DAY)}
    watch = make(reader=reader)
    assert watch.poll() == []
    reader.subscription = dict(active=False)
    events = watch.poll()
    assert kinds(events) == [('subscription', None, ['subscription_inactive'], [])]
    assert events[0]['service'] is None and events[0]['title'] == 'the useapi.net subscription'
    assert watch.poll() == []
    reader.subscription = dict(active=True)
    assert kinds(watch.poll()) == [('subscription', None, [], ['subscription_inactive'])]


def test_several_services_and_an_empty_one():
    reader = Reader()
    reader.raw = {'ltxstudio': {'a@x.com': ltx('a@x.com', -DAY)}, 'kling': {}}
    watch = make(dict(services=['kling', 'ltxstudio'], subscription=False), reader=reader)
    events = watch.poll()
    assert [(event['type'], event['service'], event['id'], event['problems']) for event in events] == [
        ('problem', 'ltxstudio', 'a@x.com', ['expired']), ('problem', 'kling', None, ['empty'])]
    assert reader.calls[0][1:] == (['kling', 'ltxstudio'], False)


def test_no_secret_in_any_event_or_log(caplog):
    reader, clock = Reader(), Clock()
    # A hostile server echoes the token into an account's error, which the check quotes.
    reader.raw['ltxstudio'] = {'a@x.com': ltx('a@x.com', -DAY), 'b@x.com': ltx('b@x.com', DAY, error='bad token %s' % TOKEN)}
    watch = make(reader=reader, clock=clock)
    queue = ListQueue()

    async def two_polls():
        task = asyncio.ensure_future(source.watch(queue, watch, 0))
        while len(reader.calls) < 2:
            await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    with caplog.at_level('DEBUG'):
        asyncio.run(two_polls())
    text = json.dumps(queue.queue) + caplog.text
    assert queue.queue and 'b@x.com' in text and 'bad token' in text
    assert COOKIE_CANARY not in text and 'TOKENCANARY' not in text
    assert reader.calls[0][0]['api_token'] == TOKEN  # USEAPI_TOKEN is the default


def test_cancellation_ends_main_cleanly_while_a_read_waits():
    # main() with a reader that blocks: cancelling ends the task at once, the loop is not blocked meanwhile.
    import threading
    release = threading.Event()
    ticks = []

    def slow_reader(params, names, subscription):
        release.wait(5)
        return {'useapi_read_failures': {}, 'ltxstudio_accounts': {}}

    async def scenario():
        watch = make(reader=slow_reader)
        queue = ListQueue()
        task = asyncio.ensure_future(source.watch(queue, watch, 3600))
        for dummy in range(5):
            await asyncio.sleep(0.01)
            ticks.append(1)  # the loop runs while the read waits in its thread
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        release.set()
        return queue.queue

    assert asyncio.run(scenario()) == []
    assert len(ticks) == 5


def test_options_defaults_and_fallbacks():
    params, settings = source.options({}, environ={'USEAPI_TOKEN': TOKEN, 'USEAPI_BASE_URL': 'http://127.0.0.1:1'})
    assert settings == dict(services=['ltxstudio'], interval=600.0, min_validity='7d', required=None, allow_empty=None,
                            subscription=True, initial=True,
                            policy=dict(warn_validity=None, thresholds=None, waivers=None))
    assert params['api_token'] == TOKEN and params['base_url'] == 'http://127.0.0.1:1' and params['retries'] == 3
    params, settings = source.options(dict(services='kling, ltxstudio', interval='90s', api_token='given', initial='false'),
                                      environ={'USEAPI_TOKEN': TOKEN})
    assert settings['services'] == ['kling', 'ltxstudio'] and settings['interval'] == 90 and settings['initial'] is False
    assert params['api_token'] == 'given'


@pytest.mark.parametrize('args, error, text', [
    (dict(services=['nope']), ConfigurationError, 'services names nope, not a service'),
    (dict(interval='soon'), CheckInputError, 'interval'),
    (dict(interval='0'), ConfigurationError, 'more than 0'),
    (dict(min_validity='long'), CheckInputError, 'min_validity'),
    (dict(servcies=['kling']), ConfigurationError, 'unknown argument servcies'),
    (dict(retries='many'), ConfigurationError, 'retries must be a number'),
    (dict(required={'kling': ['a@x.com']}), CheckInputError, 'kling'),
])
def test_wrong_arguments_are_refused_before_any_read(args, error, text):
    with pytest.raises(error) as raised:
        source.options(dict(args, api_token=TOKEN), environ={})
    assert text in str(raised.value) and TOKEN not in str(raised.value)


def test_runpy_puts_the_collections_root_on_sys_path(tmp_path):
    # ansible-rulebook loads a source with runpy.run_path from the installed collection, with no
    # ansible_collections on sys.path: the source must find its own module_utils.
    root = SOURCE.parents[7]
    assert (root / 'ansible_collections' / 'useapi' / 'accounts' / 'extensions').is_dir()
    code = ('import runpy, sys; namespace = runpy.run_path(sys.argv[1]); '
            'print(callable(namespace["main"]), namespace["_collections_root"]())')
    env = dict((key, value) for key, value in os.environ.items() if key not in ('PYTHONPATH', 'ANSIBLE_COLLECTIONS_PATH'))
    done = subprocess.run([sys.executable, '-c', code, str(SOURCE)], capture_output=True, text=True, env=env,
                          cwd=str(tmp_path), check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ['True', str(root)]


def test_main_against_the_stand_in():
    standin = pytest.importorskip('standin')
    services = {'ltxstudio': {'ok@example.com': dict(ltx('ok@example.com', 30 * DAY), tokenExpireUTC='@now+30d'),
                              'old@example.com': dict(ltx('old@example.com', None), tokenExpireUTC='@now-2d')},
                'kling': {}}
    with standin.StandIn(services=services, token=TOKEN) as server:
        queue = ListQueue()
        args = dict(services=['ltxstudio', 'kling'], interval='1', api_token=TOKEN, base_url=server.base_url,
                    retries=0, allow_empty=['kling'])

        async def run():
            task = asyncio.ensure_future(source.main(queue, args))
            for dummy in range(600):
                reads = [r for r in server.requests if r.path.startswith('/v1/ltxstudio')]
                if len(reads) >= 2:
                    break
                await asyncio.sleep(0.05)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task

        asyncio.run(run())
        assert server.errors == []
        assert all(request.bearer_is(TOKEN) for request in server.requests)
    assert kinds(queue.queue) == [('problem', 'old@example.com', ['expired'], [])]
    assert COOKIE_CANARY not in json.dumps(queue.queue)
