# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Text from outside shown safely: escaped, cut with its length, neutral in Markdown (issue 20, item 7)."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ansible_collections.useapi.accounts.plugins.module_utils._text import (
    TEXT_LIMIT,
    cut,
    markdown_text,
    safe_text,
    without_surrogates,
)

UNESCAPED_LINK = re.compile(r'(?<!\\)\]\(|(?<!\\)\[')
HOSTILE = ['a\nb', 'a\r\nb', '\x1b[2J\x1b[31mred', 'nul\x00here', 'del\x7f', 'c1\x85\x9b', 'ls\u2028ps\u2029',
           'bidi\u202emoc.elpmaxe', 'iso\u2066x\u2069', 'zw\u200bsp', 'bom\ufeff', 'lone\ud800', 'non\ufffe\uffff']


@pytest.mark.parametrize('text', HOSTILE)
def test_every_unprintable_character_is_escaped_on_one_line(text):
    shown = safe_text(text)
    assert shown.isprintable() and '\n' not in shown
    ElementTree.fromstring('<a b="%s">%s</a>' % (shown, shown))  # valid XML 1.0


def test_printable_text_is_unchanged_and_escapes_are_readable():
    assert safe_text('kelvin@x.io ünï©ødé 漢字 ✅') == 'kelvin@x.io ünï©ødé 漢字 ✅'
    assert safe_text('a\nb\tc\x1b\x00\u202e\U000e0001') == 'a\\nb\\tc\\x1b\\x00\\u202e\\U000e0001'
    assert safe_text(42) == '42'


def test_long_texts_are_cut_saying_how_long_they_were():
    text = 'x' * 1048576
    assert cut(text) == 'x' * TEXT_LIMIT + '... (1048576 characters, cut)'
    assert safe_text(text, 10) == 'xxxxxxxxxx... (1048576 characters, cut)'
    assert cut('short') == 'short' and cut('x' * 5, None) == 'xxxxx'


def test_markdown_cells_have_no_link_html_emphasis_or_column():
    shown = markdown_text('[click](https://evil.example/x) ![i](http://e/i.png) <b>x</b> *em* _u_ `c` | www.evil.io &amp;')
    for raw in ('[click]', '<b>', '*em*', '_u_', '`c`', ' | ', 'https://', 'http://', 'www.evil'):
        assert raw not in shown, raw
    assert not UNESCAPED_LINK.search(shown)
    assert '\\[click\\]' in shown and 'https\\://' in shown and 'www\\.evil' in shown and '&amp;amp;' in shown
    assert markdown_text('a\nb\x1b') == 'a b\\\\x1b'  # the escape's backslash is itself escaped for Markdown


def test_surrogates_become_json_escapes():
    assert without_surrogates('a\ud800b') == 'a\\ud800b'
    assert without_surrogates('ok é') == 'ok é'


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_any_text_is_shown_printable_and_valid_in_xml(text):
    shown = safe_text(text, 20)
    assert shown.isprintable()
    ElementTree.fromstring('<a>%s</a>' % shown.replace('&', '&amp;').replace('<', '&lt;'))
    cell = markdown_text(text)
    assert '\n' not in cell and not UNESCAPED_LINK.search(cell) and '<' not in cell
    assert cell.replace('\\|', '').count('|') == 0
