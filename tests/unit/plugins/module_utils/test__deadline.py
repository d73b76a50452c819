# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The attempt deadline (issue 16, item 1) with a fake transport and clock: what each attempt is allowed,
and which limit the message names."""

from __future__ import annotations

import pytest

from ansible_collections.useapi.accounts.plugins.module_utils._client import MIN_ATTEMPT_SECONDS, UseapiClient
from ansible_collections.useapi.accounts.plugins.module_utils._errors import ApiError
from ansible_collections.useapi.accounts.plugins.module_utils._http import Response, TransportFailure, deadline_message

URL = 'http://127.0.0.1:1/v1/ltxstudio'
TOKEN = 'user:4242-TOKENCANARY-b7e1c0de'


class Clock(object):
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


def client(outcomes, **options):
    """A client whose transport takes the whole allowance it is given and then plays the next outcome."""
    clock = Clock()
    allowances = []

    def transport(method, url, headers, body, timeout, validate_certs, ca_path):
        allowances.append(timeout)
        outcome = outcomes.pop(0)
        if isinstance(outcome, TransportFailure):
            clock.now += timeout
            raise outcome
        return outcome

    made = UseapiClient(URL, TOKEN, 'ltxstudio', transport=transport, sleep=clock.sleep, clock=clock, rand=lambda: 0.0, **options)
    return made, allowances, clock


def trickled(received):
    return TransportFailure(deadline_message(9, received), retryable=True, deadline=True, received=received)


def test_each_attempt_gets_the_timeout_while_the_budget_allows():
    made, allowances, dummy = client([trickled(5), Response(200, {}, b'{}', URL)], timeout=4, retries=1, retry_max_time=60)
    assert made.get_accounts() == {}
    assert allowances == [4, 4]


def test_the_timeout_message_says_how_much_arrived():
    made, dummy, dummy = client([trickled(5), trickled(None)], timeout=4, retries=1, retry_max_time=60)
    with pytest.raises(ApiError) as caught:
        made.get_accounts()
    assert str(caught.value) == ('GET %s/accounts failed: no answer within the timeout of 4 seconds (timed out) before the '
                                 'status line and headers had all arrived (gave up after 2 attempts)' % URL)


def test_an_attempt_gets_only_what_is_left_of_retry_max_time_and_the_message_names_it():
    made, allowances, clock = client([trickled(5), trickled(7)], timeout=4, retries=5, retry_max_time=6)
    with pytest.raises(ApiError) as caught:
        made.get_accounts()
    # 4 s, a 0.5 s wait (backoff with rand 0), then the 1.5 s left.
    assert allowances == [4, 1.5]
    assert clock.now == 6.0
    assert str(caught.value) == ('GET %s/accounts failed: retry_max_time (6 s) passed during attempt 2, after 7 bytes of '
                                 'the body had arrived (gave up after 2 attempts)' % URL)
    assert caught.value.attempts == 2 and caught.value.status is None


def test_an_attempt_never_gets_less_than_the_minimum():
    # 4 s, a 0.5 s wait: 0.1 s of the 4.6 s are left, and the attempt still gets the minimum.
    made, allowances, dummy = client([trickled(1), trickled(1)], timeout=4, retries=5, retry_max_time=4.6)
    with pytest.raises(ApiError, match=r'retry_max_time \(4.6 s\) passed during attempt 2'):
        made.get_accounts()
    assert allowances == [4, MIN_ATTEMPT_SECONDS]
