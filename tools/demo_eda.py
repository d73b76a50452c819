#!/usr/bin/env python
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""`make demo-eda`: Event-Driven Ansible against the bundled stand-in, for about a minute.

Starts the stand-in (LTX Studio, three healthy accounts), runs the repair rulebook (which tells every
event as the notify rulebook does, and repairs what it has credentials for) with a 5 s interval,
breaks an account (its token expires), shows the event and the repair, and stops. Needs ansible-rulebook
and ansible-playbook on PATH, Java 17 (JAVA_HOME), and ANSIBLE_COLLECTIONS_PATH at an installed
useapi.accounts; `make demo-eda` (nox -s demo-eda) sets all that up.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / 'tests'))

from standin import StandIn  # noqa: E402  pylint: disable=wrong-import-position

TOKEN = 'demo-token'
VICTIM, LT_ID = 'alice.producer@example.com', 'user12345'
FRESH_COOKIE = 'lt_id=%s; lt_token=demo-fresh-token; lt_refresh_token=demo-fresh-refresh' % LT_ID


def say(text):
    print('\n== %s' % text, flush=True)


def wait(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def main():
    binary = shutil.which('ansible-rulebook')
    if not binary:
        sys.exit('ansible-rulebook is not on PATH (make demo-eda installs it)')
    server = StandIn(services={'ltxstudio': str(ROOT / 'tests' / 'fixtures' / 'accounts_healthy.json')}, token=TOKEN,
                     identities={LT_ID: VICTIM}).start()
    work = Path(tempfile.mkdtemp(prefix='useapi-demo-eda-'))
    (work / 'credentials.yml').write_text('useapi_credentials:\n  ltxstudio:\n    %s:\n      cookie: "%s"\n' % (VICTIM, FRESH_COOKIE))
    (work / 'vars.yml').write_text('useapi_interval: 5\nuseapi_credentials_file: %s\n' % (work / 'credentials.yml'))
    (work / 'inventory.yml').write_text('all:\n  hosts:\n    localhost:\n      ansible_connection: local\n'
                                        '      ansible_python_interpreter: "{{ ansible_playbook_python }}"\n')
    env = dict(os.environ, USEAPI_TOKEN=TOKEN, USEAPI_BASE_URL=server.base_url, ANSIBLE_NOCOLOR='1',
               ANSIBLE_LOCALHOST_WARNING='false', ANSIBLE_INVENTORY_UNPARSED_WARNING='false')
    say('the stand-in serves 3 healthy LTX Studio accounts at %s; starting the repair rulebook (polls every 5 s)'
        % server.base_url)
    command = [binary, '-i', 'inventory.yml', '-r', 'useapi.accounts.repair', '--vars', 'vars.yml',
               '-E', 'USEAPI_TOKEN,USEAPI_BASE_URL', '-v']
    process = subprocess.Popen(command, cwd=str(work), env=env, start_new_session=True)

    def reads():
        return len([r for r in server.requests if r.path.startswith('/v1/ltxstudio/accounts') and r.method == 'GET'])

    ok = False
    try:
        wait(lambda: reads() >= 2, 60)
        say('all is well: no event. Now %s\'s token expires (the stand-in says it expired yesterday)' % VICTIM)
        broken = dict(server.config('ltxstudio'))
        broken[VICTIM] = dict(broken[VICTIM], tokenExpireUTC='@now-1d')
        broken[VICTIM].pop('tokenExpire', None)
        server.load('ltxstudio', broken)
        if wait(lambda: VICTIM in server.received_cookies, 60):
            say('the repair playbook re-added %s with the cookie from the credentials file; the next poll says recovered'
                % VICTIM)
            seen = reads()
            ok = wait(lambda: reads() >= seen + 2, 30)
        else:
            say('no repair within 60 s: see the output above')
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    say('done: %s' % ('a problem event, the repair, a recovered event' if ok else 'FAILED'))
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
