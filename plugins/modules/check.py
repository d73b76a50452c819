#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) useapi.accounts contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: check
short_description: Check the accounts configurations of useapi.net services for missing accounts and expiring tokens
version_added: 2.0.0
description:
  - Evaluates the configurations read by M(useapi.accounts.accounts_info) at one instant and reports
    every problem of every service at once, one per line, in a single failed task. Each problem names
    its service.
  - "The problems are: V(missing) (required but not configured), V(ambiguous) (required, but two or more
    masked list keys could be the account, so the check cannot tell which), V(expired), V(expiring),
    V(unknown_expiry) (an expiry that cannot be read: never treated as valid) and V(error)
    (the API reports an C(error) on the account, or a C(health) other than C(OK))."
  - "What expires depends on the service (see the services guide): a token renewed by hand (LTX Studio,
    Kling, MiniMax, Runway, PixVerse) is V(expired) at or before now, V(expiring) before now + O(min_validity),
    V(unknown_expiry) when unreadable. A session useapi.net refreshes itself (Google Flow, Flow Music,
    Dreamina, Mureka with a session cookie) is only a problem when its expiry is already past, which means
    the refresh is failing. Mureka's legacy tokens last 30 days from C(tokenIssuedDaysAgo), an age counted
    from when the configuration was read (see O(accounts_read_at)); a Mureka account with neither a session
    cookie nor that age is V(unknown_expiry). TemPolor accounts have no expiry to check."
  - Optionally writes JSON, JUnit XML, Prometheus and Markdown reports (see O(report_dir)), on every outcome.
  - Like M(ansible.builtin.assert), a passing check shows its verdict in the default output without C(-v),
    unless O(quiet=true).
author:
  - useapi.accounts maintainers (@useapi-accounts)
extends_documentation_fragment:
  # First, so that its attributes' support wins over the defaults of ansible.builtin.action_common_attributes.
  - useapi.accounts.check
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.flow
options:
  service:
    description:
      - The services to check. Each needs its fact C(<service>_accounts) from M(useapi.accounts.accounts_info)
        (or O(accounts), with one service).
      - When omitted, every service this host has a fact for is checked; when it has none, the task fails.
    type: list
    elements: str
    aliases: [services]
    choices: [ltxstudio, kling, minimax, runwayml, pixverse, google-flow, flowmusic, dreamina, mureka, tempolor]
  accounts:
    description:
      - The configuration of the one service in O(service), keyed by id, as its fact.
      - When omitted, the host's facts C(<service>_accounts) are used as they are, without templating,
        which is the fast way at thousands of accounts.
    type: dict
  required:
    description:
      - Account ids that must be configured. A dict of service to list of ids, or a list when one service is checked.
      - Matched by the service's id rules (see the services guide). Emails (and Dreamina's C(US:user@example.com))
        match without regard to the case of ASCII letters; every other character must be the same, so a look-alike
        (C(K) spelt with U+212A KELVIN SIGN, say) is another account. Other ids match exactly. Every configured
        key that is the required account by these rules is checked.
      - Google Flow keys its list by masked emails (C(jo***@example.com), C(a***@example.com)); a required email
        matches a key with the same domain whose visible prefix, of any length, it starts with. When two or more
        keys could be it, the problem is V(ambiguous).
    type: raw
    default: []
notes:
  - Time is always UTC.
seealso:
  - module: useapi.accounts.accounts_info
  - module: useapi.accounts.ltxstudio_check
'''

EXAMPLES = r'''
- name: Read three services
  useapi.accounts.accounts_info:
    service: [ltxstudio, kling, minimax]

- name: Fail once, listing every problem of every service, and write CI reports
  useapi.accounts.check:
    required:
      ltxstudio: [render@example.com]
      kling: [video@example.com]
    min_validity: 7d
    report_dir: "{{ playbook_dir }}/reports"

- name: Evaluate without failing, and decide in the playbook
  useapi.accounts.check:
    service: kling
    fail_on_problems: false
  register: verdict

- name: Show the Kling accounts that need fresh credentials
  ansible.builtin.debug:
    msg: "{{ verdict.problems | map(attribute='id') | list }}"
'''

RETURN = r'''
read_at:
  description:
    - When the configuration of each service judged was read (ISO 8601, UTC), from the facts
      C(<service>_accounts_read_at). Empty when O(accounts) was given.
    - Under the key C(subscription), when the O(subscription) judged was read, when it says (the fact C(useapi_subscription) does).
  returned: always, when the configuration comes from the facts
  type: dict
  sample: {"ltxstudio": "2026-12-02T18:30:00.000Z", "subscription": "2026-12-02T18:30:00.000Z"}
age_seconds:
  description:
    - How old the configuration of each service judged was when it was judged, in seconds.
    - Under the key C(subscription), the age of the O(subscription), when it says when it was read.
  returned: always, when the configuration comes from the facts
  type: dict
  sample: {"ltxstudio": 12.5, "subscription": 12.4}
status:
  description:
    - V(ok) when nothing is wrong; V(warning) when there are only warnings (see O(warn_validity)), which fail the task
      only with O(fail_on_warnings=true); V(problems) when problems were found, every one listed in RV(problems);
      V(unknown) when something could not be judged (a read failed, data was refused as stale, the subscription
      could not be read, or the check could not run at all), each listed in RV(unknown). Problems found in
      what could be judged are still listed. V(unknown) always fails the task, whatever O(fail_on_problems) says.
  returned: always
  type: str
  choices: [ok, warning, problems, unknown]
  sample: ok
  version_added: 2.0.0
unknown:
  description: What could not be judged, and why; empty unless RV(status) is V(unknown).
  returned: always
  type: list
  elements: dict
  version_added: 2.0.0
  contains:
    subject:
      description: A service (by its URL segment), V(subscription), or V(check) when the check could not run at all.
      type: str
      returned: always
    service:
      description: The service, or V(null) for the subscription and the check.
      type: str
      returned: always
    reason:
      description: Why, for a person, such as the failed read's message.
      type: str
      returned: always
read_at_assumed:
  description:
    - The services whose configuration came without a read time (passed in O(accounts) without
      O(accounts_read_at)); the check assumed they were read at RV(now). Only an age the API reports
      (Mureka's C(tokenIssuedDaysAgo)) depends on it. Empty when every read time was known.
  returned: always
  type: list
  elements: str
  sample: []
  version_added: 2.0.0
ok:
  description: Whether RV(status) is V(ok).
  returned: always
  type: bool
  sample: false
subscription_active:
  description:
    - Whether the useapi.net subscription given in O(subscription) is active; an inactive one is a problem,
      V(subscription_inactive). V(null) when it could not be read (RV(status) is then V(unknown)).
  returned: when O(subscription) is given
  type: bool
  sample: true
  version_added: 2.0.0
msg:
  description: One summary line when all is well; otherwise a header line and one line per problem.
  returned: always
  type: str
  sample: >-
    useapi.net accounts check (LTX Studio, Kling) passed: 5 accounts checked, all valid for at least 7d;
    nearest expiry Kling a@example.com at 2026-12-25T12:00:00.000Z (in 30d)
problems:
  description: Every problem found, by service, then id.
  returned: always
  type: list
  elements: dict
  contains:
    service:
      description: The service, by its URL segment; V(null) for the subscription.
      type: str
      returned: always
    id:
      description: The account's id; V(null) for a problem of a whole service or of the subscription.
      type: str
      returned: always
    kind:
      description:
        - Of an account, V(missing), V(ambiguous) (a masked key that fits more than once), V(expired), V(expiring),
          V(unknown_expiry) or V(error); of a whole service, V(empty) (no account at all, see O(allow_empty)); of
          the subscription, V(subscription_inactive); of a waiver that matches nothing, V(stale_waiver) (a warning).
      type: str
      returned: always
    reason:
      description: What is wrong, for a person.
      type: str
      returned: always
    severity:
      description: V(critical) (fails the run) or V(warning) (does not, unless O(fail_on_warnings=true)).
      type: str
      returned: always
      choices: [critical, warning]
      version_added: 2.0.0
waived:
  description:
    - The problems a waiver in force hides (O(waivers)), as in RV(problems), each with its C(waiver) (C(service),
      C(id), C(kinds), C(until), C(reason)). They do not fail the run.
  returned: always
  type: list
  elements: dict
  version_added: 2.0.0
waivers:
  description: The waivers of the policy, as checked (C(until) in ISO-8601 UTC).
  returned: always
  type: list
  elements: dict
  version_added: 2.0.0
warn_validity:
  description: O(warn_validity) in a normal form such as V(30d), or V(null) when there is no warning tier.
  returned: always
  type: str
  sample: 30d
  version_added: 2.0.0
summary:
  description:
    - Counts, per kind and per service, and the nearest expiry of a token renewed by hand.
    - Per service, C(judged) is false when its read failed or its data was refused (its C(configured) is then null).
  returned: always
  type: dict
  sample:
    configured: 5
    required: 2
    checked: 5
    problems: 0
    critical: 0
    warnings: 0
    waived: 0
    unknown: 0
    by_kind: {subscription_inactive: 0, empty: 0, missing: 0, ambiguous: 0, expired: 0, expiring: 0, unknown_expiry: 0, error: 0,
              stale_waiver: 0}
    by_service:
      ltxstudio: {judged: true, configured: 3, required: 1, checked: 3, problems: 0}
      kling: {judged: true, configured: 2, required: 1, checked: 2, problems: 0}
    nearest_expiry:
      {service: kling, id: a@example.com, email: a@example.com, token_expire: "2026-12-25T12:00:00.000Z", seconds_left: 2592000}
services:
  description: The services checked.
  returned: always
  type: list
  elements: str
  sample: [ltxstudio, kling]
now:
  description: The instant the check was evaluated at, ISO-8601 UTC.
  returned: always
  type: str
  sample: "2026-11-25T12:00:00.000Z"
threshold:
  description: Now + O(min_validity).
  returned: always
  type: str
  sample: "2026-12-02T12:00:00.000Z"
min_validity:
  description: O(min_validity) in a normal form such as V(7d) or V(1d 12h).
  returned: always
  type: str
  sample: 7d
min_validity_seconds:
  description: O(min_validity) in seconds.
  returned: always
  type: int
  sample: 604800
scope:
  description: The scope that was checked.
  returned: always
  type: str
  sample: all
required:
  description: The required ids without duplicates; a list with one service, a dict of service to list with several.
  returned: always
  type: raw
  sample: {ltxstudio: [render@example.com], kling: []}
reports:
  description: Paths of the reports written.
  returned: when O(report_dir) is set
  type: dict
  contains:
    json:
      description: Path of the JSON report.
      type: str
      returned: always
    junit:
      description: Path of the JUnit XML report.
      type: str
      returned: always
    prometheus:
      description: Path of the Prometheus report.
      type: str
      returned: always
    markdown:
      description: Path of the Markdown summary.
      type: str
      returned: always
'''
