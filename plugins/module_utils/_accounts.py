# -*- coding: utf-8 -*-
# Copyright (c) useapi.accounts contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: this module_utils file is private to the useapi.accounts collection.
# Its interface may change at any time; do not import it from other collections.

"""Normalise and mask the API's account records. Pure functions, no I/O.

What normalisation does (and the module docs promise):

- every cookie value except ``lt_id`` becomes the API's own mask ``…secured…``, whatever
  the API sent; a cookie given as a ``Cookie:`` header string is split and masked too;
- of each pair ``tokenExpire``/``tokenExpireUTC``, ``updated``/``updatedUTC`` and
  ``refreshTokenExpire``/``refreshTokenExpireUTC``, a missing member is filled in from the other;
- epoch values given as digit strings, or in seconds instead of milliseconds, become int milliseconds;
- ``maxJobs`` given as a digit string becomes an int;
- ``email`` is filled in from the key when the record lacks it;
- every other key is kept as the API gave it.

Anything that cannot be made into that shape raises :class:`AccountsFormatError`.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.useapi.accounts.plugins.module_utils._cookie import mask_cookie
from ansible_collections.useapi.accounts.plugins.module_utils._errors import AccountsFormatError, CheckInputError, json_kind
from ansible_collections.useapi.accounts.plugins.module_utils._time import (
    epoch_ms,
    format_iso,
    from_epoch_ms,
    parse_iso,
    to_epoch_ms,
)

TIME_PAIRS = (
    ('tokenExpire', 'tokenExpireUTC'),
    ('updated', 'updatedUTC'),
    ('refreshTokenExpire', 'refreshTokenExpireUTC'),
)


def _normalise_max_jobs(email, value):
    if isinstance(value, bool):
        raise AccountsFormatError('account %r: maxJobs is a boolean, not a number' % email)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value.strip())
    raise AccountsFormatError('account %r: maxJobs should be a whole number, got %s' % (email, json_kind(value)))


def _fill_pair(record, ms_key, iso_key):
    has_ms = record.get(ms_key) is not None
    has_iso = record.get(iso_key) is not None
    millis = epoch_ms(record[ms_key]) if has_ms else None
    if millis is not None:
        record[ms_key] = millis
        if not has_iso:
            record[iso_key] = format_iso(from_epoch_ms(millis))
    elif has_iso and not has_ms:
        try:
            record[ms_key] = to_epoch_ms(parse_iso(record[iso_key]))
        except CheckInputError:
            pass  # left as given; the check reports it as unknown_expiry


def normalize_account(key, record):
    """Normalise one account record (see the module docstring). ``key`` is its email in the configuration."""
    if not isinstance(record, dict):
        raise AccountsFormatError('account %r is %s, not an object' % (key, json_kind(record)))
    account = dict(record)
    if account.get('email') in (None, ''):
        account['email'] = key
    if 'cookie' in account:
        account['cookie'] = mask_cookie(account['cookie'])
    if account.get('maxJobs') is not None:
        account['maxJobs'] = _normalise_max_jobs(key, account['maxJobs'])
    for ms_key, iso_key in TIME_PAIRS:
        _fill_pair(account, ms_key, iso_key)
    return account


def normalize_accounts(payload):
    """Normalise the body of GET /accounts into a dict keyed by email. ``None`` (404) gives ``{}``."""
    if payload is None:
        return {}
    if not isinstance(payload, dict):
        raise AccountsFormatError('the accounts configuration is %s, not an object keyed by email' % json_kind(payload))
    accounts = {}
    for key, record in payload.items():
        if not isinstance(key, str) or not key.strip():
            raise AccountsFormatError('the accounts configuration has an empty email as a key')
        accounts[key] = normalize_account(key, record)
    return accounts


def token_expiry(account):
    """When the account's token expires, as an aware UTC datetime, or ``None`` when it cannot be told.

    Both ``tokenExpire`` (epoch ms) and ``tokenExpireUTC`` are read; when both parse and
    disagree the earlier one wins, so a disagreement can only make the check stricter.
    """
    candidates = []
    millis = epoch_ms(account.get('tokenExpire'))
    if millis is not None:
        candidates.append(from_epoch_ms(millis))
    iso = account.get('tokenExpireUTC')
    if iso is not None:
        try:
            candidates.append(parse_iso(iso))
        except CheckInputError:
            pass
    return min(candidates) if candidates else None
