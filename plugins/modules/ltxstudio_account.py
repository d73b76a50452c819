#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) useapi.accounts contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ltxstudio_account
short_description: Add, update or remove one useapi.net LTX Studio account
version_added: 1.0.0
description:
  - Adds or updates an LTX Studio account in the useapi.net configuration (C(POST /accounts)),
    or removes it (C(DELETE /accounts/{email})).
  - The API works the account's email out of the cookie. The module reads the current state with
    C(GET /accounts/{email}) first, and after a C(POST) checks that the API answered with O(email).
  - The API never returns cookie values, so the module cannot compare them. O(update_cookie) decides
    whether an existing account gets the cookie again, like O(ansible.builtin.user#module:update_password).
author:
  - useapi.accounts maintainers (@useapi-accounts)
extends_documentation_fragment:
  - useapi.accounts.connection
  - useapi.accounts.connection.actiongroup
  - useapi.accounts.attributes
attributes:
  check_mode:
    support: full
    details:
      - Reads the current state and reports what would change; sends no C(POST) or C(DELETE).
  diff_mode:
    support: full
    details:
      - The diff shows C(maxJobs), C(lt_id) and the token expiry, never a cookie secret.
  facts:
    support: none
  idempotent:
    support: full
    details:
      - A second run with the same arguments reports no change, unless O(update_cookie=always) (which always
        resends the cookie) or the account changed in between.
options:
  email:
    description:
      - The account's email, as useapi.net shows it. Percent-encoded as UTF-8 in URLs.
    type: str
    required: true
  state:
    description:
      - V(present) adds the account or updates it; V(absent) removes it.
    type: str
    choices: [present, absent]
    default: present
  cookie:
    description:
      - The LTX Studio C(Cookie) header string with C(lt_id), C(lt_token) and C(lt_refresh_token),
        for example C(lt_id=...; lt_token=...; lt_refresh_token=...). Keep it in Ansible Vault.
      - Required with O(state=present). Checked for the three fields before any request; errors never echo it.
    type: str
  max_jobs:
    description:
      - How many jobs useapi.net may run at once on this account (the API's C(maxJobs)), 1 to 100.
    type: int
    default: 20
  update_cookie:
    description:
      - V(on_create) sends the cookie only when the account does not exist yet, or when O(max_jobs)
        or the cookie's C(lt_id) differs from the current account. A second identical run is unchanged.
      - V(always) sends the cookie every time, for example to replace an expired or rejected token;
        the task then always reports a change.
      - The alias O(update_credentials) is the name the other services' account modules use.
    type: str
    choices: [always, on_create]
    default: on_create
    aliases: [update_credentials]
notes:
  - The API's own messages come through in errors, for example HTTP 400 C(Missing required cookie fields),
    402 C(Subscription required) and 596 (account in error state).
  - Every option is checked before the first request, O(email) too (not empty, V(.) or V(..), no control
    character, an C(@)). A C(DELETE) answered with 404 (the account went away meanwhile) reports no change.
  - The same code serves the other services' account modules, such as M(useapi.accounts.kling_account).
seealso:
  - module: useapi.accounts.ltxstudio_accounts_info
  - module: useapi.accounts.ltxstudio_check
'''

EXAMPLES = r'''
- name: Add an account, or fix its maxJobs (cookie from Ansible Vault)
  useapi.accounts.ltxstudio_account:
    email: render@example.com
    cookie: "{{ vault_ltx_cookies['render@example.com'] }}"
    max_jobs: 10

- name: Re-add an account with fresh cookies after its token expired
  useapi.accounts.ltxstudio_account:
    email: render@example.com
    cookie: "{{ vault_ltx_cookies['render@example.com'] }}"
    update_cookie: always

- name: Remove an account that sits in an error state
  useapi.accounts.ltxstudio_account:
    email: broken@example.com
    state: absent
'''

RETURN = r'''
account:
  description:
    - The account as the API gives it after the change (or as it is, when nothing changed),
      normalised and masked exactly as M(useapi.accounts.ltxstudio_accounts_info) does.
    - Empty after O(state=absent). In check mode, the current account with the planned C(maxJobs).
  returned: always
  type: dict
  sample:
    email: render@example.com
    cookie: {lt_id: user12345, lt_token: "\u2026secured\u2026", lt_refresh_token: "\u2026secured\u2026"}
    maxJobs: 10
    tokenExpire: 1751544794000
    tokenExpireUTC: "2025-07-03T12:13:14.000Z"
previous:
  description: The account before the change, normalised and masked; empty when it did not exist.
  returned: always
  type: dict
  sample: {}
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.useapi.accounts.plugins.module_utils._errors import UseapiError, error_result
from ansible_collections.useapi.accounts.plugins.module_utils._write import ensure, module_kwargs

SERVICE = 'ltxstudio'


def main():
    module = AnsibleModule(**module_kwargs(SERVICE))
    try:
        result = ensure(SERVICE, module.params, check_mode=module.check_mode, diff=module._diff)
    except UseapiError as error:
        module.fail_json(**error_result(error, changed=False))
    module.exit_json(**result)


if __name__ == '__main__':
    main()
