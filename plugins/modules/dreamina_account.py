#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) useapi.accounts contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: dreamina_account
short_description: Add, update or remove one useapi.net Dreamina account
version_added: 2.0.0
description:
  - Adds or updates a Dreamina account in the useapi.net configuration, or removes it.
  - 'Adding and updating is C(POST /v1/dreamina/accounts) with C(email), C(password), C(region) and C(maxJobs),
    answered with 200; C(email) and C(region) are the two parts of O(account). Removing is C(DELETE
    /v1/dreamina/accounts/{account}), answered with 200 C({"deleted": true}).'
  - 'The current state is read from C(GET /v1/dreamina/accounts): reading one account claims its free daily
    credits, which a module that only looks must not do.'
  - 'Dreamina has no call that changes C(maxJobs) alone: a new O(max_jobs) re-sends the password.'
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
      - The Dreamina account as useapi.net keys it, C(REGION:email), such as V(US:user@example.com). The region
        is an upper-case code (V(US), V(CA)). Percent-encoded as UTF-8 in URLs. Must not be empty, V(.) or
        V(..), nor hold a control character.
    type: str
    required: true
  password:
    description:
      - The Dreamina account's password. Keep it in Ansible Vault.
      - Required with O(state=present).
    type: str
  max_jobs:
    description:
      - How many jobs useapi.net may run at once on this account (the API's C(maxJobs)), 1 to 50.
      - When omitted, a new account gets the API's default (10) and an existing one keeps its cap.
    type: int
seealso:
  - module: useapi.accounts.accounts_info
  - module: useapi.accounts.check
  - name: useapi.net Dreamina API
    description: The calls this module makes.
    link: https://useapi.net/docs/api-dreamina-v1/post-dreamina-accounts.html
'''

EXAMPLES = r'''
- name: Add a Dreamina account
  useapi.accounts.dreamina_account:
    account: "US:render@example.com"
    password: "{{ vault_dreamina_passwords['US:render@example.com'] }}"
    max_jobs: 10

- name: Remove a Dreamina account
  useapi.accounts.dreamina_account:
    account: "US:render@example.com"
    state: absent
'''

RETURN = r'''
account:
  description:
    - The account as the API gives it after the change (or as it is, when nothing changed),
      normalised and masked exactly as M(useapi.accounts.accounts_info) does.
    - Empty after O(state=absent). In check mode, the current account with the planned C(maxJobs).
  returned: always
  type: dict
  sample:
    account: "US:render@example.com"
    email: render@example.com
    region: US
    maxJobs: 10
    sessionExpires: "2026-03-01T00:00:00.000Z"
previous:
  description: The account before the change, normalised and masked; empty when it did not exist.
  returned: always
  type: dict
  sample: {}
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.useapi.accounts.plugins.module_utils._errors import UseapiError, error_result
from ansible_collections.useapi.accounts.plugins.module_utils._write import ensure, module_kwargs

SERVICE = 'dreamina'


def main():
    module = AnsibleModule(**module_kwargs(SERVICE))
    try:
        result = ensure(SERVICE, module.params, check_mode=module.check_mode, diff=module._diff)
    except UseapiError as error:
        module.fail_json(**error_result(error, changed=False))
    module.exit_json(**result)


if __name__ == '__main__':
    main()
