#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) useapi.accounts contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: mureka_account
short_description: Add, update or remove one useapi.net Mureka account
version_added: 2.0.0
description:
  - Adds or updates a Mureka account in the useapi.net configuration, or removes it.
  - Adding and updating is C(POST /v1/mureka/accounts) with C(sessionCookie), the method with automatic refresh,
    answered with 200 and the account keyed by its id. Removing is C(DELETE /v1/mureka/accounts/{account}). The
    legacy C(POST /accounts/{account}) with a token renewed by hand is not used.
  - The API works the account out of the cookie; after a C(POST) the module checks that the API answered with
    O(account), and fails when the cookie belongs to another Mureka user.
  - 'Mureka has no concurrency cap: an existing account is left alone unless O(update_credentials=always).'
author:
  - useapi.accounts maintainers (@useapi-accounts)
extends_documentation_fragment:
  - useapi.accounts.connection
  - useapi.accounts.connection.actiongroup_useapi
  - useapi.accounts.attributes
  - useapi.accounts.account
options:
  account:
    description:
      - 'The Mureka account as useapi.net keys it: the numeric Mureka user id. Percent-encoded as UTF-8 in URLs.
        Must not be empty, V(.) or V(..), nor hold a control character.'
    type: str
    required: true
  session_cookie:
    description:
      - 'The C(__Secure-3PSID) cookie of accounts.google.com: the row as copied from Chrome DevTools
        (tab-separated), or an object with its C(value) and C(expires). Keep it in Ansible Vault.'
      - Required with O(state=present).
    type: raw
seealso:
  - module: useapi.accounts.accounts_info
  - module: useapi.accounts.check
  - name: useapi.net Mureka API
    description: The calls this module makes.
    link: https://useapi.net/docs/api-mureka-v1/post-mureka-accounts.html
'''

EXAMPLES = r'''
- name: Add a Mureka account (the DevTools cookie row from Ansible Vault)
  useapi.accounts.mureka_account:
    account: "64532357578753"
    session_cookie: "{{ vault_mureka_cookies['64532357578753'] }}"

- name: Add one with the cookie as value and expiry
  useapi.accounts.mureka_account:
    account: "64532357578753"
    session_cookie:
      value: "{{ vault_mureka_cookie_value }}"
      expires: "2027-02-23T04:38:16.033Z"
    update_credentials: always

- name: Remove a Mureka account
  useapi.accounts.mureka_account:
    account: "64532357578753"
    state: absent
'''

RETURN = r'''
account:
  description:
    - The account as the API gives it after the change (or as it is, when nothing changed),
      normalised and masked exactly as M(useapi.accounts.accounts_info) does.
    - Empty after O(state=absent). In check mode, the current account.
  returned: always
  type: dict
  sample:
    account: "64532357578753"
    hasAutoRefresh: true
    sessionCookie: {value: "\u2026secured\u2026", expires: "2027-02-23T04:38:16.033Z"}
    updatedUTC: "2026-01-19T04:38:16.000Z"
previous:
  description: The account before the change, normalised and masked; empty when it did not exist.
  returned: always
  type: dict
  sample: {}
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.useapi.accounts.plugins.module_utils._errors import UseapiError, error_result
from ansible_collections.useapi.accounts.plugins.module_utils._write import ensure, module_kwargs

SERVICE = 'mureka'


def main():
    module = AnsibleModule(**module_kwargs(SERVICE))
    try:
        result = ensure(SERVICE, module.params, check_mode=module.check_mode, diff=module._diff)
    except UseapiError as error:
        module.fail_json(**error_result(error, changed=False))
    module.exit_json(**result)


if __name__ == '__main__':
    main()
