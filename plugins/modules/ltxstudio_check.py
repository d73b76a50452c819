#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) useapi.accounts contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ltxstudio_check
short_description: Check an LTX Studio accounts configuration for missing accounts and expiring tokens
version_added: 1.0.0
description:
  - Evaluates the accounts read by M(useapi.accounts.ltxstudio_accounts_info) at one instant and
    reports every problem at once, one per line, in a single failed task.
  - "The problems are: V(missing) (required but not configured), V(ambiguous) (never for LTX Studio, whose
    list keys are not masked), V(expired) (the token expired at
    or before now), V(expiring) (the token expires before now + O(min_validity)), V(unknown_expiry)
    (neither C(tokenExpire) nor C(tokenExpireUTC) can be read: never treated as valid) and V(error)
    (the API reports an C(error) on the account)."
  - Optionally writes a JSON report (every checked account with its status, expiry and reasons, plus
    the summary) and a JUnit XML report, also when the check fails.
  - The failure message has one line per problem. Set E(ANSIBLE_CALLBACK_RESULT_FORMAT=yaml) to see
    them as lines in the default output rather than as one JSON string.
  - Like M(ansible.builtin.assert), a passing check shows its verdict (RV(msg), RV(summary) and the rest of
    its result) in the default output without C(-v), unless O(quiet=true); no separate debug task is needed.
  - The role C(useapi.accounts.accounts_check) wraps the info module and M(useapi.accounts.check),
    which is this check for any useapi.net service.
author:
  - useapi.accounts maintainers (@useapi-accounts)
extends_documentation_fragment:
  # First, so that its attributes' support wins over the defaults of ansible.builtin.action_common_attributes.
  - useapi.accounts.check
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.flow
options:
  accounts:
    description:
      - The accounts configuration, keyed by email, as the fact C(ltxstudio_accounts) that
        M(useapi.accounts.ltxstudio_accounts_info) sets.
      - When omitted, the host's fact C(ltxstudio_accounts) (under C(ansible_facts)) is used as it is,
        without templating. That is the fast way. Passing V({{ ansible_facts.ltxstudio_accounts }}) makes Ansible
        template the whole configuration for the task, which at thousands of accounts costs more than
        reading it from the API.
      - When omitted and the host has no such fact, the task fails and says so.
    type: dict
  required:
    description:
      - Emails that must be configured. Matched without regard to the case of ASCII letters; every other
        character must be the same, so a look-alike (C(K) spelt with U+212A KELVIN SIGN, say) is another account.
        Every configured email that is the required one by this rule is checked.
    type: list
    elements: str
    default: []
notes:
  - Time is always UTC. Epoch values are milliseconds; values below 10^11 are read as seconds.
seealso:
  - module: useapi.accounts.check
    description: This check for any useapi.net service; the return values are documented in full there.
  - module: useapi.accounts.ltxstudio_accounts_info
  - module: useapi.accounts.ltxstudio_account
'''

EXAMPLES = r'''
- name: Read the configuration
  useapi.accounts.ltxstudio_accounts_info:

- name: Evaluate without failing, and decide in the playbook
  useapi.accounts.ltxstudio_check:
    min_validity: 2w
    fail_on_problems: false
  register: verdict

- name: Show the accounts that expire within two weeks
  ansible.builtin.debug:
    msg: "{{ verdict.problems | selectattr('kind', 'in', ['expired', 'expiring']) | map(attribute='email') | list }}"

- name: Fail once, listing every problem, and write CI reports (checks the fact ltxstudio_accounts)
  useapi.accounts.ltxstudio_check:
    required:
      - render@example.com
    min_validity: 7d
    report_dir: "{{ playbook_dir }}/reports"
'''

RETURN = r'''
# The verdict of M(useapi.accounts.check) for LTX Studio: each key is documented once, there, and linked from here;
# only what differs for LTX Studio (emails, one service) is written out.
status:
  description: The verdict, as RV(useapi.accounts.check#module:status).
  returned: always
  type: str
  choices: [ok, warning, problems, unknown]
  version_added: 2.0.0
read_at:
  description: As RV(useapi.accounts.check#module:read_at), for V(ltxstudio).
  returned: always, when the configuration comes from the facts
  type: dict
  sample: {"ltxstudio": "2026-12-02T18:30:00.000Z"}
age_seconds:
  description: As RV(useapi.accounts.check#module:age_seconds), for V(ltxstudio).
  returned: always, when the configuration comes from the facts
  type: dict
  sample: {"ltxstudio": 12.5}
unknown:
  description: What could not be judged, as RV(useapi.accounts.check#module:unknown).
  returned: always
  type: list
  elements: dict
  version_added: 2.0.0
read_at_assumed:
  description: As RV(useapi.accounts.check#module:read_at_assumed).
  returned: always
  type: list
  elements: str
  version_added: 2.0.0
ok:
  description: Whether RV(status) is V(ok), as RV(useapi.accounts.check#module:ok).
  returned: always
  type: bool
  sample: false
subscription_active:
  description: As RV(useapi.accounts.check#module:subscription_active).
  returned: when O(subscription) is given
  type: bool
  sample: true
  version_added: 2.0.0
msg:
  description: As RV(useapi.accounts.check#module:msg).
  returned: always
  type: str
  sample: "LTX Studio accounts check passed: 3 accounts checked, all valid for at least 7d; nearest expiry a@example.com at 2026-12-25T12:00:00.000Z (in 30d)"
problems:
  description:
    - Every problem found, sorted by email, as in RV(useapi.accounts.check#module:problems) (see there for the C(kind)s
      and C(severity)), with the account's email also as C(email).
  returned: always
  type: list
  elements: dict
  contains:
    service:
      description: V(ltxstudio); V(null) for the subscription.
      type: str
      returned: always
      version_added: 2.0.0
    id:
      description: The account's email; V(null) for a problem of the whole service or of the subscription.
      type: str
      returned: always
      version_added: 2.0.0
    email:
      description: The account's email.
      type: str
      returned: always
    kind:
      description: What is wrong, as RV(useapi.accounts.check#module:problems[].kind).
      type: str
      returned: always
    reason:
      description: As RV(useapi.accounts.check#module:problems[].reason).
      type: str
      returned: always
    severity:
      description: V(critical) or V(warning), as RV(useapi.accounts.check#module:problems[].severity).
      type: str
      returned: always
      choices: [critical, warning]
      version_added: 2.0.0
waived:
  description: The problems a waiver in force hides, as RV(useapi.accounts.check#module:waived).
  returned: always
  type: list
  elements: dict
  version_added: 2.0.0
waivers:
  description: As RV(useapi.accounts.check#module:waivers).
  returned: always
  type: list
  elements: dict
  version_added: 2.0.0
warn_validity:
  description: As RV(useapi.accounts.check#module:warn_validity).
  returned: always
  type: str
  sample: 30d
  version_added: 2.0.0
summary:
  description: Counts and the nearest expiry, as RV(useapi.accounts.check#module:summary).
  returned: always
  type: dict
  sample:
    configured: 3
    required: 1
    checked: 3
    problems: 0
    by_service: {ltxstudio: {judged: true, configured: 3, required: 1, checked: 3, problems: 0}}
    nearest_expiry:
      {service: ltxstudio, id: a@example.com, email: a@example.com, token_expire: "2026-12-25T12:00:00.000Z", seconds_left: 2592000}
now:
  description: As RV(useapi.accounts.check#module:now).
  returned: always
  type: str
  sample: "2026-11-25T12:00:00.000Z"
threshold:
  description: Now + O(min_validity); tokens expiring before it are V(expiring).
  returned: always
  type: str
  sample: "2026-12-02T12:00:00.000Z"
min_validity:
  description: As RV(useapi.accounts.check#module:min_validity).
  returned: always
  type: str
  sample: 7d
min_validity_seconds:
  description: As RV(useapi.accounts.check#module:min_validity_seconds).
  returned: always
  type: int
  sample: 604800
services:
  description: The services checked, V([ltxstudio]).
  returned: always
  type: list
  elements: str
  sample: [ltxstudio]
  version_added: 2.0.0
scope:
  description: As RV(useapi.accounts.check#module:scope).
  returned: always
  type: str
  sample: all
required:
  description: The required emails, without duplicates.
  returned: always
  type: list
  elements: str
  sample: [render@example.com]
reports:
  description: Paths of the reports written, as RV(useapi.accounts.check#module:reports).
  returned: when O(report_dir) is set
  type: dict
'''
