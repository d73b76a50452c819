# -*- coding: utf-8 -*-
# Copyright (c) useapi.accounts contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: this module_utils file is private to the useapi.accounts collection.
# Its interface may change at any time; do not import it from other collections.

"""Session cookies: one reading of a ``Cookie:`` header, one mask. Pure functions.

Both the write modules (which must keep the cookie values they send out of messages) and the
normaliser (which masks what the API returns) use this, so they never disagree on what a cookie's
values are. Which names are public (LTX Studio's ``lt_id``) is the registry's ``public``.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

MASK = u'\u2026secured\u2026'


def parse_cookie_header(cookie):
    """Split a ``Cookie:`` header string (``a=1; b=2``) into an ordered list of (name, value), stripped,
    empty parts dropped.

    A part without ``=`` gives its text as the name and an empty value.
    """
    pairs = []
    for part in (cookie or '').split(';'):
        name, dummy, value = part.strip().partition('=')
        if name or dummy:
            pairs.append((name.strip(), value.strip()))
    return pairs


def mask_cookie(cookie, public):
    """Return the cookie as a dict with every value except those named in ``public`` (the registry's: LTX
    Studio's ``lt_id``) replaced by the mask.

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
