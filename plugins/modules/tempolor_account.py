#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) useapi.accounts contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: tempolor_account
short_description: Add, update or remove one useapi.net TemPolor account
version_added: 2.0.0
description:
  - Adds or updates a TemPolor account in the useapi.net configuration, or removes it.
  - Adding and updating is C(POST /v1/tempolor/accounts) with C(requestParams) and C(maxJobs), answered with
    200. Removing is C(DELETE /v1/tempolor/accounts/{user_id}).
  - The API works the account out of the request parameters; after a C(POST) the module checks that the API
    answered with O(user_id), and fails when they belong to another TemPolor user.
  - 'TemPolor has no call that changes C(maxJobs) alone: a new O(max_jobs) re-sends O(request_params).'
author:
  - useapi.accounts maintainers (@useapi-accounts)
extends_documentation_fragment:
  - useapi.accounts.connection
  - useapi.accounts.connection.actiongroup_useapi
  - useapi.accounts.attributes
  - useapi.accounts.account
options:
  user_id:
    description:
      - The TemPolor account as useapi.net keys it. Percent-encoded as UTF-8 in URLs. Must not be empty, V(.) or
        V(..), nor hold a control character.
    type: str
    required: true
  request_params:
    description:
      - The TemPolor request parameters of the setup instructions, as an object. Every value is treated as a
        secret. Keep them in Ansible Vault.
      - Required with O(state=present).
    type: dict
  max_jobs:
    description:
      - How many jobs useapi.net may run at once on this account (the API's C(maxJobs)), 1 or more (the
        documentation states no maximum).
      - When omitted, a new account gets the API's default (10) and an existing one keeps its cap.
    type: int
seealso:
  - module: useapi.accounts.accounts_info
  - module: useapi.accounts.check
  - name: useapi.net TemPolor API
    description: The calls this module makes.
    link: https://useapi.net/docs/api-tempolor-v1/post-tempolor-accounts
'''

EXAMPLES = r'''
- name: Add a TemPolor account
  useapi.accounts.tempolor_account:
    user_id: "123456789"
    request_params: "{{ vault_tempolor_params['123456789'] }}"
    max_jobs: 10

- name: Remove a TemPolor account
  useapi.accounts.tempolor_account:
    user_id: "123456789"
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
    user_id: "123456789"
    maxJobs: 10
    requestParams: {token: "\u2026secured\u2026"}
    updated: 1767225600000
    updatedUTC: "2026-01-01T00:00:00.000Z"
previous:
  description: The account before the change, normalised and masked; empty when it did not exist.
  returned: always
  type: dict
  sample: {}
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.useapi.accounts.plugins.module_utils._errors import UseapiError, error_result
from ansible_collections.useapi.accounts.plugins.module_utils._write import ensure, module_kwargs

SERVICE = 'tempolor'


def main():
    module = AnsibleModule(**module_kwargs(SERVICE))
    try:
        result = ensure(SERVICE, module.params, check_mode=module.check_mode, diff=module._diff)
    except UseapiError as error:
        module.fail_json(**error_result(error, changed=False))
    module.exit_json(**result)


if __name__ == '__main__':
    main()
