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
    type: str
    choices: [always, on_create]
    default: on_create
notes:
  - The API's own messages come through in errors, for example HTTP 400 C(Missing required cookie fields),
    402 C(Subscription required) and 596 (account in error state).
seealso:
  - module: useapi.accounts.ltxstudio_accounts_info
  - module: useapi.accounts.ltxstudio_check
  - ref: ansible_collections.useapi.accounts.accounts_check_role
    description: The compliance-check role, which reports what this module can fix.
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

from ansible_collections.useapi.accounts.plugins.module_utils._accounts import normalize_account
from ansible_collections.useapi.accounts.plugins.module_utils._cookie import cookie_lt_id, missing_cookie_fields
from ansible_collections.useapi.accounts.plugins.module_utils._connection import (
    client_from_params,
    connection_argument_spec,
    fail_from_error,
)
from ansible_collections.useapi.accounts.plugins.module_utils._errors import UseapiError

DIFF_KEYS = ('email', 'maxJobs', 'tokenExpireUTC', 'error')


def diff_view(account):
    """What a diff may show of an account: public fields only, never a cookie value but lt_id."""
    if not account:
        return {}
    view = dict((key, account[key]) for key in DIFF_KEYS if key in account)
    cookie = account.get('cookie')
    if isinstance(cookie, dict) and 'lt_id' in cookie:
        view['lt_id'] = cookie['lt_id']
    return view


def check_input(params):
    """Errors in the options that need no request; the cookie itself is never quoted."""
    if params['state'] == 'absent':
        return None
    if not 1 <= params['max_jobs'] <= 100:
        return 'max_jobs must be between 1 and 100, got %d' % params['max_jobs']
    if not params['cookie']:
        return 'cookie is required with state=present'
    missing = missing_cookie_fields(params['cookie'])
    if missing:
        return 'cookie lacks the field%s %s; it needs lt_id, lt_token and lt_refresh_token' % (
            '' if len(missing) == 1 else 's', ', '.join(missing))
    return None


def needed_changes(current, params):
    """Why the account must be (re)sent, as a list of reasons; empty when it is as wanted."""
    if not current:
        return ['the account does not exist']
    reasons = []
    if current.get('maxJobs') != params['max_jobs']:
        reasons.append('maxJobs %s -> %s' % (current.get('maxJobs'), params['max_jobs']))
    current_id = (current.get('cookie') or {}).get('lt_id') if isinstance(current.get('cookie'), dict) else None
    wanted_id = cookie_lt_id(params['cookie'])
    if current_id != wanted_id:
        reasons.append('the cookie is for another lt_id')
    if not reasons and params['update_cookie'] == 'always':
        reasons.append('update_cookie=always')
    return reasons


def ensure_present(module, client, email, current):
    params = module.params
    reasons = needed_changes(current, params)
    if not reasons:
        return dict(changed=False, account=current)
    if module.check_mode:
        planned = dict(current or {'email': email})
        planned['maxJobs'] = params['max_jobs']
        wanted_id = cookie_lt_id(params['cookie'])
        planned['cookie'] = dict(planned.get('cookie') or {}, lt_id=wanted_id)
        return dict(changed=True, account=planned, reasons=reasons)
    answer = client.post_account(params['cookie'], params['max_jobs'])
    account = normalize_account(answer.get('email') or email, answer)
    answered = str(account.get('email', ''))
    if answered.casefold() != email.casefold():
        raise UseapiError(
            'The API saved the cookie as the account %s, not %s: the cookie belongs to another LTX Studio user. '
            'Check which cookie the playbook sends for %s (the account %s now exists at useapi.net).'
            % (answered, email, email, answered))
    return dict(changed=True, account=account, reasons=reasons)


def ensure_absent(module, client, email, current):
    if not current:
        return dict(changed=False, account={})
    if not module.check_mode:
        client.delete_account(email)
    return dict(changed=True, account={})


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(
        email=dict(type='str', required=True),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        cookie=dict(type='str', no_log=True),
        max_jobs=dict(type='int', default=20),
        update_cookie=dict(type='str', default='on_create', choices=['always', 'on_create'], no_log=False),
    )
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True,
                           required_if=[('state', 'present', ['cookie'])])
    email = module.params['email'].strip()
    problem = check_input(module.params)
    if problem:
        module.fail_json(msg=problem, changed=False)
    try:
        client = client_from_params(module.params)
        record = client.get_account(email)
        current = normalize_account(email, record) if record is not None else {}
        if module.params['state'] == 'present':
            outcome = ensure_present(module, client, email, current)
        else:
            outcome = ensure_absent(module, client, email, current)
    except UseapiError as error:
        fail_from_error(module, error, changed=False)
    result = dict(changed=outcome['changed'], account=outcome['account'], previous=current)
    if module._diff:
        result['diff'] = dict(before=diff_view(current), after=diff_view(outcome['account']),
                              before_header=email, after_header=email)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
