# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark helper: stand in for the Python interpreter of a module, and measure the module.

benchmarks/run.py points ansible_python_interpreter at a two-line shell script that runs this
file with the venv's python. Ansible then executes ``<that> <tmp>/AnsiballZ_<module>.py``; this
runs the real interpreter on the same arguments as a child process, passes its stdin, stdout
and exit status through unchanged, and appends one JSON line to $BENCH_MODULE_STATS:
the module's name, its peak RSS (ru_maxrss of the child, from wait4, in KiB), the number of bytes
it wrote to stdout (its JSON result: everything that goes back to the controller) and its time.
"""

import json
import os
import re
import subprocess
import sys
import time


def main():
    argv = sys.argv[1:]
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable] + argv, stdout=subprocess.PIPE)
    output = process.stdout.read()
    process.stdout.close()
    dummy, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status) if hasattr(os, 'waitstatus_to_exitcode') else status >> 8
    module = None
    for arg in argv:
        match = re.search(r'AnsiballZ_(\w+)\.py$', arg)
        if match:
            module = match.group(1)
    stats = os.environ.get('BENCH_MODULE_STATS')
    if stats:
        with open(stats, 'a') as stream:
            stream.write(json.dumps(dict(module=module, argv=argv, maxrss_kib=usage.ru_maxrss,
                                         stdout_bytes=len(output), seconds=seconds, rc=code)) + '\n')
    out = getattr(sys.stdout, 'buffer', sys.stdout)
    out.write(output)
    out.flush()
    return code


if __name__ == '__main__':
    sys.exit(main())
