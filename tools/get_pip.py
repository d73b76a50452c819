#!/usr/bin/env python
"""Offline stand-in for the get-pip.py script that ansible-test downloads.

``ansible-test ... --venv`` creates virtual environments without pip and then
bootstraps pip by running a ``get-pip.py`` script it normally downloads from
https://ci-files.testing.ansible.com/ and caches as
``~/.ansible/test/cache/get_pip_<pip version with _>.py``.  That host is not
reachable here, so ``tools/run_matrix.py`` copies this file to that cache path
for every pip version the ansible-core release under test pins.

ansible-test runs the script through its ``quiet_pip.py`` wrapper (``runpy`` with
``GET_PIP`` in the environment) as::

    python get_pip.py --disable-pip-version-check pip==X [setuptools==Y wheel==Z]
                      [--no-setuptools] [--no-wheel]

so ``sys.argv[1:]`` are pip-install arguments plus get-pip's own
``--no-setuptools``/``--no-wheel`` switches.  Like the real get-pip.py we install
pip (and setuptools/wheel unless told not to or already requested explicitly),
but we run pip from the wheel the interpreter's ``ensurepip`` bundles (or let
``ensurepip`` install it) and have it install the requested versions from the
configured package index.
"""

from __future__ import annotations

import glob
import importlib.util
import os
import re
import subprocess
import sys

GET_PIP_SWITCHES = ('--no-setuptools', '--no-wheel', '--no-pip')


def _requested(args, name):
    """Return True if a requirement for ``name`` is among the pip arguments."""
    pattern = re.compile(r'^%s\s*([<>=!~;\[].*)?$' % re.escape(name), re.IGNORECASE)
    return any(pattern.match(arg) for arg in args if not arg.startswith('-'))


def _bundled_pip_wheel():
    """Return the path of the pip wheel that ensurepip ships, or None."""
    spec = importlib.util.find_spec('ensurepip')
    if not spec or not spec.origin:
        return None
    wheels = glob.glob(os.path.join(os.path.dirname(spec.origin), '_bundled', 'pip-*.whl'))
    return sorted(wheels)[-1] if wheels else None


def main(argv):
    """Bootstrap pip into the running interpreter's environment."""
    switches = set(arg for arg in argv if arg in GET_PIP_SWITCHES)
    args = [arg for arg in argv if arg not in GET_PIP_SWITCHES]

    env = os.environ.copy()
    env.setdefault('PIP_DISABLE_PIP_VERSION_CHECK', '1')

    # 1. seed pip from the wheel bundled with the interpreter (no network): run
    #    pip straight from that wheel when we can find it (one install instead of
    #    two), else let ensurepip install it first.
    bundled = _bundled_pip_wheel()
    if bundled:
        pip = [sys.executable, os.path.join(bundled, 'pip')]
    else:
        subprocess.check_call([sys.executable, '-m', 'ensurepip', '--upgrade', '--default-pip'], env=env)
        pip = [sys.executable, '-m', 'pip']

    # 2. mimic get-pip.py's implicit packages
    packages = []

    if '--no-pip' not in switches and not _requested(args, 'pip'):
        packages.append('pip')

    no_setuptools = '--no-setuptools' in switches or os.environ.get('PIP_NO_SETUPTOOLS')
    no_wheel = '--no-wheel' in switches or os.environ.get('PIP_NO_WHEEL')

    if not no_setuptools and not _requested(args, 'setuptools') and not importlib.util.find_spec('setuptools'):
        packages.append('setuptools')

    if not no_wheel and not _requested(args, 'wheel') and not importlib.util.find_spec('wheel'):
        packages.append('wheel')

    # 3. install the requested versions with the seeded pip
    cmd = pip + ['install', '--upgrade'] + args + packages
    subprocess.check_call(cmd, env=env)

    # 4. ensurepip on Python < 3.12 also installs setuptools; drop it when the
    #    caller asked for an environment without it (as get-pip.py would).
    if not bundled and no_setuptools and not _requested(args, 'setuptools'):
        check = subprocess.run([sys.executable, '-m', 'pip', 'show', '-q', 'setuptools'],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        if check.returncode == 0:
            subprocess.check_call([sys.executable, '-m', 'pip', 'uninstall', '-q', '-y', 'setuptools'], env=env)

    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
