# -*- coding: utf-8 -*-
# Copyright (c) useapi.accounts contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):
    """Options, attributes and notes shared by the ``<service>_account`` modules.

    Private to the useapi.accounts collection: other collections must not use it.
    """

    DOCUMENTATION = r'''
options:
  state:
    description:
      - V(present) adds the account, or updates it when it differs; V(absent) removes it.
    type: str
    choices: [present, absent]
    default: present
  update_credentials:
    description:
      - The API never returns credentials (passwords, tokens, cookies), so the module cannot compare them.
      - V(on_create) sends them only when the account does not exist yet, or when a change needs them.
        A second identical run is unchanged.
      - V(always) sends them every time, for example to replace an expired or rejected token; the task then
        always reports a change.
    type: str
    choices: [always, on_create]
    default: on_create
attributes:
  check_mode:
    support: full
    details:
      - Reads the current state and reports what would change; sends no C(POST) or C(DELETE).
  diff_mode:
    support: full
    details:
      - The diff shows the account's id, its concurrency cap, its expiry and its C(error) or C(health),
        never a secret.
  facts:
    support: none
  idempotent:
    support: full
    details:
      - A second run with the same arguments reports no change, unless O(update_credentials=always) (which always
        resends the credentials) or the service itself changed the account in between.
notes:
  - >-
    Every option is checked before the first request: the id must not be empty, V(.) or V(..), nor hold a
    control character; the concurrency cap must be in the service's range; every credential the state needs
    must be given. A bad value fails the task with a message that names the option, and sends no request.
  - >-
    Credentials never appear in a message, a diff or a URL, and the returned accounts are masked exactly as
    M(useapi.accounts.accounts_info) masks them.
  - >-
    The module reads the account first (C(GET <root>/accounts/{id}), or C(GET <root>/accounts) where the
    single read has a side effect). V(state=absent) sends
    C(DELETE <root>/accounts/{id}) only when the account exists; the API's 204, its 200
    C({"deleted": true}) and its 404 for an account already gone all succeed, and the 404 reports no change.
  - >-
    The API's own messages come through in errors, for example HTTP 400 for a missing field,
    401 for a rejected token or credentials, 402 C(Subscription required) and 596 (account in error state).
'''
