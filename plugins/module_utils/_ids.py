# -*- coding: utf-8 -*-
# Copyright (c) useapi.accounts contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: this module_utils file is private to the useapi.accounts collection.
# Its interface may change at any time; do not import it from other collections.

"""Account ids are identities: when two ids name the same account, by the service's id rules. Pure.

The rules, by the registry's ``id_format`` (docs/docsite/rst/guide_services.rst says the same):

``email`` and ``region_email``
    The ASCII letters ``A``-``Z`` match ``a``-``z``, in the local part, the domain and the region
    alike (``US:Ann@Example.com`` is ``us:ann@example.com``). useapi.net's pages state no rule for
    case; the collection has always matched emails without regard to case, and the providers behind
    these services do too. Every other character must be the same code point: no Unicode case
    folding and no NFKC, so ``kelvin@x.io`` is not the id spelt with U+212A KELVIN SIGN, nor is
    ``fi@x.io`` the one spelt with the ligature U+FB01. A look-alike is another account.
``text``
    Exact: the same code points.

Ids that are the same account by these rules are each checked (the configuration keys them
apart, so the API holds both); ids that only look alike are different accounts.

Masked list keys (the registry's ``list_keys_masked``: Google Flow keys its list by
``jo***@gmail.com``, two characters in the revision of Nov 17, 2025, one, ``a***@gmail.com``, in
that of Dec 1, 2025): a required email *could be* a masked key when the domains match and the
local part starts with the key's visible prefix, of any length, including none. One such key is
the account; two or more are ``ambiguous``: the check cannot tell which one is meant.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

MASK_MARK = '***'
# Only ASCII letters fold: str.lower() and str.casefold() would also turn U+212A KELVIN SIGN into "k".
_ASCII_LOWER = dict((code, code + 32) for code in range(ord('A'), ord('Z') + 1))

EXACT = 'exact'
MASKED = 'masked'
AMBIGUOUS = 'ambiguous'
MISSING = 'missing'


def identity(entry, account_id):
    """The form of ``account_id`` under which two ids of the service ``entry`` are the same account."""
    text = account_id if isinstance(account_id, str) else str(account_id)
    if entry['id_format'] in ('email', 'region_email'):
        return text.translate(_ASCII_LOWER)
    return text


def same_id(entry, one, other):
    """Whether ``one`` and ``other`` name the same account of the service ``entry``."""
    return identity(entry, one) == identity(entry, other)


def masked_parts(entry, account_id):
    """``(visible prefix, domain)`` of a masked list key (``jo***@gmail.com``), in identity form; ``None``
    when the service does not mask its list keys or the id is not masked."""
    if not entry.get('list_keys_masked') or not isinstance(account_id, str):
        return None
    local, at, domain = account_id.rpartition('@')
    if not at or not local.endswith(MASK_MARK):
        return None
    return identity(entry, local[:-len(MASK_MARK)]), identity(entry, domain)


def _could_be(entry, wanted, key):
    """Whether the required id ``wanted`` could be the account listed as ``key`` when one or both are masked."""
    mine, theirs = masked_parts(entry, wanted), masked_parts(entry, key)
    if mine is None and theirs is None:
        return False
    local, dummy, domain = identity(entry, wanted).rpartition('@')
    other_local, dummy, other_domain = identity(entry, key).rpartition('@')
    if mine is not None:
        local, domain = mine
    if theirs is not None:
        other_local, other_domain = theirs
    if domain != other_domain:
        return False
    if mine is not None and theirs is not None:
        return local.startswith(other_local) or other_local.startswith(local)
    return local.startswith(other_local) if theirs is not None else other_local.startswith(local)


class Index(object):
    """The keys of one service's configuration, indexed for matching required ids."""

    def __init__(self, entry, keys):
        self.entry = entry
        self.keys = list(keys)
        self.by_identity = {}
        self.masked = []
        for key in self.keys:
            self.by_identity.setdefault(identity(entry, key), []).append(key)
            if masked_parts(entry, key) is not None:
                self.masked.append(key)

    def match(self, wanted):
        """``(how, keys)`` for the required id ``wanted``: ``exact`` with every key that is the same
        account by the service's rules, else ``masked`` with the one masked key it could be,
        ``ambiguous`` with the two or more it could be, or ``missing`` with none."""
        exact = self.by_identity.get(identity(self.entry, wanted))
        if exact:
            # Two masked keys alike (A***@ and a***@) are two accounts whose masks look the same, not one.
            if len(exact) > 1 and any(masked_parts(self.entry, key) is not None for key in exact):
                return AMBIGUOUS, sorted(exact)
            return EXACT, sorted(exact)
        if not self.entry.get('list_keys_masked'):
            return MISSING, []
        # A masked required id (``jo***@gmail.com``) could be a full key as well as a masked one.
        candidates = self.keys if masked_parts(self.entry, wanted) is not None else self.masked
        found = sorted(key for key in candidates if _could_be(self.entry, wanted, key))
        if not found:
            return MISSING, []
        return (MASKED if len(found) == 1 else AMBIGUOUS), found


def match_required(entry, required, keys):
    """Each required id of ``required`` -> ``(how, keys)`` (see :meth:`Index.match`), for the configured ``keys``."""
    index = Index(entry, keys)
    return dict((wanted, index.match(wanted)) for wanted in required)
