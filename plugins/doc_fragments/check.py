# -*- coding: utf-8 -*-
# Copyright (c) useapi.accounts contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):
    """The attributes, options and notes both check actions share (useapi.accounts.check and ltxstudio_check), documented once,
    as plugin_utils/_check_action.py declares them once.

    Private to the useapi.accounts collection: other collections must not use it.
    """

    DOCUMENTATION = r'''
attributes:
  check_mode:
    support: full
    details:
      - Evaluates and writes the reports in check mode too, and gives the same verdict.
  diff_mode:
    support: none
  action:
    support: full
  async:
    support: none
  bypass_host_loop:
    support: none
  platform:
    support: full
    platforms: all
  facts:
    description: Action returns an C(ansible_facts) dictionary that will update existing host facts.
    support: none
  idempotent:
    description:
      - When run twice in a row outside check mode, with the same arguments, the second invocation indicates no change.
      - This assumes that the system controlled/queried by the module has not changed in a relevant way.
    support: full
    details:
      - The check never changes anything and always reports no change; it rewrites the same reports.
options:
  min_validity:
    description:
      - How long every token renewed by hand must remain valid, such as V(7d), V(36h), V(90m), V(2w)
        or V(1w2d). A bare number is seconds.
    type: raw
    default: 7d
  warn_validity:
    description:
      - A warning tier, such as V(30d). A token renewed by hand that expires within it, but not within O(min_validity),
        is a warning (kind V(expiring), severity V(warning)). Within O(min_validity), or past, it stays critical.
      - Warnings are in the verdict (status V(warning) when there is nothing worse), in every report and in the task's
        output, but do not fail the task unless O(fail_on_warnings=true).
      - Must not be shorter than O(min_validity). When omitted, there is no warning tier.
    type: raw
    version_added: 2.0.0
  fail_on_warnings:
    description:
      - Fail the task on warnings too (status V(warning)).
    type: bool
    default: false
    version_added: 2.0.0
  thresholds:
    description:
      - Overrides of O(min_validity) and O(warn_validity) for a whole O(thresholds[].service), or for one account
        (O(thresholds[].service) and O(thresholds[].id)). The most specific setting wins, field by field, so an account's
        entry may set only its O(thresholds[].min_validity) and keep its service's warning tier.
      - Checked before any account is judged. An unknown service, an id not in the service's form, a repeated entry,
        or a warning tier shorter than the critical one it leads to, fails with a message naming the entry
        (C(thresholds[2].warn_validity)).
      - Each checked account's threshold, and where it came from (V(default), V(service) or V(account)), is in the
        JSON report.
    type: list
    elements: dict
    default: []
    version_added: 2.0.0
    suboptions:
      service:
        description: The service, by its URL segment.
        type: str
        required: true
      id:
        description: One account of the service, matched as O(required) ids are. Omit it for the whole service.
        type: str
      min_validity:
        description: The critical tier for these accounts.
        type: raw
      warn_validity:
        description: The warning tier for these accounts.
        type: raw
  waivers:
    description:
      - Problems that are known and accepted for a while, such as an account that is broken while a replacement is
        ordered. A waived problem is reported as waived, with its reason and end, in the verdict (RV(waived)) and every
        report, and does not fail the run.
      - After O(waivers[].until) it fails again, and its reason says the waiver ended and when. A waiver that matches no
        problem is reported as a warning (kind V(stale_waiver)), since the account was fixed or the waiver is wrong.
      - Waivers never hide what could not be judged (status V(unknown)), nor a problem of a whole service or of the
        subscription.
    type: list
    elements: dict
    default: []
    version_added: 2.0.0
    suboptions:
      service:
        description: The service, by its URL segment.
        type: str
        required: true
      id:
        description: The account, matched as O(required) ids are.
        type: str
        required: true
      kinds:
        description: The problem kinds waived.
        type: list
        elements: str
        required: true
        choices: [missing, expired, expiring, unknown_expiry, error]
      until:
        description:
          - When the waiver ends, an ISO-8601 instant with a zone (V(2026-12-11T17:00:00Z)), or a date (V(2026-12-11)),
            which lasts to the end of that day, UTC.
        type: str
        required: true
      reason:
        description: Why the problem is accepted, and who owns it (a ticket, say). Required and not empty.
        type: str
        required: true
  now:
    description:
      - The instant to evaluate at, as ISO-8601 with a time zone, for example V(2026-11-25T12:00:00Z).
        Defaults to the current UTC time. A string without a zone is rejected.
    type: str
  scope:
    description:
      - V(all) checks every configured account, because useapi.net load-balances calls across all of
        them. V(required) checks only the accounts in O(required).
    type: str
    choices: [all, required]
    default: all
  report_dir:
    description:
      - When set, write the reports into this directory on the controller, creating it if needed, on every
        outcome (ok, problems, or unknown because a read failed, data was refused, even an option was wrong), each file
        written whole and then renamed into place, so a previous run's reports are never left in place. The
        reports are C(accounts_check.json) (the whole verdict with its RV(status) and a C(schema_version); its
        JSON Schema is C(docs/schemas/accounts_check.schema.json)), C(accounts_check.xml) (JUnit, one testsuite
        per service, a failure per problem, an error for what could not be judged), C(accounts_check.prom)
        (Prometheus text format, for node_exporter's textfile collector) and C(accounts_check.md) (a Markdown
        summary for a CI job page, the status and why on its first line).
      - See the CI guide for the metrics and the alert rules.
    type: path
  fail_on_problems:
    description:
      - Fail the task when there is any problem. With V(false) the verdict is in RV(status), RV(ok) and RV(problems).
      - A verdict of status V(unknown) (something could not be judged) always fails the task.
    type: bool
    default: true
  quiet:
    description:
      - With V(true), a passing check's result is shown only with C(-v). A failing check is always shown.
    type: bool
    default: false
  max_age:
    description:
      - Accept a configuration from the facts (O(accounts) omitted) that is at most this old, such as V(1h)
        or V(2d), even when it was read before the current run. The age is measured from when the info
        module began its read, which it records in the fact C(<service>_accounts_read_at).
      - When omitted, the configuration must have been read during the current C(ansible-playbook) run;
        data from the fact cache or from an earlier run, or left over after a failed read with
        C(ignore_errors), is refused. That service cannot be judged (status V(unknown)) and the task fails
        saying how old the data is. Telling when the run began
        needs Linux C(/proc) or C(ps); where neither answers, O(max_age) is required when the configuration
        comes from the facts.
      - A configuration without a C(<service>_accounts_read_at) fact is always refused (fail closed).
      - A configuration passed in O(accounts) is not checked for its age; that is the caller's responsibility.
    type: str
    version_added: 2.0.0
  allow_empty:
    description:
      - Services whose configuration may hold no account at all, or V(true) for every service.
      - For the other services, a configuration read whole that has no account is a problem of its own,
        V(empty). Nine times in ten it is a wrong URL or a wiped configuration. A read of one account
        (M(useapi.accounts.accounts_info) with O(useapi.accounts.accounts_info#module:id)) that found none is not.
    type: raw
    default: []
    version_added: 2.0.0
  accounts_read_at:
    description:
      - When the configuration passed in O(accounts) was read, as ISO-8601 with a time zone, such as the fact
        C(<service>_accounts_read_at) that M(useapi.accounts.accounts_info) sets.
      - An age the API reports (Mureka's C(tokenIssuedDaysAgo)) counts from that instant, never from O(now). When
        omitted, the check assumes the configuration was read at O(now), and says so in RV(read_at_assumed).
      - Only with O(accounts); a configuration from the facts has its read time in the facts.
    type: str
    version_added: 2.0.0
  name_prefix:
    description:
      - Put before option names in error messages; the role sets it to C(accounts_check_).
    type: str
    default: ""
  subscription:
    description:
      - The subscription, that is the fact C(useapi_subscription) that M(useapi.accounts.accounts_info) sets with
        O(useapi.accounts.accounts_info#module:subscription=true) (the role passes it), or the registered result of
        M(useapi.accounts.subscription_info).
      - When its C(active) is false, that is a problem of its own, V(subscription_inactive), first in the list, with
        every account problem still listed.
      - An empty dict means the subscription was asked for but not read (the role passes one when the fact is
        missing). The check cannot judge it (status V(unknown)) and says why, with the failed read's message
        when the fact C(useapi_read_failures) has one.
      - When it has a C(read_at) (the fact has), its age is judged as the configurations' are (see O(max_age)), so a
        subscription read before the current run is refused.
    type: dict
    version_added: 2.0.0
notes:
  - The verdict has a RV(status), V(ok), V(problems) or V(unknown). A read that failed and was recorded in the fact
    C(useapi_read_failures) (M(useapi.accounts.accounts_info) with
    O(useapi.accounts.accounts_info#module:fail_on_error=false), as the role reads), or data refused as stale, make
    that service V(unknown). The task then fails with the reason, and every report says so.
  - This is an action plugin; it runs on the controller, so O(report_dir) is a path on the controller.
    It makes no API call itself.
'''
