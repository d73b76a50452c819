# -*- coding: utf-8 -*-
# Copyright (c) useapi.accounts contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: this module_utils file is private to the useapi.accounts collection.
# Its interface may change at any time; do not import it from other collections.

"""Normalise and mask any service's account records, driven by the registry. Pure, no I/O.

What normalisation does (and the modules' docs promise), for every service:

- every secret the registry names for the service is masked with ``…secured…``, whatever the
  API sent (LTX Studio's cookie may also come as a ``Cookie:`` header string: it is split, and
  every value except ``lt_id`` is masked);
- besides, every key at any depth whose name says secret is masked (see ``SECRET_WORDS``, ``PUBLIC_WORDS``
  and :func:`mask_secret_names`): a key the registry does not know cannot carry a secret out;
- of each timestamp pair the registry names (epoch field, ISO field), a missing member is filled
  in from the other; epoch values given as digit strings become numbers (LTX Studio's
  millisecond fields also accept seconds by mistake: values below 10^11);
- the concurrency cap (``maxJobs``) given as a digit string becomes an int;
- the id field is filled in from the key when the record lacks it;
- every other key is kept as the API gave it.

Anything that cannot be made into that shape raises :class:`AccountsFormatError`, and so does a
configuration of more than :data:`MAX_ACCOUNTS` accounts, or a single-account answer that looks
like a whole configuration (see :func:`normalize_single`).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime
import re

from ansible_collections.useapi.accounts.plugins.module_utils._cookie import MASK, mask_cookie
from ansible_collections.useapi.accounts.plugins.module_utils._errors import AccountsFormatError, TimeFormatError, json_kind
from ansible_collections.useapi.accounts.plugins.module_utils._services import id_problem, service
from ansible_collections.useapi.accounts.plugins.module_utils._time import (
    epoch_instant,
    epoch_value,
    format_iso,
    parse_iso,
)

# The most accounts one service's configuration may hold. useapi.net documents at most 50 per service
# (three per subscription, up to 50 for some services); 20,000 is twice the 10,000 the collection is
# benchmarked at, and keeps a hostile answer (a million empty accounts fit in 10 MiB) from costing
# minutes and gigabytes. The strict JSON reader stops early too (see ``_json.MAX_OBJECTS``).
MAX_ACCOUNTS = 20000


# A key is secret when its name, lower-cased and stripped of everything but letters and digits
# (``api_key``, ``apiKey`` and ``API-Key`` are all ``apikey``), contains one of these words...
SECRET_WORDS = ('token', 'secret', 'password', 'passwd', 'passphrase', 'cookie', 'authorization', 'bearer', 'apikey',
                'accesskey', 'privatekey', 'sessionid', 'sessionkey', 'sessid', 'credential', 'signature', 'csrf',
                'xsrf')
# ... or is one of these names; a ``jwt``, ``session`` or ``auth`` that is an object is looked into instead.
SECRET_NAMES = ('pwd', 'pass', 'sid', 'otp', 'pin')
SECRET_TEXT_NAMES = ('jwt', 'session', 'auth')
# Public, whatever their name holds: when a secret expires or was issued or added, and what a cookie
# is called and where it is sent (``lt_id`` is LTX Studio's public user id). Inside a secret object,
# these keys are kept; every other value is masked.
PUBLIC_WORDS = ('expir', 'issued')
PUBLIC_NAMES = ('ltid', 'exp', 'iat', 'nbf', 'added', 'created', 'name', 'domain', 'path', 'secure', 'httponly',
                'samesite', 'hostonly')
_NOT_ALNUM = re.compile(r'[^a-z0-9]')
_KINDS = {}


def _name_kind(name):
    """``secret``, ``secret_text`` (secret unless it is an object), ``public`` or ``None`` for a key."""
    kind = _KINDS.get(name)
    if kind is None and name not in _KINDS:
        folded = _NOT_ALNUM.sub('', str(name).lower())
        if folded in PUBLIC_NAMES or any(word in folded for word in PUBLIC_WORDS):
            kind = 'public'
        elif folded in SECRET_NAMES or any(word in folded for word in SECRET_WORDS):
            kind = 'secret'
        elif folded in SECRET_TEXT_NAMES:
            kind = 'secret_text'
        if len(_KINDS) < 10000:
            _KINDS[name] = kind
    return kind


def _masked_whole(value):
    """A secret value: every scalar the mask (``null`` stays ``null``), objects and lists item by item,
    keeping only the public keys of an object (a cookie's ``name`` and ``expires``, say)."""
    if isinstance(value, dict):
        return dict((key, mask_secret_names(item) if _name_kind(key) == 'public' else _masked_whole(item))
                    for key, item in value.items())
    if isinstance(value, list):
        return [_masked_whole(item) for item in value]
    return None if value is None else MASK


def mask_secret_names(value):
    """``value`` (any JSON value; never changed in place) with the value of every key named like a
    secret masked, at any depth (see ``SECRET_WORDS`` and ``PUBLIC_WORDS``)."""
    if isinstance(value, list):
        return [mask_secret_names(item) for item in value]
    if not isinstance(value, dict):
        return value
    masked = {}
    kinds = _KINDS
    for key, item in value.items():
        kind = kinds[key] if key in kinds else _name_kind(key)
        if kind is None or kind == 'public':
            masked[key] = mask_secret_names(item) if isinstance(item, (dict, list)) else item
        elif kind == 'secret' or not isinstance(item, dict):
            masked[key] = _masked_whole(item)
        else:
            masked[key] = mask_secret_names(item)
    return masked


def get_path(record, path):
    """The value at a dotted path of nested objects, or ``None`` when any step is missing."""
    value = record
    for step in path.split('.'):
        if not isinstance(value, dict):
            return None
        value = value.get(step)
    return value


def _parent(record, path, create=False):
    """The object holding the last step of ``path`` (copied on the way, so input is never changed)."""
    steps = path.split('.')
    holder = record
    for step in steps[:-1]:
        child = holder.get(step)
        if not isinstance(child, dict):
            if not create:
                return None, steps[-1]
            child = {}
        child = dict(child)
        holder[step] = child
        holder = child
    return holder, steps[-1]


def _mask_value(value, how, public):
    if how == 'cookie':
        return mask_cookie(value, public)
    if how == 'values' and isinstance(value, dict):
        return dict((str(key), MASK) for key in value)
    if how == 'values' and isinstance(value, list):
        return [MASK for dummy in value]
    return MASK


def _mask(holder, steps, how, public):
    """Mask the value at ``steps`` below ``holder`` (a fresh copy), stepping into lists at ``[]``."""
    step = steps[0]
    is_list = step.endswith('[]')
    key = step[:-2] if is_list else step
    if not isinstance(holder, dict) or key not in holder:
        return
    if len(steps) == 1 and not is_list:
        holder[key] = _mask_value(holder[key], how, public)
        return
    if is_list:
        if not isinstance(holder[key], list):
            holder[key] = MASK  # not the documented shape: hide it whole rather than guess
            return
        items = [dict(item) if isinstance(item, dict) else item for item in holder[key]]
        holder[key] = items
        for index, item in enumerate(items):
            if len(steps) == 1:
                items[index] = _mask_value(item, how, public)
            elif isinstance(item, dict):
                _mask(item, steps[1:], how, public)
            elif item is not None:
                items[index] = MASK  # a string where an object was documented: hide it whole
        return
    if not isinstance(holder[key], dict):
        holder[key] = MASK
        return
    holder[key] = dict(holder[key])
    _mask(holder[key], steps[1:], how, public)


def _normalise_concurrency(key, name, value):
    if isinstance(value, bool):
        raise AccountsFormatError('account %r: %s is a boolean, not a number' % (key, name))
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit() and len(value.strip()) <= 20:
        return int(value.strip())
    raise AccountsFormatError('account %r: %s should be a whole number, got %s' % (key, name, json_kind(value)))


def _fill_pair(account, epoch_path, iso_path, unit):
    epoch_holder, epoch_key = _parent(account, epoch_path)
    iso_holder, iso_key = _parent(account, iso_path)
    epoch_raw = epoch_holder.get(epoch_key) if epoch_holder is not None else None
    iso_raw = iso_holder.get(iso_key) if iso_holder is not None else None
    if epoch_raw is not None:
        value = epoch_value(epoch_raw, unit)
        if value is None:
            return  # left as given; the check reports an unreadable expiry
        epoch_holder[epoch_key] = value
        if iso_raw is None:
            iso_holder, iso_key = _parent(account, iso_path, create=True)
            iso_holder[iso_key] = format_iso(epoch_instant(value, unit))
    elif iso_raw is not None:
        try:
            instant = parse_iso(iso_raw)
        except TimeFormatError:
            return  # left as given (no zone, say): converting it would be a guess
        epoch_holder, epoch_key = _parent(account, epoch_path, create=True)
        epoch_holder[epoch_key] = _to_unit(instant, unit)


def _to_unit(instant, unit):
    delta = instant - datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
    millis = delta.days * 86400000 + delta.seconds * 1000 + delta.microseconds // 1000
    return millis if unit == 'ms' else millis / 1000.0


def normalize_account(key, record, name):
    """Normalise one record of service ``name`` (see the module docstring); ``key`` is its id."""
    entry = service(name)
    if not isinstance(record, dict):
        raise AccountsFormatError('%s account %r is %s, not an object' % (entry['title'], key, json_kind(record)))
    account = dict(record)
    if account.get(entry['id_key']) in (None, ''):
        account[entry['id_key']] = key
    for path, how in entry['secrets']:
        _mask(account, path.split('.'), how, entry['public'])
    account = mask_secret_names(account)
    if entry['concurrency'] and account.get(entry['concurrency'][0]) is not None:
        cap = entry['concurrency'][0]
        account[cap] = _normalise_concurrency(key, cap, account[cap])
    for epoch_path, iso_path, unit in entry['time_pairs']:
        _fill_pair(account, epoch_path, iso_path, unit)
    return account


def normalize_accounts(payload, name):
    """Normalise the body of ``GET /accounts`` of service ``name``: a dict keyed by id. ``None`` gives ``{}``."""
    entry = service(name)
    if payload is None:
        return {}
    if not isinstance(payload, dict):
        raise AccountsFormatError('the %s accounts configuration is %s, not an object keyed by %s'
                                  % (entry['title'], json_kind(payload), entry['id_key']))
    if len(payload) > MAX_ACCOUNTS:
        raise AccountsFormatError('the %s accounts configuration has %d accounts, more than the %d the collection '
                                  'accepts per service (useapi.net documents at most 50); refusing it'
                                  % (entry['title'], len(payload), MAX_ACCOUNTS))
    accounts = {}
    for key, record in payload.items():
        if not isinstance(key, str) or not key.strip():
            raise AccountsFormatError('the %s accounts configuration has an empty %s as a key'
                                      % (entry['title'], entry['id_key']))
        accounts[key] = normalize_account(key, record, name)
    return accounts


def looks_like_configuration(name, record):
    """Whether ``record`` (an answer to ``GET /accounts/{id}``) has the shape of a whole configuration.

    Every value is an object and every key is a valid id of the service, and the id field is not a
    string of its own: a server that routes ``/accounts/`` like ``/accounts`` answers that way.
    """
    entry = service(name)
    return (isinstance(record, dict) and bool(record) and not isinstance(record.get(entry['id_key']), str)
            and all(isinstance(value, dict) for value in record.values())
            and all(id_problem(name, key) is None for key in record))


def normalize_single(account_id, record, name, url=None):
    """Normalise the answer to ``GET /accounts/{account_id}``, refusing one shaped like a whole configuration.

    Normalised as one record, a whole configuration would keep every account's secrets: the
    registry's secret paths are not at its top level.
    """
    entry = service(name)
    if looks_like_configuration(name, record):
        raise AccountsFormatError(
            'GET %s answered with what looks like a whole %s accounts configuration (%d objects keyed by %s), '
            'not the one account asked for; refusing it. Check api_url: the server may answer /accounts/<id> '
            'like /accounts.' % (url or '/accounts/{%s}' % entry['id_key'], entry['title'], len(record), entry['id_key']))
    return normalize_account(account_id, record, name)


def expiry_rule(name, account):
    """The registry's expiry rule that applies to this account (the first whose ``when`` field is set)."""
    for rule in service(name)['expiry']:
        if 'when' not in rule or get_path(account, rule['when']) is not None:
            return rule
    return dict(kind='none')


def read_expiry(rule, account, read_at):
    """When the account stops working under ``rule``, as an aware UTC datetime; ``None`` when unreadable.

    Epoch and ISO forms are both read; when both parse and disagree the earlier wins, so a
    disagreement can only make the check stricter. ``issued_days`` is an age the API reported when
    the configuration was read: it counts from ``read_at``, that instant, never from the check's now.
    """
    if rule['kind'] == 'issued_days':
        days = get_path(account, rule['days'])
        if isinstance(days, bool) or not isinstance(days, (int, float)) or not 0 <= days <= 36500 or read_at is None:
            return None
        try:
            return read_at + datetime.timedelta(days=rule['lifetime_days'] - days)
        except OverflowError:
            return None  # before year 1 or after 9999: not an instant, so an unknown expiry (fail closed)
    candidates = []
    if rule.get('epoch'):
        instant = epoch_instant(get_path(account, rule['epoch']), rule['unit'])
        if instant is not None:
            candidates.append(instant)
    if rule.get('iso'):
        text = get_path(account, rule['iso'])
        if text is not None:
            try:
                candidates.append(parse_iso(text))
            except TimeFormatError:
                pass
    return min(candidates) if candidates else None
