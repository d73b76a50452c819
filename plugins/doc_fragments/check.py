# -*- coding: utf-8 -*-
# Copyright (c) useapi.accounts contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):
    """The options both check actions share (useapi.accounts.check and ltxstudio_check), documented once,
    as plugin_utils/_check_action.py declares them once.

    Private to the useapi.accounts collection: other collections must not use it.
    """

    DOCUMENTATION = r'''
options:
  min_validity:
    description:
      - How long every token renewed by hand must remain valid, such as V(7d), V(36h), V(90m), V(2w)
        or V(1w2d). A bare number is seconds.
    type: raw
    default: 7d
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
      - When set, write the reports into this directory on the controller, creating it if needed, also
        when the check fails, each file written whole and then renamed into place. The reports are
        C(accounts_check.json) (the whole verdict), C(accounts_check.xml) (JUnit, one testsuite per service),
        C(accounts_check.prom) (Prometheus text format, for node_exporter's textfile collector) and
        C(accounts_check.md) (a Markdown summary for a CI job page).
      - See the CI guide for the metrics and an alert rule.
    type: path
  fail_on_problems:
    description:
      - Fail the task when there is any problem. With V(false) the verdict is in RV(ok) and RV(problems).
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
        C(ignore_errors), is refused and the task fails saying how old it is. Telling when the run began
        needs Linux C(/proc) or C(ps); where neither answers, O(max_age) is required when the configuration
        comes from the facts.
      - A configuration without a C(<service>_accounts_read_at) fact is always refused (fail closed).
      - A configuration passed in O(accounts) is not checked for its age; that is the caller's responsibility.
    type: str
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
      - When its C(active) is false, the check fails, with that reason on the first line and every account problem
        still listed.
      - When it has a C(read_at) (the fact has), its age is judged as the configurations' are (see O(max_age)), so a
        subscription read before the current run is refused.
    type: dict
    version_added: 2.0.0
'''
