# -*- coding: utf-8 -*-
# Copyright (c) useapi.accounts contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: this module_utils file is private to the useapi.accounts collection.
# Its interface may change at any time; do not import it from other collections.

"""Instants and durations. Pure functions; time is always UTC and always timezone-aware.

- The API gives instants as epoch **milliseconds** (``tokenExpire``, ``updated``) or as
  ISO-8601 strings in UTC (``tokenExpireUTC``, ``updatedUTC``).
- An ISO string without a zone is rejected: guessing its zone could turn an expired token
  into a valid one on a machine with another TZ.
- Durations are written like ``7d``, ``36h``, ``90m``, ``2w`` or ``1w2d3h4m5s``.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime
import math
import re

from ansible_collections.useapi.accounts.plugins.module_utils._errors import CheckInputError, TimeFormatError

UTC = datetime.timezone.utc
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=UTC)

# Epoch values below this are read as seconds: as milliseconds they would fall in early 1973,
# long before useapi.net existed, while as seconds they reach the year 5138.
SECONDS_THRESHOLD = 10 ** 11
# datetime cannot go past year 9999; larger epoch values are not instants.
MAX_EPOCH_MS = 253402300799999
# Longer digit strings are no epoch and no duration (Python refuses to read ints of more than 4300 digits).
MAX_DIGITS = 40

_ISO_RE = re.compile(
    r'^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})[T ](?P<hour>\d{2}):(?P<minute>\d{2})'
    r'(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d+))?)?'
    r'\s*(?P<zone>Z|z|[+-]\d{2}(?::?\d{2})?)?$', re.ASCII)
_DURATION_RE = re.compile(r'^(?:(?P<w>\d+)w)?(?:(?P<d>\d+)d)?(?:(?P<h>\d+)h)?(?:(?P<m>\d+)m)?(?:(?P<s>\d+)s)?$', re.ASCII)
_DURATION_UNITS = (('w', 604800), ('d', 86400), ('h', 3600), ('m', 60), ('s', 1))


def utc_now():
    """The current instant, timezone-aware in UTC."""
    return datetime.datetime.now(UTC)


def parse_iso(text):
    """Parse an ISO-8601 instant with a zone (``Z``, ``+00:00``, ``+0200``); return it in UTC.

    Fractional seconds of any length are accepted (truncated to microseconds).
    Raises :class:`TimeFormatError` for anything else, including a string without a zone.
    """
    if not isinstance(text, str):
        raise TimeFormatError('expected an ISO-8601 string, got %s' % type(text).__name__)
    match = _ISO_RE.match(text.strip())
    if not match:
        raise TimeFormatError('%s is not an ISO-8601 instant such as 2025-07-03T12:13:14.000Z' % _short(text))
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    if zone is None:
        raise TimeFormatError('%r has no time zone; add Z or an offset such as +00:00' % text)
    if zone in ('Z', 'z'):
        tzinfo = UTC
    else:
        sign = -1 if zone[0] == '-' else 1
        digits = zone[1:].replace(':', '')
        minutes = int(digits[:2]) * 60 + (int(digits[2:4]) if len(digits) > 2 else 0)
        if minutes >= 24 * 60 or (len(digits) > 2 and int(digits[2:4]) >= 60):
            raise TimeFormatError('%r has an impossible UTC offset' % text)
        tzinfo = datetime.timezone(datetime.timedelta(minutes=sign * minutes))
    # Built straight from the regex groups: strptime would parse the same text again, and at
    # thousands of accounts that was the largest cost of normalising the configuration.
    try:
        instant = datetime.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0),
                                    int(fraction[:6].ljust(6, '0')) if fraction else 0, tzinfo)
    except ValueError:
        raise TimeFormatError('%r is not a valid calendar date and time' % text)
    if tzinfo is UTC:
        return instant
    try:
        return instant.astimezone(UTC)
    except OverflowError:
        raise TimeFormatError('%r is out of the range of dates' % text)


def epoch_ms(value):
    """Read an epoch value the way the API means it: milliseconds, as int, float or digit string.

    Values below ``SECONDS_THRESHOLD`` are taken as seconds and converted (a documented
    normalisation for APIs that send seconds by mistake). Returns an ``int`` of milliseconds,
    or ``None`` when the value is not an epoch at all (bool, negative, NaN, text, too large).
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        if len(text) > MAX_DIGITS or not re.match(r'^\d+(\.\d+)?$', text, re.ASCII):
            return None
        value = float(text) if '.' in text else int(text)
    if not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if value < 0:
        return None
    if value < SECONDS_THRESHOLD:
        value = value * 1000
    millis = int(round(value))
    if millis > MAX_EPOCH_MS:
        return None
    return millis


def epoch_value(value, unit):
    """An epoch field's value as the number its documented ``unit`` (``ms`` or ``s``) means, or ``None``.

    Milliseconds go through :func:`epoch_ms` (ints, LTX Studio's seconds-by-mistake rule);
    seconds stay seconds (int or float, as MiniMax and Runway send them), digit strings become numbers.
    """
    if unit == 'ms':
        return epoch_ms(value)
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        if len(text) > MAX_DIGITS or not re.match(r'^\d+(\.\d+)?$', text, re.ASCII):
            return None
        value = float(text) if '.' in text else int(text)
    if not isinstance(value, (int, float)) or isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if value < 0 or value * 1000 > MAX_EPOCH_MS:
        return None
    return value


def epoch_instant(value, unit):
    """The aware UTC instant of an epoch field in its documented ``unit``, or ``None`` when unreadable."""
    number = epoch_value(value, unit)
    if number is None:
        return None
    return from_epoch_ms(number if unit == 'ms' else int(round(number * 1000)))


def from_epoch_ms(millis):
    """An aware UTC datetime for an int of epoch milliseconds."""
    return EPOCH + datetime.timedelta(milliseconds=millis)


def to_epoch_ms(instant):
    """Epoch milliseconds (int) for an aware datetime."""
    delta = instant.astimezone(UTC) - EPOCH
    return delta.days * 86400000 + delta.seconds * 1000 + delta.microseconds // 1000


def format_iso(instant):
    """The API's own ISO form: ``2025-07-03T12:13:14.000Z`` (UTC, milliseconds, a four-digit year)."""
    instant = instant.astimezone(UTC)
    # Formatted from the fields: strftime took a third of the check's time at 10,000 accounts.
    return '%04d-%02d-%02dT%02d:%02d:%02d.%03dZ' % (
        instant.year, instant.month, instant.day, instant.hour, instant.minute, instant.second,
        instant.microsecond // 1000)


def parse_instant(value, name='now'):
    """An instant given by a user: an aware datetime or an ISO-8601 string with a zone.

    ``name`` is the option the value came from, so the error can say which one is wrong.
    """
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise CheckInputError('%s: the datetime %s has no time zone' % (name, value.isoformat()))
        return value.astimezone(UTC)
    try:
        return parse_iso(value)
    except TimeFormatError as error:
        raise CheckInputError('%s: %s' % (name, error))


def parse_duration(value, name='duration'):
    """A duration such as ``7d``, ``36h``, ``90m``, ``2w`` or ``1w2d``; a bare integer means seconds.

    Returns a :class:`datetime.timedelta`. ``name`` is used in the error message.
    """
    if isinstance(value, bool):
        raise CheckInputError('%s: %r is not a duration' % (name, value))
    if isinstance(value, int):
        if value < 0:
            raise CheckInputError('%s: %s is negative; give a duration such as 7d' % (name, _short(value)))
        return _seconds_delta(value, name, value)
    text = value.strip().lower().replace(' ', '') if isinstance(value, str) else None
    if text and max(len(run) for run in re.findall(r'\d*', text)) > MAX_DIGITS:
        raise CheckInputError('%s: %s is too long to be a duration' % (name, _short(value)))
    match = _DURATION_RE.match(text) if text else None
    if text and text.isascii() and text.isdigit():
        return _seconds_delta(int(text), name, value)
    if not match:
        raise CheckInputError(
            '%s: %s is not a duration; use a number with a unit w, d, h, m or s, such as 7d, 36h, 90m, 2w or 1w2d'
            % (name, _short(value)))
    seconds = sum(int(match.group(unit) or 0) * size for unit, size in _DURATION_UNITS)
    return _seconds_delta(seconds, name, value)


def _short(value):
    """``repr(value)`` for a message, cut to 60 characters saying how long it was."""
    try:
        text = repr(value)
    except ValueError:  # an int of more than 4300 digits
        return 'a number of more than 4300 digits'
    return text if len(text) <= 60 else '%s... (%d characters, cut)' % (text[:60], len(text))


def _seconds_delta(seconds, name, value):
    try:
        return datetime.timedelta(seconds=seconds)
    except OverflowError:
        raise CheckInputError('%s: %s is too long: a duration can be at most 999999999 days' % (name, _short(value)))


def add_duration(instant, delta, name, what):
    """``instant + delta``; past year 9999 (or before year 1) the :class:`CheckInputError` names the option
    ``name`` and says what the sum was (``what``), never Python's "date value out of range"."""
    try:
        return instant + delta
    except OverflowError:
        raise CheckInputError('%s: %s (%s + %s) is past the last instant a date can hold (9999-12-31T23:59:59.999Z); '
                              'give a shorter %s' % (name, what, format_iso(instant), format_duration(delta), name))


def format_duration(delta):
    """A short human form of a timedelta: ``6d 23h``, ``5h 4m``, ``45s``; negative values get a minus."""
    total = int(delta.total_seconds())
    sign = '-' if total < 0 else ''
    total = abs(total)
    parts = []
    for unit, size in (('d', 86400), ('h', 3600), ('m', 60), ('s', 1)):
        count, total = divmod(total, size)
        if count:
            parts.append('%d%s' % (count, unit))
    if not parts:
        return '0s'
    return sign + ' '.join(parts[:2])
