#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) useapi.accounts contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: runwayml_account
short_description: Add, update or remove one useapi.net Runway account
version_added: 2.0.0
description:
  - Adds or updates a Runway account in the useapi.net configuration, or removes it.
  - Adding and updating is C(POST /v1/runwayml/accounts/{email}) with C(email), C(password) and C(maxJobs),
    answered with 200. Removing is C(DELETE /v1/runwayml/accounts/{email}).
  - 'Runway has no call that changes C(maxJobs) alone: a new O(max_jobs) re-sends the password.'
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
      - The Runway account's email, as useapi.net keys it. Percent-encoded as UTF-8 in URLs. Must not be empty,
        V(.) or V(..), nor hold a control character.
    type: str
    required: true
  password:
    description:
      - The Runway account's password. Keep it in Ansible Vault.
      - Required with O(state=present).
    type: str
  max_jobs:
    description:
      - How many jobs useapi.net may run at once on this account (the API's C(maxJobs)), 1 to 10.
      - 'Required with O(state=present): the API requires C(maxJobs) in every C(POST).'
    type: int
seealso:
  - module: useapi.accounts.accounts_info
  - module: useapi.accounts.check
  - name: useapi.net Runway API
    description: The calls this module makes.
    link: https://useapi.net/docs/api-runwayml-v1/post-runwayml-accounts-email
'''

EXAMPLES = r'''
- name: Add a Runway account
  useapi.accounts.runwayml_account:
    email: runway@example.com
    password: "{{ vault_runway_passwords['runway@example.com'] }}"
    max_jobs: 5

- name: Remove a Runway account
  useapi.accounts.runwayml_account:
    email: runway@example.com
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
    email: runway@example.com
    password: "\u2026secured\u2026"
    maxJobs: 5
    jwt: {token: "\u2026secured\u2026", exp: 1767225600.0}
previous:
  description: The account before the change, normalised and masked; empty when it did not exist.
  returned: always
  type: dict
  sample: {}
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.useapi.accounts.plugins.module_utils._errors import UseapiError, error_result
from ansible_collections.useapi.accounts.plugins.module_utils._write import ensure, module_kwargs

SERVICE = 'runwayml'


def main():
    module = AnsibleModule(**module_kwargs(SERVICE))
    try:
        result = ensure(SERVICE, module.params, check_mode=module.check_mode, diff=module._diff)
    except UseapiError as error:
        module.fail_json(**error_result(error, changed=False))
    module.exit_json(**result)


if __name__ == '__main__':
    main()
