# -*- coding: utf-8 -*-
# Copyright (c) useapi.accounts contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: this module_utils file is private to the useapi.accounts collection.
# Its interface may change at any time; do not import it from other collections.

"""Text from outside (ids, the API's texts) shown safely for its medium. Pure functions.

An id or an API text can hold anything: a newline that forges a line of the printed verdict, an
escape sequence that drives the terminal, a NUL that makes XML unparseable, a right-to-left
override that makes ``moc.elpmaxe@a`` read as something else, or a megabyte. Whatever shows one:

- :func:`safe_text` cuts it to a length (saying how long it was) and escapes every character that
  is not printable (what Python's ``repr`` escapes: C0 and C1 controls, DEL, line and paragraph
  separators, bidi and other format characters, surrogates, unassigned code points) as ``\\n``,
  ``\\x1b``, ``\\u202e``. Its result is one line, and valid in XML 1.0.
- :func:`markdown_text` is one table cell: also no Markdown emphasis, link, image, HTML or autolink.

The reports keep exact values where the format escapes by itself (JSON, Prometheus label values).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

# How much of an API text (an account's error, an error body's message) is shown.
TEXT_LIMIT = 300

_ESCAPES = {'\n': '\\n', '\r': '\\r', '\t': '\\t'}
_MARKDOWN = (('&', '&amp;'), ('\\', '\\\\'), ('|', '\\|'), ('<', '&lt;'), ('>', '&gt;'), ('`', '\\`'), ('*', '\\*'),
             ('_', '\\_'), ('[', '\\['), (']', '\\]'), ('~', '\\~'))
# GitHub links ``http://...`` and ``www....`` by themselves: a backslash before the ``:`` or ``.`` stops it.
_AUTOLINK = re.compile(r'(:)(?=//)|(?<=www)(\.)', re.IGNORECASE)
_SURROGATE = re.compile(u'[\ud800-\udfff]')


def _escape(char):
    if char in _ESCAPES:
        return _ESCAPES[char]
    code = ord(char)
    if code < 0x100:
        return '\\x%02x' % code
    if code < 0x10000:
        return '\\u%04x' % code
    return '\\U%08x' % code


def cut_note(length):
    """What a cut text ends with, saying how long the whole was: ``... (1048576 characters, cut)``."""
    return '... (%d characters, cut)' % length


def cut(text, limit=TEXT_LIMIT):
    """``text`` cut to ``limit`` characters, saying how long it was: ``abc... (1048576 characters, cut)``."""
    if limit is None or len(text) <= limit:
        return text
    return text[:limit] + cut_note(len(text))


def safe_text(value, limit=None):
    """``value`` (made a string) cut to ``limit`` characters (``None``: not cut) and with every
    character that is not printable escaped; a space stays a space."""
    text = cut(value if isinstance(value, str) else str(value), limit)
    if text.isprintable():
        return text
    return ''.join(char if char == ' ' or char.isprintable() else _escape(char) for char in text)


def markdown_text(value, limit=None):
    """``value`` as the text of one Markdown table cell: whitespace runs (newlines included) become one
    space, other unprintable characters are escaped, and nothing in it can be emphasis, code, HTML, an
    entity, a link, an image or an autolink, or end the cell (with ``[`` and ``]`` escaped, no ``(...)``
    can make a link, so parentheses stay as they are)."""
    text = safe_text(' '.join(cut(value if isinstance(value, str) else str(value), limit).split()))
    for char, escaped in _MARKDOWN:
        if char in text:
            text = text.replace(char, escaped)
    return _AUTOLINK.sub(lambda match: '\\' + match.group(0), text)


def without_surrogates(text):
    """``text`` with each unpaired surrogate (which no UTF-8 file can hold) written as the JSON escape
    ``\\udXXX``: inside a JSON document's strings that keeps the value exact."""
    return _SURROGATE.sub(lambda match: '\\u%04x' % ord(match.group(0)), text)
