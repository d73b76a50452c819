#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) useapi.accounts contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: google_flow_account
short_description: Add, update or remove one useapi.net Google Flow account
version_added: 2.0.0
description:
  - Adds or updates a Google Flow account in the useapi.net configuration, or removes it.
  - Adding and updating is C(POST /v1/google-flow/accounts) with C(cookies), answered with 201 (created) or 200
    (updated). Removing is C(DELETE /v1/google-flow/accounts/{email}).
  - The API works the account out of the cookies and its answer does not name the email, so after a C(POST) the
    module reads C(GET /v1/google-flow/accounts/{email}) and fails when the cookies belong to another Google
    account.
  - 'Google Flow has no concurrency cap (useapi.net balances the load itself): an existing account is left alone
    unless O(update_credentials=always).'
author:
  - useapi.accounts maintainers (@useapi-accounts)
extends_documentation_fragment:
  - useapi.accounts.connection
  - useapi.accounts.connection.actiongroup_useapi
  - useapi.accounts.attributes
  - useapi.accounts.account
options:
  email:
    description:
      - The Google account's email. The list of accounts shows it masked (V(jo***@example.com)); the module
        reads the account by its full email. Percent-encoded as UTF-8 in URLs. Must not be empty, V(.) or V(..),
        nor hold a control character.
    type: str
    required: true
  cookies:
    description:
      - The cookies of the signed-in Google account, as copied from the Chrome DevTools cookie table
        (tab-separated rows). Keep them in Ansible Vault.
      - Required with O(state=present).
    type: str
seealso:
  - module: useapi.accounts.accounts_info
  - module: useapi.accounts.check
  - name: useapi.net Google Flow API
    description: The calls this module makes.
    link: https://useapi.net/docs/api-google-flow-v1/post-google-flow-accounts.html
'''

EXAMPLES = r'''
- name: Add a Google Flow account (cookies from Ansible Vault)
  useapi.accounts.google_flow_account:
    email: john.doe@example.com
    cookies: "{{ vault_google_flow_cookies['john.doe@example.com'] }}"

- name: Send fresh cookies to an account in error
  useapi.accounts.google_flow_account:
    email: john.doe@example.com
    cookies: "{{ vault_google_flow_cookies['john.doe@example.com'] }}"
    update_credentials: always

- name: Remove a Google Flow account
  useapi.accounts.google_flow_account:
    email: john.doe@example.com
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
    email: john.doe@example.com
    health: OK
    sessionData: {expires: "2026-01-01T00:00:00.000Z", access_token: "\u2026secured\u2026"}
    accountCookies: [{name: HSID, value: "\u2026secured\u2026"}]
previous:
  description: The account before the change, normalised and masked; empty when it did not exist.
  returned: always
  type: dict
  sample: {}
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.useapi.accounts.plugins.module_utils._errors import UseapiError, error_result
from ansible_collections.useapi.accounts.plugins.module_utils._write import ensure, module_kwargs

SERVICE = 'google-flow'


def main():
    module = AnsibleModule(**module_kwargs(SERVICE))
    try:
        result = ensure(SERVICE, module.params, check_mode=module.check_mode, diff=module._diff)
    except UseapiError as error:
        module.fail_json(**error_result(error, changed=False))
    module.exit_json(**result)


if __name__ == '__main__':
    main()
