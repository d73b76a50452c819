# -*- coding: utf-8 -*-
# Copyright (c) useapi.accounts contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: this module_utils file is private to the useapi.accounts collection.
# Its interface may change at any time; do not import it from other collections.

"""LTX Studio session cookies: one reading of a ``Cookie:`` header, one mask. Pure functions.

Both the HTTP client (which must keep the cookie values it sends out of its messages) and the
normaliser (which masks what the API returns) use this, so they never disagree on what a cookie's
values are. Only ``lt_id`` is public: it identifies the LTX Studio user and the API shows it.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

MASK = u'\u2026secured\u2026'
PUBLIC_COOKIE_KEYS = frozenset(['lt_id'])
REQUIRED_COOKIE_KEYS = ('lt_id', 'lt_token', 'lt_refresh_token')


def _parts(cookie):
    """Each non-empty ``;``-separated part of a header string as (name, has '=', value), stripped."""
    for part in (cookie or '').split(';'):
        part = part.strip()
        if part:
            name, sep, value = part.partition('=')
            yield name.strip(), bool(sep), value.strip()


def parse_cookie_header(cookie):
    """Split a ``Cookie:`` header string (``a=1; b=2``) into an ordered list of (name, value).

    A part without ``=`` gives its text as the name and an empty value.
    """
    return [(name, value) for name, dummy, value in _parts(cookie)]


def cookie_secrets(cookie):
    """Every text of a header string that must never be shown: each value except ``lt_id``'s,
    and each part without ``=`` (a pasted bare token, say), whole."""
    secrets = []
    for name, has_value, value in _parts(cookie):
        if not has_value:
            secrets.append(name)
        elif value and name not in PUBLIC_COOKIE_KEYS:
            secrets.append(value)
    return secrets


def missing_cookie_fields(cookie):
    """The required cookie names (lt_id, lt_token, lt_refresh_token) absent or empty in a header string."""
    present = dict(parse_cookie_header(cookie))
    return [name for name in REQUIRED_COOKIE_KEYS if not present.get(name)]


def cookie_lt_id(cookie):
    """The public ``lt_id`` of a Cookie header string, or ``None``."""
    return dict(parse_cookie_header(cookie)).get('lt_id') or None


def mask_cookie(cookie, public=PUBLIC_COOKIE_KEYS):
    """Return the cookie as a dict with every value except ``public`` ones (``lt_id``) replaced by the mask.

    A header string is split first; anything that is neither a string nor a dict becomes the mask.
    """
    if isinstance(cookie, str):
        items = parse_cookie_header(cookie)
    elif isinstance(cookie, dict):
        items = list(cookie.items())
    else:
        return MASK
    masked = {}
    for name, value in items:
        name = str(name)
        if name in public and isinstance(value, (str, int)) and not isinstance(value, bool):
            masked[name] = str(value)
        else:
            masked[name] = MASK
    return masked
