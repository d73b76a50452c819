# -*- coding: utf-8 -*-
# Copyright (c) useapi.accounts contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: this module_utils file is private to the useapi.accounts collection.
# Its interface may change at any time; do not import it from other collections.

"""The one JSON parser for every body the API sends: strict, and failing closed.

``json.loads`` alone accepts what no accounts configuration holds and what a fact must not carry:

- an object with the same key twice (the last copy silently wins: two accounts with one email
  would show as one),
- ``NaN``, ``Infinity`` and numbers such as ``1e400`` that overflow to infinity (not JSON: a
  strict parser of a fact file or a report rejects them),
- integers beyond 64 bits,
- nesting deep enough to end in Python's own "maximum recursion depth exceeded",
- strings (values or keys) with a lone UTF-16 surrogate (``"\\ud800"`` without its pair): not
  Unicode text, and no codec can write them into a fact or a report,
- more than :data:`MAX_OBJECTS` objects: the parse stops there, early, instead of building a
  million empty accounts (see ``_accounts.MAX_ACCOUNTS`` for the limit on accounts itself).

:func:`strict_loads` refuses all of them with a :class:`StrictJsonError` whose message names
where the problem is (the account and the field, as a path of keys) and never a value: a value
could be a cookie.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import math

# An accounts configuration is 4 levels deep; 64 leaves room for any answer we expect.
MAX_DEPTH = 64
MAX_INT = 2 ** 63 - 1
# Ten objects per account at the most accounts a configuration may have (``_accounts.MAX_ACCOUNTS``).
MAX_OBJECTS = 200000
_SHOWN_KEY = 60


class StrictJsonError(ValueError):
    """The body is JSON we refuse. ``reason`` is the message, without the request in it."""

    def __init__(self, reason):
        super(StrictJsonError, self).__init__(reason)
        self.reason = reason


class _Refused(object):
    """Stands where a refused number was, so that the walk can say where it was."""

    def __init__(self, what):
        self.what = what


class _Object(dict):
    """A parsed object that remembers the keys it saw more than once."""

    duplicates = ()


def _pairs(pairs):
    result = _Object()
    seen = set()
    duplicates = []
    for key, value in pairs:
        if key in seen and key not in duplicates:
            duplicates.append(key)
        seen.add(key)
        result[key] = value
    if duplicates:
        result.duplicates = duplicates
    return result


def _float(text):
    value = float(text)
    if math.isinf(value) or math.isnan(value):
        return _Refused('a number too large to be finite')
    return value


def _int(text):
    try:
        value = int(text)
    except ValueError:  # Python's own cap on the digits of an integer (4300)
        value = None
    if value is None or abs(value) > MAX_INT:
        return _Refused('an integer out of range (more than 64 bits)')
    return value


def _constant(name):
    return _Refused('the non-JSON constant %s' % name)


def _shown(key):
    text = key if len(key) <= _SHOWN_KEY else key[:_SHOWN_KEY] + '...'
    # repr escapes control characters and lone surrogates: a key cannot add a line to the message.
    return repr(text) if any(char in text for char in ' >\'"') or not text or not text.isprintable() else text


def _where(path):
    if not path:
        return 'at the top level'
    return 'at %s' % ' > '.join(_shown(key) if isinstance(key, str) else '[%d]' % key for key in path)


class _TooMany(Exception):
    """Raised from inside the parser when the document has more than MAX_OBJECTS objects."""


def _lone_surrogate(text):
    try:
        text.encode('utf-8')
    except UnicodeEncodeError:
        return True
    return False


_SURROGATE = ('a lone UTF-16 surrogate (a \\ud800-\\udfff escape without its pair), which is not Unicode text; '
              'the answer is not valid JSON text')


def _walk(value, surrogates=False):
    """Check the parsed tree without recursion: depth, refused numbers, duplicate keys (and, with
    ``surrogates``, lone surrogates in strings and keys)."""
    stack = [(value, (), 1)]
    while stack:
        node, path, depth = stack.pop()
        if isinstance(node, _Refused):
            raise StrictJsonError('%s %s' % (node.what, _where(path)))
        if surrogates and isinstance(node, str) and _lone_surrogate(node):
            raise StrictJsonError('a string holds %s, %s' % (_SURROGATE, _where(path)))
        if isinstance(node, dict):
            if surrogates and any(_lone_surrogate(key) for key in node):
                raise StrictJsonError('a key holds %s, %s' % (_SURROGATE, _where(path)))
            if node.duplicates:
                raise StrictJsonError('the key %s appears more than once in the same object %s (duplicate keys: '
                                      'refusing to guess which copy is meant)'
                                      % (_shown(node.duplicates[0]), _where(path)))
            children = [(child, path + (key,)) for key, child in node.items()]
        elif isinstance(node, list):
            children = [(child, path + (index,)) for index, child in enumerate(node)]
        else:
            continue
        if children and depth >= MAX_DEPTH:
            raise StrictJsonError('nesting deeper than %d levels %s' % (MAX_DEPTH, _where(path)))
        stack.extend((child, child_path, depth + 1) for child, child_path in reversed(children))


def _plain(value):
    """The tree with plain dicts, for callers that compare or serialise it."""
    if isinstance(value, dict):
        return dict((key, _plain(child)) for key, child in value.items())
    if isinstance(value, list):
        return [_plain(child) for child in value]
    return value


def strict_loads(text):
    """Parse ``text`` (str or UTF-8 bytes) as strict JSON; :class:`StrictJsonError` for what we refuse.

    Plain syntax errors stay ``ValueError`` (``json.JSONDecodeError``) or ``UnicodeDecodeError``,
    so that callers can keep describing "not JSON" bodies as they did.
    """
    if isinstance(text, bytes):
        text = text.decode('utf-8')
        raw_surrogate = False  # the bytes of a surrogate are not UTF-8: decode refused them
    else:
        raw_surrogate = _lone_surrogate(text)
    count = [0]

    def pairs(items):
        count[0] += 1
        if count[0] > MAX_OBJECTS:
            raise _TooMany()  # stops the parser at once: counting costs nothing, building does
        return _pairs(items)

    try:
        value = json.loads(text, object_pairs_hook=pairs, parse_float=_float, parse_int=_int,
                           parse_constant=_constant)
    except RecursionError:
        raise StrictJsonError('nesting deeper than %d levels' % MAX_DEPTH)
    except _TooMany:
        raise StrictJsonError('more than %d JSON objects, more than a configuration of the most accounts the '
                              'collection accepts needs; refusing to read further' % MAX_OBJECTS)
    # Otherwise a lone surrogate can only come from a \u escape: look for one only then.
    _walk(value, surrogates=raw_surrogate or '\\ud' in text or '\\uD' in text)
    return _plain(value)
