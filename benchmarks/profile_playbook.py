#!/usr/bin/env python
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run ansible-playbook under cProfile, including its forked worker processes.

Usage (with the venv's python, from benchmarks/run.py --profile or by hand):

    BENCH_PROFILE_DIR=/tmp/prof python benchmarks/profile_playbook.py <ansible-playbook arguments>

Writes main.prof (the controller's main process: strategy, result processing, callbacks) and
worker-<pid>.prof (one per task/host run: templating, action plugin, module execution as seen
from the controller) into $BENCH_PROFILE_DIR. Read them with pstats.
"""

import cProfile
import os
import sys


def main():
    out_dir = os.environ['BENCH_PROFILE_DIR']
    os.makedirs(out_dir, exist_ok=True)

    from ansible.executor.process import worker

    original_run = worker.WorkerProcess.run
    controller = cProfile.Profile()

    def profiled_run(self):
        # A forked worker inherits the controller's profiler still enabled, and from Python 3.12 on
        # (sys.monitoring) a second profiler cannot start while it is: turn it off first.
        controller.disable()
        profiler = cProfile.Profile()
        profiler.enable()
        try:
            return original_run(self)
        finally:
            profiler.disable()
            profiler.dump_stats(os.path.join(out_dir, 'worker-%d.prof' % os.getpid()))

    worker.WorkerProcess.run = profiled_run

    from ansible.cli.playbook import main as playbook_main

    sys.argv = ['ansible-playbook'] + sys.argv[1:]
    controller.enable()
    try:
        code = playbook_main()
    finally:
        controller.disable()
        controller.dump_stats(os.path.join(out_dir, 'main.prof'))
    return code


if __name__ == '__main__':
    sys.exit(main())
