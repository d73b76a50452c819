# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One reading of a Cookie header, shared by the client (what to keep out of messages) and the normaliser."""

from __future__ import annotations

import pytest

from ansible_collections.useapi.accounts.plugins.module_utils._cookie import (
    MASK,
    mask_cookie,
    parse_cookie_header,
)
from ansible_collections.useapi.accounts.plugins.module_utils._errors import json_kind
from ansible_collections.useapi.accounts.plugins.module_utils._services import service


def test_header_is_split_in_order_with_spaces_and_empty_parts_dropped():
    assert parse_cookie_header(' lt_id = u1 ;; lt_token=a=b; bare ;') == [('lt_id', 'u1'), ('lt_token', 'a=b'), ('bare', '')]
    assert parse_cookie_header('') == [] and parse_cookie_header(None) == []


@pytest.mark.parametrize('cookie, expected', [
    ('lt_id=u1; lt_token=RAW; lt_refresh_token=RAW2', {'lt_id': 'u1', 'lt_token': MASK, 'lt_refresh_token': MASK}),
    (['RAW'], MASK),
    (12345, MASK),
    ({'lt_id': {'nested': 'RAW'}, 'x': None}, {'lt_id': MASK, 'x': MASK}),
    ({'lt_id': 7, 'lt_token': 'RAW'}, {'lt_id': '7', 'lt_token': MASK}),
    ({'lt_id': True}, {'lt_id': MASK}),
])
def test_cookie_in_any_shape_comes_out_masked(cookie, expected):
    assert mask_cookie(cookie, service('ltxstudio')['public']) == expected


@pytest.mark.parametrize('value, plain, qualified', [
    ([1], 'an array', 'a JSON array'),
    ({}, 'an object', 'a JSON object'),
    ('x', 'a string', 'a JSON string'),
    (5, 'a number', 'a JSON number'),
    (2.5, 'a number', 'a JSON number'),
    (True, 'a boolean', 'a JSON boolean'),
    (None, 'null', 'JSON null'),
])
def test_json_kind_names_the_json_type(value, plain, qualified):
    assert json_kind(value) == plain
    assert json_kind(value, qualified=True) == qualified
