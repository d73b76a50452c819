#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) useapi.accounts contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ltxstudio_accounts_info
short_description: Read the useapi.net LTX Studio accounts configuration
version_added: 1.0.0
description:
  - Reads the LTX Studio accounts configured at useapi.net (C(GET /accounts)), or one account
    (C(GET /accounts/{email})), and returns them as the fact RV(ansible_facts.ltxstudio_accounts),
    so later tasks can use it as C(ansible_facts.ltxstudio_accounts).
  - While C(inject_facts_as_vars) is at its default, Ansible also copies it to the variable
    C(ltxstudio_accounts); from ansible-core 2.20 on, that top-level form is deprecated.
  - Records are normalised so later tasks never handle two forms of one value, and every cookie
    value except C(lt_id) is masked before it leaves the module, whatever the API sent.
  - A configuration that does not exist (HTTP 404) is not an error; the result is an empty dict.
  - This module is M(useapi.accounts.accounts_info) with O(useapi.accounts.accounts_info#module:service=ltxstudio),
    plus the LTX Studio name O(email) for the account id.
author:
  - useapi.accounts maintainers (@useapi-accounts)
extends_documentation_fragment:
  - useapi.accounts.connection
  - useapi.accounts.connection.actiongroup
  - useapi.accounts.attributes
  - useapi.accounts.attributes.info_facts
  - useapi.accounts.attributes.info_module
  - useapi.accounts.masking
options:
  email:
    description:
      - Read only this account, with C(GET /accounts/{email}). That call also returns C(balance)
        and C(latestCreatedAtMs).
      - The email is percent-encoded as UTF-8, so addresses with C(+) or non-ASCII letters work.
      - When the API has no such account, RV(ansible_facts.ltxstudio_accounts) is empty.
      - Checked before any request like M(useapi.accounts.ltxstudio_account) checks it. An empty
        value, C(.), C(..), control characters or no C(@) are refused. An answer that looks like the
        whole configuration (objects keyed by email) is refused, never shown as one account.
    type: str
notes:
  - >-
    Normalisation: of each pair C(tokenExpire)/C(tokenExpireUTC), C(updated)/C(updatedUTC) and
    C(refreshTokenExpire)/C(refreshTokenExpireUTC), a missing member is filled in from the other.
    Epoch values sent as digit strings, or in seconds instead of milliseconds (any value below
    10^11), become integer milliseconds. C(maxJobs) sent as a digit string becomes an integer.
    An ISO string without a time zone is kept as given and never converted (its zone is unknown).
seealso:
  - module: useapi.accounts.ltxstudio_account
  - module: useapi.accounts.ltxstudio_check
  - name: useapi.net LTX Studio API
    description: The API this module reads.
    link: https://useapi.net/docs/api-ltxstudio-v1
'''

EXAMPLES = r'''
- name: Read every configured account (token from USEAPI_TOKEN)
  useapi.accounts.ltxstudio_accounts_info:

- name: Show when each token expires
  ansible.builtin.debug:
    msg: "{{ ansible_facts.ltxstudio_accounts | dict2items | map(attribute='value.tokenExpireUTC') | list }}"

- name: Read one account, with its balance
  useapi.accounts.ltxstudio_accounts_info:
    api_token: "{{ useapi_token }}"
    email: video+render@example.com
  register: one_account

- name: Show the balance
  ansible.builtin.debug:
    msg: "{{ one_account.ansible_facts.ltxstudio_accounts['video+render@example.com'].balance | default('no such account') }}"
'''

RETURN = r'''
ansible_facts:
  description: Facts to add to the host's variables.
  returned: success
  type: dict
  contains:
    ltxstudio_accounts_read_at:
      description:
        - When the read of C(ltxstudio_accounts) began, in ISO 8601 UTC, as
          RV(useapi.accounts.accounts_info#module:ansible_facts.ltxstudio_accounts_read_at); the checks judge its age.
      returned: success
      type: str
      sample: "2026-12-02T18:30:00.000Z"
      version_added: 2.0.0
    ltxstudio_accounts_read_id:
      description:
        - The O(email) the read asked for, or V(null) when it read the whole configuration. The checks use it to
          tell "this account is absent" from "LTX Studio has no accounts at all".
      returned: success
      type: str
      sample: null
      version_added: 2.0.0
    useapi_read_failures:
      description:
        - The reads that failed; always empty here, since a failed read fails the task. Set so that a failure
          recorded by M(useapi.accounts.accounts_info) with O(useapi.accounts.accounts_info#module:fail_on_error=false)
          in an earlier run never lingers.
      returned: success
      type: dict
      sample: {}
      version_added: 2.0.0
    ltxstudio_accounts:
      description:
        - The accounts keyed by email; each value is the account as the API gave it, normalised
          and masked. Keys the collection does not know are kept.
        - Empty when the configuration (or the account named by O(email)) does not exist.
      returned: success
      type: dict
      sample:
        user@example.com:
          email: user@example.com
          cookie:
            lt_id: user12345
            lt_token: "\u2026secured\u2026"
            lt_refresh_token: "\u2026secured\u2026"
          maxJobs: 20
          updated: 1748952794000
          updatedUTC: "2025-06-03T12:13:14.000Z"
          tokenExpire: 1751544794000
          tokenExpireUTC: "2025-07-03T12:13:14.000Z"
      contains:
        email:
          description: The account's email.
          type: str
          returned: always
        cookie:
          description: The account's cookie; every value except C(lt_id) is the mask C(\u2026secured\u2026).
          type: dict
          returned: when the API gives it
        maxJobs:
          description: How many jobs useapi.net runs at once on this account.
          type: int
          returned: when the API gives it
        tokenExpire:
          description: When the LTX Studio token expires, epoch milliseconds.
          type: int
          returned: when the API gives it or C(tokenExpireUTC)
        tokenExpireUTC:
          description: When the LTX Studio token expires, ISO-8601 in UTC.
          type: str
          returned: when the API gives it or C(tokenExpire)
        updated:
          description: When the account was last updated, epoch milliseconds.
          type: int
          returned: when the API gives it or C(updatedUTC)
        updatedUTC:
          description: When the account was last updated, ISO-8601 in UTC.
          type: str
          returned: when the API gives it or C(updated)
        error:
          description: The API's error for the account, for example a rejected refresh token.
          type: str
          returned: when the account is in error
        balance:
          description: The account's credit balance.
          type: dict
          returned: with O(email)
        latestCreatedAtMs:
          description: When the account last created something, epoch milliseconds per product.
          type: dict
          returned: with O(email)
count:
  description: How many accounts were returned.
  returned: success
  type: int
  sample: 2
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.useapi.accounts.plugins.module_utils._argspec import connection_argument_spec
from ansible_collections.useapi.accounts.plugins.module_utils._errors import UseapiError, error_result
from ansible_collections.useapi.accounts.plugins.module_utils._read import read_services


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(email=dict(type='str'))
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True)
    try:
        facts, counts = read_services(module.params, ['ltxstudio'], module.params['email'])
    except UseapiError as error:
        module.fail_json(**error_result(error, changed=False))
    # The accounts go out once, as a fact: a second copy would double the output at 10,000 accounts.
    module.exit_json(changed=False, count=counts['ltxstudio'], ansible_facts=facts)


if __name__ == '__main__':
    main()
