#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) useapi.accounts contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: subscription_info
short_description: Read the useapi.net subscription and the account counts of every service
version_added: 2.0.0
description:
  - Reads C(GET /v2/account) once and returns whether the useapi.net subscription is active and, per
    service, how many accounts are configured, how many are active and how many are in error.
  - One call covers every service, so it is a cheap first look before reading each configuration.
  - The role C(useapi.accounts.accounts_check) uses it to fail when the subscription is inactive.
author:
  - useapi.accounts maintainers (@useapi-accounts)
extends_documentation_fragment:
  - useapi.accounts.connection
  - useapi.accounts.connection.actiongroup_useapi
  - useapi.accounts.attributes
  - useapi.accounts.attributes.info_module
notes:
  - The URL is O(base_url) plus C(/v2/account). When O(base_url) and E(USEAPI_BASE_URL) are unset, the host is
    taken from O(api_url) or from a service's E(USEAPI_<SERVICE>_URL) without its root path
    (V(http://127.0.0.1:8080/v1/kling) gives V(http://127.0.0.1:8080)), so the subscription is read from the
    server the accounts are read from; else V(https://api.useapi.net).
seealso:
  - module: useapi.accounts.accounts_info
  - name: useapi.net account summary
    description: The endpoint this module reads.
    link: https://useapi.net/docs/account-management/get-account.html
'''

EXAMPLES = r'''
- name: Read the subscription (token from USEAPI_TOKEN)
  useapi.accounts.subscription_info:
  register: subscription

- name: Fail when the subscription lapsed
  ansible.builtin.assert:
    that: subscription.active
    fail_msg: The useapi.net subscription is not active.

- name: Show the services with accounts in error
  ansible.builtin.debug:
    msg: "{{ subscription.services | dict2items | selectattr('value.error', 'gt', 0) | map(attribute='key') | list }}"
'''

RETURN = r'''
active:
  description: Whether the subscription is active (the API's C(subscriptionIsActive)).
  returned: success
  type: bool
  sample: true
max_accounts_per_api:
  description: How many accounts the subscription allows per service, when the API says so.
  returned: success
  type: int
  sample: 3
services:
  description: Per service of the collection (by URL segment), its account counts.
  returned: success
  type: dict
  sample: {kling: {total: 3, active: 2, error: 1}, minimax: {total: 1, active: 1, error: 0}}
  contains:
    total:
      description: Accounts configured.
      type: int
      returned: always
    active:
      description: Accounts in use.
      type: int
      returned: always
    error:
      description: Accounts in error; they still count towards the subscription's limit.
      type: int
      returned: always
other_services:
  description: Counts of services the API lists that this collection has no module for, by the API's name.
  returned: success
  type: dict
  sample: {"InsightFaceSwap API": {total: 1, active: 1, error: 0}}
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.useapi.accounts.plugins.module_utils._argspec import connection_argument_spec
from ansible_collections.useapi.accounts.plugins.module_utils._errors import UseapiError, error_result
from ansible_collections.useapi.accounts.plugins.module_utils._read import read_subscription


def main():
    module = AnsibleModule(argument_spec=connection_argument_spec(), supports_check_mode=True)
    try:
        result = read_subscription(module.params)
    except UseapiError as error:
        module.fail_json(**error_result(error, changed=False))
    module.exit_json(changed=False, **result)


if __name__ == '__main__':
    main()
