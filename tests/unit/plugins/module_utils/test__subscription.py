# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The summary of GET /v2/account that subscription_info returns and accounts_info sets as a fact."""

from __future__ import annotations

import pytest

from ansible_collections.useapi.accounts.plugins.module_utils._errors import AccountsFormatError
from ansible_collections.useapi.accounts.plugins.module_utils._subscription import summarise


def test_services_are_named_by_their_url_segment_and_others_kept_by_the_api_s_name():
    summary = summarise({'subscriptionIsActive': True, 'maxAccountsPerAPI': 3, 'accounts': {
        'Kling API': {'total': 3, 'active': 2, 'error': 1},
        'Google Flow API': {'total': 1, 'active': 1},
        'InsightFaceSwap API': {'total': 1, 'active': 1, 'error': 0}}})
    assert summary == dict(active=True, max_accounts_per_api=3,
                           services={'kling': dict(total=3, active=2, error=1),
                                     'google-flow': dict(total=1, active=1, error=0)},
                           other_services={'InsightFaceSwap API': dict(total=1, active=1, error=0)})


def test_no_accounts_and_no_limit():
    expected = dict(active=False, services={}, other_services={}, max_accounts_per_api=None)
    assert summarise({'subscriptionIsActive': False}) == expected


@pytest.mark.parametrize('payload, message', [
    ({}, 'subscriptionIsActive is null, not true or false'),
    ({'subscriptionIsActive': 'yes'}, 'subscriptionIsActive is a string, not true or false'),
    ({'subscriptionIsActive': True, 'accounts': [{'total': 1}]}, 'accounts is an array, not an object'),
    ({'subscriptionIsActive': True, 'accounts': {'Kling API': 3}}, 'Kling API is a number, not an object'),
    ({'subscriptionIsActive': True, 'accounts': {'Kling API': {'total': -1}}}, 'Kling API has total a number, not a count'),
    ({'subscriptionIsActive': True, 'accounts': {'Kling API': {'error': True}}}, 'Kling API has error'),
])
def test_a_malformed_answer_is_our_error(payload, message):
    with pytest.raises(AccountsFormatError) as caught:
        summarise(payload)
    assert message in str(caught.value)
    assert str(caught.value).startswith('GET /v2/account: ')
