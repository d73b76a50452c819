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
- nesting deep enough to end in Python's own "maximum recursion depth exceeded".

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
    return repr(text) if any(char in text for char in ' >\'"') or not text else text


def _where(path):
    if not path:
        return 'at the top level'
    return 'at %s' % ' > '.join(_shown(key) if isinstance(key, str) else '[%d]' % key for key in path)


def _walk(value):
    """Check the parsed tree without recursion: depth, refused numbers, duplicate keys."""
    stack = [(value, (), 1)]
    while stack:
        node, path, depth = stack.pop()
        if isinstance(node, _Refused):
            raise StrictJsonError('%s %s' % (node.what, _where(path)))
        if isinstance(node, dict):
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
    try:
        value = json.loads(text, object_pairs_hook=_pairs, parse_float=_float, parse_int=_int,
                           parse_constant=_constant)
    except RecursionError:
        raise StrictJsonError('nesting deeper than %d levels' % MAX_DEPTH)
    _walk(value)
    return _plain(value)
