#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) useapi.accounts contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: flowmusic_account
short_description: Add, update or remove one useapi.net Flow Music account
version_added: 2.0.0
description:
  - Adds or updates a Flow Music account in the useapi.net configuration, or removes it.
  - Adding and refreshing is C(POST /v1/flowmusic/accounts) with C(refresh_token) and C(maxJobs), answered with
    201 (created) or 200 (updated). Removing is C(DELETE /v1/flowmusic/accounts/{email}).
  - 'A new O(max_jobs) alone uses the documented update-only call, C(POST /v1/flowmusic/accounts) with C({email,
    maxJobs}) and nothing else: the refresh token is not sent.'
  - The API works the account out of the refresh token; after a C(POST) the module checks that the API answered
    with O(email), and fails when the token belongs to another Flow Music user.
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
      - The Flow Music account's email, as useapi.net keys it. Percent-encoded as UTF-8 in URLs. Must not be
        empty, V(.) or V(..), nor hold a control character.
    type: str
    required: true
  refresh_token:
    description:
      - The flowmusic.app refresh token, at least 10 characters. Keep it in Ansible Vault.
      - Required with O(state=present).
    type: str
  max_jobs:
    description:
      - How many jobs useapi.net may run at once on this account (the API's C(maxJobs)), 1 to 16.
      - When omitted, a new account gets its plan tier's default and an existing one keeps its cap.
    type: int
seealso:
  - module: useapi.accounts.accounts_info
  - module: useapi.accounts.check
  - name: useapi.net Flow Music API
    description: The calls this module makes.
    link: https://useapi.net/docs/api-flowmusic-v1/post-flowmusic-accounts
'''

EXAMPLES = r'''
- name: Add a Flow Music account
  useapi.accounts.flowmusic_account:
    email: music@example.com
    refresh_token: "{{ vault_flowmusic_tokens['music@example.com'] }}"
    max_jobs: 8

- name: Lower the cap; only email and maxJobs are sent
  useapi.accounts.flowmusic_account:
    email: music@example.com
    refresh_token: "{{ vault_flowmusic_tokens['music@example.com'] }}"
    max_jobs: 4

- name: Remove a Flow Music account
  useapi.accounts.flowmusic_account:
    email: music@example.com
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
    email: music@example.com
    maxJobs: 8
    tier: plus
    access_token: "\u2026secured\u2026"
    refresh_token: "\u2026secured\u2026"
    access_token_expires_at: "2026-01-01T01:00:00.000Z"
previous:
  description: The account before the change, normalised and masked; empty when it did not exist.
  returned: always
  type: dict
  sample: {}
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.useapi.accounts.plugins.module_utils._errors import UseapiError, error_result
from ansible_collections.useapi.accounts.plugins.module_utils._write import ensure, module_kwargs

SERVICE = 'flowmusic'


def main():
    module = AnsibleModule(**module_kwargs(SERVICE))
    try:
        result = ensure(SERVICE, module.params, check_mode=module.check_mode, diff=module._diff)
    except UseapiError as error:
        module.fail_json(**error_result(error, changed=False))
    module.exit_json(**result)


if __name__ == '__main__':
    main()
