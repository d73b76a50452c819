# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Instants and durations: ISO and epoch-ms forms, zones, fractions, durations."""

from __future__ import annotations

import datetime
import os
import time

import pytest

from ansible_collections.useapi.accounts.plugins.module_utils._errors import CheckInputError, TimeFormatError, UseapiError
from ansible_collections.useapi.accounts.plugins.module_utils._time import (
    epoch_ms,
    format_duration,
    format_iso,
    from_epoch_ms,
    parse_duration,
    parse_instant,
    parse_iso,
    to_epoch_ms,
)

UTC = datetime.timezone.utc
INSTANT = datetime.datetime(2025, 7, 3, 12, 13, 14, tzinfo=UTC)


@pytest.mark.parametrize('text, expected', [
    ('2025-07-03T12:13:14Z', INSTANT),
    ('2025-07-03T12:13:14.000Z', INSTANT),
    ('2025-07-03T12:13:14+00:00', INSTANT),
    ('2025-07-03T12:13:14.000+00:00', INSTANT),
    ('2025-07-03T14:13:14+02:00', INSTANT),
    ('2025-07-03T07:13:14-0500', INSTANT),
    ('2025-07-03T12:13:14.5Z', INSTANT.replace(microsecond=500000)),
    ('2025-07-03T12:13:14.123456789Z', INSTANT.replace(microsecond=123456)),
    ('2025-07-03 12:13:14z', INSTANT),
])
def test_parse_iso_accepts_zoned_forms(text, expected):
    parsed = parse_iso(text)
    assert parsed == expected
    assert parsed.tzinfo == UTC


@pytest.mark.parametrize('text', ['2025-07-03T12:13:14', '2025-07-03T12:13:14.000'])
def test_parse_iso_rejects_zoneless(text):
    with pytest.raises(TimeFormatError, match='no time zone'):
        parse_iso(text)


@pytest.mark.parametrize('text', ['soon', '', '2025-13-03T12:13:14Z', '2025-07-03', '2025-07-03T25:00:00Z',
                                  '2025-07-03T12:13:14+25:00'])
def test_parse_iso_rejects_garbage(text):
    with pytest.raises(TimeFormatError):
        parse_iso(text)


def test_parse_iso_rejects_non_strings():
    with pytest.raises(TimeFormatError, match='expected an ISO-8601 string'):
        parse_iso(1751544794000)


def test_the_time_layer_raises_its_own_error_not_the_checks():
    with pytest.raises(TimeFormatError) as caught:
        parse_iso('soon')
    assert not isinstance(caught.value, CheckInputError) and isinstance(caught.value, UseapiError)


@pytest.mark.parametrize('value, expected', [
    (1751544794000, 1751544794000),
    (1751544794000.4, 1751544794000),
    ('1751544794000', 1751544794000),
    (1751544794, 1751544794000),          # seconds, by mistake: converted
    ('1751544794', 1751544794000),
    (0, 0),
])
def test_epoch_ms_reads_milliseconds_and_seconds(value, expected):
    assert epoch_ms(value) == expected


@pytest.mark.parametrize('value', [None, True, False, -5, 'soon', '', float('nan'), float('inf'), [], {}, 10 ** 20])
def test_epoch_ms_refuses_what_is_not_an_epoch(value):
    assert epoch_ms(value) is None


def test_epoch_round_trip_and_iso_format():
    assert from_epoch_ms(1751544794000) == INSTANT
    assert to_epoch_ms(INSTANT) == 1751544794000
    assert format_iso(INSTANT.replace(microsecond=987654)) == '2025-07-03T12:13:14.987Z'
    other_zone = INSTANT.astimezone(datetime.timezone(datetime.timedelta(hours=-7)))
    assert format_iso(other_zone) == '2025-07-03T12:13:14.000Z'


@pytest.mark.parametrize('instant, text', [
    (datetime.datetime(2026, 1, 2, 3, 4, 5, 6000, tzinfo=UTC), '2026-01-02T03:04:05.006Z'),
    (datetime.datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC), '9999-12-31T23:59:59.999Z'),
    (datetime.datetime(1, 1, 1, tzinfo=UTC), '0001-01-01T00:00:00.000Z'),
    (datetime.datetime(999, 7, 3, 12, 13, 14, 999, tzinfo=UTC), '0999-07-03T12:13:14.000Z'),
])
def test_iso_format_is_zero_padded_and_parses_back(instant, text):
    assert format_iso(instant) == text
    assert parse_iso(text) == instant.replace(microsecond=instant.microsecond // 1000 * 1000)


def test_results_do_not_depend_on_the_machine_tz(monkeypatch):
    if not hasattr(time, 'tzset'):
        pytest.skip('time.tzset is not available')
    seen = []
    for zone in ('UTC', 'Pacific/Kiritimati', 'America/Los_Angeles', 'Asia/Kathmandu'):
        monkeypatch.setenv('TZ', zone)
        time.tzset()
        seen.append((parse_iso('2025-07-03T12:13:14.000Z'), from_epoch_ms(1751544794000),
                     format_iso(from_epoch_ms(1751544794000)), to_epoch_ms(INSTANT)))
    monkeypatch.delenv('TZ')
    time.tzset()
    assert len(set(seen)) == 1, seen
    assert os.environ.get('TZ') is None


@pytest.mark.parametrize('text, seconds', [
    ('7d', 7 * 86400), ('36h', 36 * 3600), ('90m', 90 * 60), ('2w', 14 * 86400),
    ('1w2d', 9 * 86400), ('1w2d3h4m5s', 9 * 86400 + 3 * 3600 + 4 * 60 + 5), ('0s', 0),
    ('45', 45), (3600, 3600), (' 7D ', 7 * 86400),
])
def test_parse_duration(text, seconds):
    assert parse_duration(text) == datetime.timedelta(seconds=seconds)


@pytest.mark.parametrize('text', ['', '7x', 'd7', '7 days', '-1d', '2d1w', 'abc', None, True, -3, [7]])
def test_parse_duration_rejects_bad_values_naming_the_option(text):
    with pytest.raises(CheckInputError) as caught:
        parse_duration(text, name='accounts_check_min_validity')
    assert 'accounts_check_min_validity' in str(caught.value)


def test_parse_instant_needs_a_zone_and_names_the_option():
    assert parse_instant('2026-11-25T00:00:00Z') == datetime.datetime(2026, 11, 25, tzinfo=UTC)
    with pytest.raises(CheckInputError, match='^accounts_check_now: '):
        parse_instant('2026-11-25T00:00:00', name='accounts_check_now')
    with pytest.raises(CheckInputError, match='no time zone'):
        parse_instant(datetime.datetime(2026, 11, 25))


@pytest.mark.parametrize('seconds, text', [
    (0, '0s'), (45, '45s'), (3660, '1h 1m'), (6 * 86400 + 23 * 3600 + 59 * 60, '6d 23h'), (-90, '-1m 30s'),
])
def test_format_duration(seconds, text):
    assert format_duration(datetime.timedelta(seconds=seconds)) == text


@pytest.mark.parametrize('text', ['\u00b2', '\u0667d', '7\u00b9d', '\u0661\u0662h'])
def test_durations_take_ascii_digits_only_and_never_crash(text):
    # str.isdigit() is true for '²', which int() rejects: that used to escape as a ValueError.
    with pytest.raises(CheckInputError, match='is not a duration'):
        parse_duration(text, name='accounts_check_min_validity')


@pytest.mark.parametrize('text', ['\u0662\u0660\u0662\u0665-07-05T12:13:14Z', '2025-07-05T12:13:14+05:60',
                                  '2025-07-05T12:13:14+0599'])
def test_iso_instants_take_ascii_digits_and_real_offsets_only(text):
    with pytest.raises(TimeFormatError):
        parse_iso(text)


def test_epoch_strings_take_ascii_digits_only():
    assert epoch_ms('\u0661\u0667\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660') is None
    assert epoch_ms('1700000000000') == 1700000000000


# -- issue 20, item 11: the edges of the calendar give our own messages, naming the option or field ------

from ansible_collections.useapi.accounts.plugins.module_utils._time import add_duration, epoch_instant, epoch_value  # noqa: E402


@pytest.mark.parametrize('value', [10 ** 20, '9' * 30, '9' * 5000, '1' * 41 + 'd', '99999999999999999999w', 2 ** 200])
def test_durations_too_long_for_a_timedelta_are_our_error(value):
    with pytest.raises(CheckInputError, match=r'^min_validity: .* too long') as info:
        parse_duration(value, 'min_validity')
    assert 'out of range' not in str(info.value) and len(str(info.value)) < 300


@pytest.mark.parametrize('value', ['9' * 5000, '1' * 400 + '.5', '9' * 41, 10 ** 30, 1e300])
def test_epoch_values_no_date_can_hold_are_unreadable_not_a_crash(value):
    assert epoch_ms(value) is None
    assert epoch_value(value, 's') is None and epoch_instant(value, 's') is None and epoch_instant(value, 'ms') is None


def test_adding_past_year_9999_names_the_option():
    last = parse_instant('9999-12-31T00:00:00Z')
    with pytest.raises(CheckInputError, match=r'^min_validity: now plus min_validity \(9999-12-31T00:00:00.000Z \+ 7d\) '
                                              r'is past the last instant'):
        add_duration(last, datetime.timedelta(days=7), 'min_validity', 'now plus min_validity')
    assert add_duration(last, datetime.timedelta(hours=1), 'x', 'y') == parse_instant('9999-12-31T01:00:00Z')


@pytest.mark.parametrize('text', ['0001-01-01T00:00:00+01:00', '9999-12-31T23:59:59-01:00'])
def test_instants_an_offset_pushes_off_the_calendar_are_our_error(text):
    with pytest.raises(CheckInputError, match=r'^now: .* out of the range of dates'):
        parse_instant(text)


@pytest.mark.parametrize('value, option', [('x' * 100000, 'now'), (-10 ** 5000, 'min_validity'), ('y' * 100000, 'min_validity')],
                         ids=['now', 'negative', 'text'])
def test_messages_about_huge_values_stay_short(value, option):
    with pytest.raises(CheckInputError) as info:
        parse_instant(value) if option == 'now' else parse_duration(value, option)
    assert str(info.value).startswith(option + ': ') and len(str(info.value)) < 300
