# -*- coding: utf-8 -*-
# Copyright (c) useapi.accounts contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: this plugin_utils file is private to the useapi.accounts collection.
# Its interface may change at any time; do not import it from other collections.

"""How strict the check is, per service and per account: the policy. Pure, no I/O.

- Tiers: a token that expires within ``min_validity`` (or is past) is critical; within
  ``warn_validity`` but not ``min_validity`` it is a warning, which does not fail the run unless
  ``fail_on_warnings``.
- ``thresholds`` override both for a ``service``, or for one account (``service`` and ``id``); the
  most specific wins, field by field.
- ``waivers`` hide the named problem kinds of one account until ``until`` (an instant, or a date,
  which lasts to the end of that day, UTC), each with a ``reason``. An ended waiver no longer hides
  anything, and the problem says that it ended and when. A waiver that matches no problem is
  reported (kind ``stale_waiver``, a warning). Waivers never hide what could not be judged.

Everything is checked when the policy is built, before any account is judged; errors name the
option and the entry (``thresholds[2].warn_validity``). Lookups are dicts, so a policy of 500
overrides and 500 waivers costs the check next to nothing.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime
import json
import re

from ansible_collections.useapi.accounts.plugins.module_utils._errors import CheckInputError, ConfigurationError
from ansible_collections.useapi.accounts.plugins.module_utils._ids import identity
from ansible_collections.useapi.accounts.plugins.module_utils._services import SERVICE_NAMES, check_id, service
from ansible_collections.useapi.accounts.plugins.module_utils._time import (
    format_duration,
    format_iso,
    parse_duration,
    parse_instant,
)

# The kinds a waiver may name: those of one account.
WAIVABLE_KINDS = ('missing', 'expired', 'expiring', 'unknown_expiry', 'error')
_DATE = re.compile(r'^\d{4}-\d{2}-\d{2}$')
_THRESHOLD_KEYS = ('service', 'id', 'min_validity', 'warn_validity')
_WAIVER_KEYS = ('service', 'id', 'kinds', 'until', 'reason')


def _shown(value):
    text = json.dumps(value, ensure_ascii=True, default=repr)
    return text if len(text) <= 60 else text[:57] + '...'


def _entries(value, name, keys):
    if value in (None, ''):
        return []
    if not isinstance(value, (list, tuple)):
        raise CheckInputError('%s must be a list of dicts, got %s' % (name, type(value).__name__))
    for index, item in enumerate(value):
        where = '%s[%d]' % (name, index)
        if not isinstance(item, dict):
            raise CheckInputError('%s must be a dict, got %s' % (where, _shown(item)))
        unknown = sorted(str(key) for key in item if key not in keys)
        if unknown:
            raise CheckInputError('%s has %s, which %s not a field; its fields are %s' % (
                where, ', '.join(unknown), 'is' if len(unknown) == 1 else 'are', ', '.join(keys)))
    return list(value)


def _service_of(item, where):
    name = item.get('service')
    if name not in SERVICE_NAMES:
        raise CheckInputError('%s.service: %s is not a service; known services: %s'
                              % (where, _shown(name), ', '.join(SERVICE_NAMES)))
    return name


def _id_of(name, item, where, required):
    value = item.get('id')
    if value is None and not required:
        return None
    try:
        account_id = check_id(name, value)
    except ConfigurationError as error:
        raise CheckInputError('%s.id: %s' % (where, str(error).replace(service(name)['id_key'] + ' must', 'it must', 1)))
    return account_id


def _key(name, account_id):
    """How an id is matched: by the service's id rules (``_ids``), as the configuration keys it."""
    return identity(service(name), account_id)


def _until(value, where, now):
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        value = value.isoformat()
    if isinstance(value, str) and _DATE.match(value.strip()):
        # A date lasts to the end of that day, UTC.
        start = parse_instant(value.strip() + 'T00:00:00Z', name=where + '.until')
        try:
            return start + datetime.timedelta(days=1)
        except OverflowError:
            raise CheckInputError('%s.until: %s is past the last day a date can hold' % (where, _shown(value)))
    if value in (None, ''):
        raise CheckInputError('%s.until is required: the instant or date the waiver ends (a waiver ends by itself)'
                              % where)
    return parse_instant(value, name=where + '.until')


class Policy(object):
    """The tiers, thresholds and waivers of one check, validated. See the module docstring."""

    def __init__(self, min_validity='7d', warn_validity=None, thresholds=None, waivers=None, now=None, name_prefix=''):
        prefix = name_prefix
        self.min_validity = parse_duration(min_validity, name=prefix + 'min_validity')
        self.warn_validity = None
        if warn_validity not in (None, ''):
            self.warn_validity = parse_duration(warn_validity, name=prefix + 'warn_validity')
            if self.warn_validity < self.min_validity:
                raise CheckInputError('%swarn_validity (%s) is shorter than min_validity (%s): the warning tier must '
                                      'start before the critical one' % (prefix, format_duration(self.warn_validity),
                                                                         format_duration(self.min_validity)))
        self._durations = {}  # the same duration text is parsed once: policies repeat a handful of values
        self._by_service, self._by_account = {}, {}
        for index, item in enumerate(_entries(thresholds, prefix + 'thresholds', _THRESHOLD_KEYS)):
            self._add_threshold(item, '%sthresholds[%d]' % (prefix, index))
        self.waivers = []
        self._waivers = {}
        for index, item in enumerate(_entries(waivers, prefix + 'waivers', _WAIVER_KEYS)):
            self._add_waiver(item, '%swaivers[%d]' % (prefix, index), now)

    def _add_threshold(self, item, where):
        name = _service_of(item, where)
        account_id = _id_of(name, item, where, required=False)
        given = dict((field, self._duration(item[field], '%s.%s' % (where, field)))
                     for field in ('min_validity', 'warn_validity') if item.get(field) not in (None, ''))
        if not given:
            raise CheckInputError('%s sets neither min_validity nor warn_validity' % where)
        table, key = (self._by_service, name) if account_id is None else (self._by_account, (name, _key(name, account_id)))
        if key in table:
            whose = _shown(account_id) if account_id else '(the whole service)'
            raise CheckInputError('%s repeats the threshold of %s %s' % (where, name, whose))
        entry = dict(given, source='account' if account_id else 'service', where=where)
        table[key] = entry
        # The tiers this entry leads to, with what it inherits, must be in order.
        inherited = dict(min_validity=self.min_validity, warn_validity=self.warn_validity)
        if account_id is not None:
            inherited.update((field, value) for field, value in self._by_service.get(name, {}).items()
                             if field in inherited)
        inherited.update(given)
        if inherited['warn_validity'] is not None and inherited['warn_validity'] < inherited['min_validity']:
            raise CheckInputError('%s: warn_validity (%s) is shorter than min_validity (%s): the warning tier must start '
                                  'before the critical one' % (where, format_duration(inherited['warn_validity']),
                                                               format_duration(inherited['min_validity'])))

    def _add_waiver(self, item, where, now):
        name = _service_of(item, where)
        account_id = _id_of(name, item, where, required=True)
        kinds = item.get('kinds')
        if isinstance(kinds, str):
            kinds = [kinds]
        if not isinstance(kinds, (list, tuple)) or not kinds:
            raise CheckInputError('%s.kinds must be a non-empty list of problem kinds (%s)' % (where, ', '.join(WAIVABLE_KINDS)))
        wrong = [kind for kind in kinds if kind not in WAIVABLE_KINDS]
        if wrong:
            raise CheckInputError('%s.kinds: %s cannot be waived; the kinds of an account are %s'
                                  % (where, ', '.join(_shown(kind) for kind in wrong), ', '.join(WAIVABLE_KINDS)))
        reason = item.get('reason')
        if not isinstance(reason, str) or not reason.strip():
            raise CheckInputError('%s.reason is required: say why the problem is accepted and who owns it (a ticket, '
                                  'say)' % where)
        until = _until(item.get('until'), where, now)
        waiver = dict(service=name, id=account_id, kinds=list(dict.fromkeys(kinds)), until=format_iso(until),
                      reason=reason.strip(), where=where, used=False, _until=until)
        for kind in waiver['kinds']:
            key = (name, _key(name, account_id), kind)
            if key in self._waivers:
                raise CheckInputError('%s waives %s of %s %s again (already in %s)'
                                      % (where, kind, name, _shown(account_id), self._waivers[key]['where']))
            self._waivers[key] = waiver
        self.waivers.append(waiver)

    def _duration(self, value, name):
        key = (type(value), value) if isinstance(value, (str, int)) else None
        if key is None or key not in self._durations:
            parsed = parse_duration(value, name=name)
            if key is None:
                return parsed
            self._durations[key] = parsed
        return self._durations[key]

    def limits(self, name, account_id):
        """``(min_validity, warn_validity, source)`` for one account: the most specific setting of each."""
        values = dict(min_validity=self.min_validity, warn_validity=self.warn_validity)
        source = 'default'
        for entry in (self._by_service.get(name), self._by_account.get((name, _key(name, account_id)))):
            if entry:
                values.update((field, entry[field]) for field in ('min_validity', 'warn_validity') if field in entry)
                source = entry['source']
        return values['min_validity'], values['warn_validity'], source

    def waiver(self, name, account_id, kind):
        """The waiver that names this problem (active or ended), marked as used; ``None`` when there is none."""
        waiver = self._waivers.get((name, _key(name, account_id), kind)) if self._waivers else None
        if waiver is not None:
            waiver['used'] = True
        return waiver

    def unused_waivers(self):
        return [waiver for waiver in self.waivers if not waiver['used']]


def public(waiver):
    """A waiver as the verdict shows it."""
    return dict(service=waiver['service'], id=waiver['id'], kinds=waiver['kinds'], until=waiver['until'],
                reason=waiver['reason'])
