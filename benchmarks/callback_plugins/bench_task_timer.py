# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark helper: record when each task starts and ends, for benchmarks/run.py --profile.

Enabled only by the benchmark's profiling runs (ANSIBLE_CALLBACKS_ENABLED=bench_task_timer,
ANSIBLE_CALLBACK_PLUGINS=benchmarks/callback_plugins); writes JSON to $BENCH_TASK_TIMES.
ansible-core has no profile_tasks callback of its own, and ansible.posix is not installed here.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import time

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = '''
name: bench_task_timer
type: aggregate
short_description: Record task start and end times for the benchmark
description:
  - Writes the wall-clock start and end of the playbook and of each task to the file named by
    the environment variable BENCH_TASK_TIMES.
requirements:
  - enabled with ANSIBLE_CALLBACKS_ENABLED
'''


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'bench_task_timer'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super(CallbackModule, self).__init__(*args, **kwargs)
        self._loaded = time.time()
        self._playbook_start = None
        self._tasks = []
        self._current = None

    def _close_current(self):
        if self._current is not None:
            self._current['end'] = time.time()
            self._tasks.append(self._current)
            self._current = None

    def v2_playbook_on_start(self, playbook):
        self._playbook_start = time.time()

    def _start(self, task):
        self._close_current()
        self._current = dict(name=task.get_name(), action=task.action, start=time.time(), items=0)

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._start(task)

    def v2_playbook_on_handler_task_start(self, task):
        self._start(task)

    def _item(self, result):
        if self._current is not None:
            self._current['items'] += 1

    v2_runner_item_on_ok = _item
    v2_runner_item_on_failed = _item
    v2_runner_item_on_skipped = _item

    def v2_playbook_on_stats(self, stats):
        self._close_current()
        path = os.environ.get('BENCH_TASK_TIMES')
        if not path:
            return
        data = dict(callback_loaded=self._loaded, playbook_start=self._playbook_start, stats_time=time.time(),
                    tasks=self._tasks)
        with open(path, 'w') as stream:
            json.dump(data, stream)
