# -*- coding: utf-8 -*-
# Copyright (c) useapi.accounts contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: this module_utils file is private to the useapi.accounts collection.
# Its interface may change at any time; do not import it from other collections.

"""The useapi.net subscription (``GET /v2/account``) as the modules return it: whether it is
active, and per service how many accounts are configured, active and in error."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.useapi.accounts.plugins.module_utils._errors import AccountsFormatError, json_kind
from ansible_collections.useapi.accounts.plugins.module_utils._services import SUBSCRIPTION_PATH, by_subscription_key

# The fact useapi.accounts.accounts_info sets with subscription=true.
SUBSCRIPTION_FACT = 'useapi_subscription'
# The subscription's key among the reads (beside the services' names): in failed_services, in the
# fact useapi_read_failures, in a verdict's unknown list.
SUBSCRIPTION_KEY = 'subscription'
# The fact useapi.accounts.accounts_info sets with fail_on_error=false: the reads that failed.
READ_FAILURES_FACT = 'useapi_read_failures'


def _count(name, counts, key):
    value = counts.get(key, 0)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise AccountsFormatError('GET %s: %s has %s %s, not a count' % (SUBSCRIPTION_PATH, name, key, json_kind(value)))
    return value


def summarise(payload):
    """The summary of the body of ``GET /v2/account``; raises :class:`AccountsFormatError`."""
    active = payload.get('subscriptionIsActive')
    if not isinstance(active, bool):
        raise AccountsFormatError('GET %s: subscriptionIsActive is %s, not true or false'
                                  % (SUBSCRIPTION_PATH, json_kind(active)))
    accounts = payload.get('accounts') or {}
    if not isinstance(accounts, dict):
        raise AccountsFormatError('GET %s: accounts is %s, not an object' % (SUBSCRIPTION_PATH, json_kind(accounts)))
    services, others = {}, {}
    for key, counts in accounts.items():
        if not isinstance(counts, dict):
            raise AccountsFormatError('GET %s: %s is %s, not an object' % (SUBSCRIPTION_PATH, key, json_kind(counts)))
        summary = dict((field, _count(key, counts, field)) for field in ('total', 'active', 'error'))
        name = by_subscription_key(key)
        (services if name else others)[name or key] = summary
    limit = payload.get('maxAccountsPerAPI')
    return dict(active=active, services=services, other_services=others,
                max_accounts_per_api=limit if isinstance(limit, int) and not isinstance(limit, bool) else None)
