"""What the tests share: paths, the test token, ansible-playbook runs, ports and waits.

tests/ is on sys.path (pytest.ini), so tests import this as ``helpers`` and the stand-in as
``standin``; fixtures stay in the conftest files, which no test imports.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
FIXTURES = TESTS / 'fixtures'
PLAYBOOKS = TESTS / 'integration' / 'playbooks'
TOKEN = 'user:4242-TOKENCANARY-b7e1c0de'
REPORT_SCHEMA = TESTS.parent / 'docs' / 'schemas' / 'accounts_check.schema.json'
REPORT_FILES = ('accounts_check.json', 'accounts_check.md', 'accounts_check.prom', 'accounts_check.xml')
PROXY_VARIABLES = ('http_proxy', 'https_proxy', 'no_proxy', 'all_proxy',
                   'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'ALL_PROXY')


def ansible_env(directory, token=TOKEN, url=None, **extra):
    """The environment of an ansible-playbook run: this process's, without useapi or proxy variables,
    no colour, its own ansible home and temp under ``directory``; ``extra`` last (proxies too)."""
    environment = dict((key, value) for key, value in os.environ.items()
                       if not key.startswith('USEAPI_') and key not in PROXY_VARIABLES)
    environment.update(
        ANSIBLE_NOCOLOR='1', ANSIBLE_FORCE_COLOR='0', ANSIBLE_RETRY_FILES_ENABLED='0',
        ANSIBLE_LOCAL_TEMP=str(Path(directory) / 'ansible-tmp'), ANSIBLE_HOME=str(Path(directory) / 'ansible-home'),
        ANSIBLE_INVENTORY_UNPARSED_WARNING='0', ANSIBLE_LOCALHOST_WARNING='0', PYTHONDONTWRITEBYTECODE='1')
    if token is not None:
        environment['USEAPI_TOKEN'] = token
    if url is not None:
        environment['USEAPI_LTXSTUDIO_URL'] = url
    environment.update(extra)
    return environment


def ansible_playbook(arguments, env, cwd):
    """Run the venv's ansible-playbook with these arguments; the caller asserts on the exit code."""
    binary = Path(sys.executable).parent / 'ansible-playbook'
    if not binary.exists():
        binary = Path(shutil.which('ansible-playbook'))
    return subprocess.run([str(binary)] + [str(argument) for argument in arguments], check=False,
                          capture_output=True, text=True, env=env, timeout=600, cwd=str(cwd))


class Run(object):
    """One finished ansible-playbook run."""

    def __init__(self, completed, out_file):
        self.rc = completed.returncode
        self.stdout = completed.stdout
        self.stderr = completed.stderr
        self.output = completed.stdout + completed.stderr
        self.data = json.loads(out_file.read_text(encoding='utf-8')) if out_file.exists() else None

    def __repr__(self):
        return 'Run(rc=%d)\n--- stdout ---\n%s\n--- stderr ---\n%s' % (self.rc, self.stdout, self.stderr)

    def task_output(self, name):
        """What the default callback printed for the task whose TASK line contains ``name``."""
        blocks = self.stdout.split('\nTASK [')
        matches = [block.split('\n', 1)[1] for block in blocks[1:] if name in block.split('\n', 1)[0]]
        if len(matches) != 1:
            raise AssertionError('%d tasks named %r in the output:\n%s' % (len(matches), name, self))
        return matches[0].split('\nPLAY RECAP')[0]

    def task_names(self):
        """The TASK lines of the output, in order, without the banner's asterisks."""
        return [line[len('TASK ['):line.rindex(']')] for line in self.stdout.splitlines() if line.startswith('TASK [')]

    def recap(self):
        """The PLAY RECAP counters for localhost, as a dict."""
        for line in self.stdout.splitlines():
            if line.startswith('localhost') and 'ok=' in line:
                return dict((key, int(value)) for key, value in
                            (item.split('=') for item in line.split(':', 1)[1].split()))
        raise AssertionError('no PLAY RECAP in the output:\n%s' % self)


def refused_url(root='/v1/ltxstudio', host='127.0.0.1'):
    """(holder, url): a URL nothing listens at, for as long as ``holder`` (bound, never listening) is open.

    Holding the port closes the race of "pick a free port, hope it stays closed"; close the holder after.
    """
    holder = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    holder.bind((host, 0))
    return holder, 'http://%s:%d%s' % (host, holder.getsockname()[1], root)


def wait_for(condition, timeout=30.0, interval=0.01, what='the condition'):
    """Poll ``condition`` until it is true and return its value; fail after ``timeout`` seconds (a hang guard)."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError('timed out after %s s waiting for %s' % (timeout, what))
        time.sleep(interval)


def validate_report(text):
    """The JSON report parsed, after validating it against its published JSON Schema (docs/schemas)."""
    import jsonschema

    report = json.loads(text)
    jsonschema.Draft202012Validator(json.loads(REPORT_SCHEMA.read_text(encoding='utf-8'))).validate(report)
    return report
