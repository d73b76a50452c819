# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Ids are identities (issue 20, items 4 and 10; issue 21, item 3): when two ids are the same account."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ansible_collections.useapi.accounts.plugins.module_utils._ids import (
    AMBIGUOUS,
    EXACT,
    MASKED,
    MISSING,
    identity,
    masked_parts,
    match_required,
    same_id,
)
from ansible_collections.useapi.accounts.plugins.module_utils._services import SERVICE_NAMES, service

KELVIN = u'\u212aelvin@x.io'  # KELVIN SIGN, which NFKC and str.casefold() both turn into "k"


def test_emails_match_without_regard_to_ascii_case_only():
    kling = service('kling')
    assert same_id(kling, 'Ann.Lee@Example.COM', 'ann.lee@example.com')
    assert not same_id(kling, KELVIN, 'kelvin@x.io') and unicodedata.normalize('NFKC', KELVIN) == 'Kelvin@x.io'
    assert KELVIN.casefold() == 'kelvin@x.io', 'the look-alike the old casefold() matched'
    assert not same_id(kling, u'\ufb01@x.io', 'fi@x.io'), 'the ligature is not the two letters'
    assert not same_id(kling, u'\u00c9@x.io', u'\u00e9@x.io'), 'only ASCII letters fold'
    assert not same_id(kling, u'stra\u00dfe@x.io', 'strasse@x.io')


def test_other_ids_match_exactly_and_region_emails_fold_their_region_too():
    assert not same_id(service('mureka'), 'Abc', 'abc')
    assert same_id(service('tempolor'), 'u-1', 'u-1')
    dreamina = service('dreamina')
    assert same_id(dreamina, 'US:Ann@example.com', 'us:ann@EXAMPLE.com')
    assert not same_id(dreamina, 'CA:ann@example.com', 'US:ann@example.com')
    assert identity(dreamina, u'US:\u212aelvin@x.io') != identity(dreamina, 'US:kelvin@x.io')


def test_case_different_keys_are_each_the_required_account():
    matches = match_required(service('ltxstudio'), ['a@b.c'], ['A@b.c', 'a@b.c', 'b@b.c'])
    assert matches == {'a@b.c': (EXACT, ['A@b.c', 'a@b.c'])}


def test_a_look_alike_key_is_not_the_required_account():
    assert match_required(service('ltxstudio'), ['kelvin@x.io'], [KELVIN]) == {'kelvin@x.io': (MISSING, [])}
    assert match_required(service('ltxstudio'), [KELVIN], ['kelvin@x.io']) == {KELVIN: (MISSING, [])}


# get-google-flow-accounts: "jo***@gmail.com" (rev. Nov 17, 2025), "a***@gmail.com" (rev. Dec 1, 2025).
@pytest.mark.parametrize('keys, wanted, expected', [
    (['a***@gmail.com', 'b***@gmail.com'], 'alice@gmail.com', (MASKED, ['a***@gmail.com'])),
    (['jo***@gmail.com', 'an***@gmail.com'], 'john.doe@gmail.com', (MASKED, ['jo***@gmail.com'])),
    (['***@gmail.com'], 'x@gmail.com', (MASKED, ['***@gmail.com'])),
    (['a***@Gmail.com'], 'Alice@gmail.com', (MASKED, ['a***@Gmail.com'])),
    (['a***@gmail.com'], 'alice@example.com', (MISSING, [])),
    (['al***@gmail.com'], 'a@gmail.com', (MISSING, [])),
    (['a***@gmail.com', 'A***@gmail.com'], 'alice@gmail.com', (AMBIGUOUS, ['A***@gmail.com', 'a***@gmail.com'])),
    (['a***@gmail.com', 'al***@gmail.com'], 'alice@gmail.com', (AMBIGUOUS, ['a***@gmail.com', 'al***@gmail.com'])),
    (['alice@gmail.com', 'a***@gmail.com'], 'alice@gmail.com', (EXACT, ['alice@gmail.com'])),
    (['jo***@gmail.com'], 'jo***@gmail.com', (EXACT, ['jo***@gmail.com'])),
    (['a***@gmail.com', 'A***@gmail.com'], 'a***@gmail.com', (AMBIGUOUS, ['A***@gmail.com', 'a***@gmail.com'])),
    (['j***@gmail.com'], 'jo***@gmail.com', (MASKED, ['j***@gmail.com'])),
    (['john@gmail.com'], 'jo***@gmail.com', (MASKED, ['john@gmail.com'])),
])
def test_a_required_email_matches_a_masked_key_at_any_mask_length(keys, wanted, expected):
    assert match_required(service('google-flow'), [wanted], keys) == {wanted: expected}


def test_only_services_that_mask_their_list_read_masks():
    assert masked_parts(service('kling'), 'a***@gmail.com') is None
    assert match_required(service('kling'), ['alice@gmail.com'], ['a***@gmail.com']) == {
        'alice@gmail.com': (MISSING, [])}
    assert masked_parts(service('google-flow'), 'A***@Gmail.com') == ('a', 'gmail.com')
    assert masked_parts(service('google-flow'), 'alice@gmail.com') is None


@settings(max_examples=300, deadline=None)
@given(name=st.sampled_from(SERVICE_NAMES), wanted=st.text(max_size=24),
       keys=st.lists(st.text(max_size=16) | st.sampled_from(['a***@gmail.com', '***@x.io', 'A@b.c', KELVIN]),
                     max_size=6))
def test_any_id_string_gives_a_match_missing_or_ambiguous_never_an_exception(name, wanted, keys):
    how, found = match_required(service(name), [wanted], keys)[wanted]
    assert how in (EXACT, MASKED, AMBIGUOUS, MISSING)
    assert set(found) <= set(keys)
    assert (how == MISSING) == (found == [])
    assert how != AMBIGUOUS or len(found) >= 2
    assert how != MASKED or len(found) == 1
    for key in found if how == EXACT else ():
        # Never through a look-alike: every character the same, or the same ASCII letter in another case.
        assert len(key) == len(wanted) and all(
            mine == theirs or (mine.isascii() and theirs.isascii() and mine.lower() == theirs.lower())
            for mine, theirs in zip(key, wanted)), (key, wanted)
