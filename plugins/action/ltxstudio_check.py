# -*- coding: utf-8 -*-
# Copyright (c) useapi.accounts contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Action plugin of useapi.accounts.ltxstudio_check: runs on the controller, so the reports
land where CI collects them and the evaluation never ships the configuration to a host again."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import tempfile

from ansible.errors import AnsibleActionFail
from ansible.module_utils.common.text.converters import to_bytes, to_native
from ansible.plugins.action import ActionBase

from ansible_collections.useapi.accounts.plugins.module_utils._check import evaluate, render_json, render_junit
from ansible_collections.useapi.accounts.plugins.module_utils._errors import LtxStudioError

FACT = 'ltxstudio_accounts'
REPORT_JSON = 'accounts_check.json'
REPORT_JUNIT = 'accounts_check.xml'


def _write_atomically(path, text):
    directory = os.path.dirname(path)
    handle, temporary = tempfile.mkstemp(prefix='.accounts_check.', dir=directory)
    try:
        with os.fdopen(handle, 'wb') as stream:
            stream.write(to_bytes(text, errors='surrogate_or_strict'))
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def write_reports(report_dir, result):
    """Write the JSON and JUnit reports into ``report_dir`` (created if needed); return their paths."""
    os.makedirs(report_dir, exist_ok=True)
    paths = dict(json=os.path.join(report_dir, REPORT_JSON), junit=os.path.join(report_dir, REPORT_JUNIT))
    _write_atomically(paths['json'], render_json(result))
    _write_atomically(paths['junit'], render_junit(result))
    return paths


def facts_accounts(task_vars, prefix=''):
    """The host's fact ``ltxstudio_accounts``, taken from the task's variables as it is.

    Passing ``accounts: "{{ ansible_facts.ltxstudio_accounts }}"`` makes Ansible template the whole configuration
    for the task; at 10,000 accounts that cost more than reading it from the API. Facts are data,
    never templates, so the fact is read directly.
    """
    facts = task_vars.get('ansible_facts')
    accounts = facts.get(FACT) if isinstance(facts, dict) else None
    if accounts is None:
        raise AnsibleActionFail(
            '%saccounts: not given, and this host has no fact %s; run useapi.accounts.ltxstudio_accounts_info '
            'before this task, or pass the configuration as accounts' % (prefix, FACT))
    if not isinstance(accounts, dict):
        raise AnsibleActionFail('%saccounts: the fact %s is of type %s, not a dict keyed by email'
                                % (prefix, FACT, type(accounts).__name__))
    return accounts


class ActionModule(ActionBase):
    """Evaluate the accounts configuration, write the reports, and fail once with every problem."""

    TRANSFERS_FILES = False
    _VALID_ARGS = frozenset(('accounts', 'required', 'min_validity', 'now', 'scope', 'report_dir',
                             'fail_on_problems', 'quiet', 'name_prefix'))

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        del tmp
        spec = dict(
            accounts=dict(type='dict'),
            required=dict(type='list', elements='str', default=[]),
            min_validity=dict(type='raw', default='7d'),
            now=dict(type='str'),
            scope=dict(type='str', default='all', choices=['all', 'required']),
            report_dir=dict(type='path'),
            fail_on_problems=dict(type='bool', default=True),
            quiet=dict(type='bool', default=False),
            name_prefix=dict(type='str', default=''),
        )
        validation, args = self.validate_argument_spec(argument_spec=spec)
        del validation
        prefix = args['name_prefix']
        accounts = args['accounts']
        if accounts is None:
            accounts = facts_accounts(task_vars or {}, prefix)
        try:
            # The per-account list is for the reports only: without report_dir it is not built.
            verdict = evaluate(accounts, required=args['required'], min_validity=args['min_validity'],
                               now=args['now'], scope=args['scope'], name_prefix=prefix,
                               details=bool(args['report_dir']))
        except LtxStudioError as error:
            raise AnsibleActionFail(to_native(error))
        # Per-account entries go to the JSON report only: a failed task prints its whole result,
        # and at thousands of accounts that would bury the problem lines.
        result.update((key, value) for key, value in verdict.items() if key != 'accounts')
        result['changed'] = False
        if args['report_dir']:
            try:
                result['reports'] = write_reports(args['report_dir'], verdict)
            except OSError as error:
                raise AnsibleActionFail('%sreport_dir: cannot write the reports to %s: %s'
                                        % (prefix, args['report_dir'], error.strerror or error))
        if not verdict['ok'] and args['fail_on_problems']:
            result['failed'] = True
        if not args['quiet']:
            # Shown without -v, as assert and debug do: the verdict needs no debug task of its own,
            # and every task after the read costs a copy of the host's facts (the whole configuration).
            result['_ansible_verbose_always'] = True
        return result
