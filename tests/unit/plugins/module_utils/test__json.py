# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The strict JSON parser (issue 16, items 2-4): what json.loads accepts and we refuse."""

from __future__ import annotations

import json

import pytest

from ansible_collections.useapi.accounts.plugins.module_utils._json import MAX_DEPTH, StrictJsonError, strict_loads


def test_an_ordinary_configuration_parses_to_plain_dicts():
    data = strict_loads(b'{"a@example.com": {"maxJobs": 3, "x": [1.5, null, true], "tokenExpire": 1751544794000}}')
    assert data == {'a@example.com': {'maxJobs': 3, 'x': [1.5, None, True], 'tokenExpire': 1751544794000}}
    assert data.__class__ is dict and data['a@example.com'].__class__ is dict  # plain dicts, not a subclass


@pytest.mark.parametrize('depth', [100000, 2000, MAX_DEPTH + 1])
def test_deep_nesting_is_our_error_not_a_recursion_error(depth):
    with pytest.raises(StrictJsonError) as caught:
        strict_loads('[' * depth + ']' * depth)
    assert 'nesting deeper than %d levels' % MAX_DEPTH in str(caught.value)
    assert 'recursion' not in str(caught.value)


def test_nesting_up_to_the_limit_is_fine():
    assert strict_loads('[' * MAX_DEPTH + ']' * MAX_DEPTH)


def test_an_unclosed_deep_array_is_refused_too():
    with pytest.raises(ValueError) as caught:
        strict_loads('[' * 100000)
    assert 'recursion' not in str(caught.value)


def test_duplicate_keys_name_the_key_and_where():
    with pytest.raises(StrictJsonError) as caught:
        strict_loads('{"a@example.com": {"maxJobs": 1}, "a@example.com": {"maxJobs": 2}}')
    assert str(caught.value).startswith('the key a@example.com appears more than once in the same object at the top level')
    with pytest.raises(StrictJsonError) as caught:
        strict_loads('{"a@example.com": {"cookie": {"lt_token": "SECRET1", "lt_token": "SECRET2"}}}')
    message = str(caught.value)
    assert 'the key lt_token appears more than once' in message and 'at a@example.com > cookie' in message
    assert 'SECRET' not in message


@pytest.mark.parametrize('number, what', [('1e400', 'a number too large to be finite'),
                                          ('-1e400', 'a number too large to be finite'),
                                          ('Infinity', 'the non-JSON constant Infinity'),
                                          ('-Infinity', 'the non-JSON constant -Infinity'),
                                          ('NaN', 'the non-JSON constant NaN'),
                                          ('1' + '0' * 30, 'an integer out of range'),
                                          ('1' + '0' * 5000, 'an integer out of range')])
def test_numbers_that_are_not_finite_64_bit_values_name_the_account_and_field(number, what):
    with pytest.raises(StrictJsonError) as caught:
        strict_loads('{"a@example.com": {"email": "a@example.com", "tokenExpire": %s}}' % number)
    assert str(caught.value).startswith(what), caught.value
    assert str(caught.value).endswith('at a@example.com > tokenExpire'), caught.value


def test_the_result_is_always_valid_strict_json():
    data = strict_loads('{"a": [1e308, -9223372036854775807, 0.5]}')
    json.dumps(data, allow_nan=False)


def test_syntax_errors_stay_value_errors():
    with pytest.raises(ValueError) as caught:
        strict_loads('{"a": ')
    assert not isinstance(caught.value, StrictJsonError)


# -- issue 20: lone surrogates, and a bound on the objects read -----------------------------------

@pytest.mark.parametrize('text, where', [
    (b'{"a@example.com": {"error": "\\ud800"}}', "at a@example.com > error"),
    (b'{"a@example.com": {"x": ["ok", "\\uDFFF tail"]}}', 'at a@example.com > x > [1]'),
    (b'{"a\\udc00@example.com": {}}', 'a key holds'),
    (b'["\\ude00\\ud83d"]', 'at [0]'),  # a low surrogate before a high one is no pair
    (u'["\ud800"]', 'at [0]'),  # a str with a raw lone surrogate, not only the \\u escape
])
def test_a_lone_surrogate_is_our_error(text, where):
    with pytest.raises(StrictJsonError) as caught:
        strict_loads(text)
    message = str(caught.value)
    assert 'lone UTF-16 surrogate' in message and where in message
    message.encode('utf-8')  # the message itself can be written anywhere


def test_a_paired_surrogate_is_one_character():
    assert strict_loads(b'{"a": "\\ud83d\\ude00"}') == {'a': u'\U0001F600'}


def test_a_key_with_control_characters_is_shown_escaped():
    with pytest.raises(StrictJsonError) as caught:
        strict_loads(b'{"a\\nforged line": {"x": 1e999}}')
    assert '\n' not in str(caught.value) and "'a\\nforged line'" in str(caught.value)


def test_more_objects_than_any_configuration_needs_stop_the_parse(monkeypatch):
    from ansible_collections.useapi.accounts.plugins.module_utils import _json
    monkeypatch.setattr(_json, 'MAX_OBJECTS', 100)
    assert len(strict_loads('{%s}' % ','.join('"%d": {}' % index for index in range(99)))) == 99
    with pytest.raises(StrictJsonError) as caught:
        strict_loads('{%s}' % ','.join('"%d": {}' % index for index in range(100)))
    assert 'more than 100 JSON objects' in str(caught.value)


def test_a_million_empty_accounts_are_refused_by_the_object_bound():
    body = ('{%s}' % ','.join('"%d":{}' % index for index in range(1000000))).encode()
    with pytest.raises(StrictJsonError) as caught:
        strict_loads(body)
    assert 'more than 200000 JSON objects' in str(caught.value)
