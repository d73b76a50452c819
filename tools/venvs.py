#!/usr/bin/env python
"""Locate Python interpreters and create cached virtual environments.

Stdlib only: this runs under the machine's bare ``python3`` before any venv
exists.

A venv is reused when its stamp file (``<venv>/.ltx-stamp``) holds the same
hash as the one computed from: this file's STAMP_SCHEMA, the interpreter's full
version and path, the package specs, and the text of the requirement files
(following ``-r``/``-c`` includes).  Anything else rebuilds it from scratch.

CLI::

    python3 tools/venvs.py find-python 3.12
    python3 tools/venvs.py ensure --python 3.11 --dest .venvs/2.19 \
        --spec 'ansible-core>=2.19,<2.20' -r requirements/test.txt
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys

STAMP_SCHEMA = '1'
STAMP_NAME = '.ltx-stamp'

_VERSION_PROBE = 'import sys; print("%d.%d.%d" % sys.version_info[:3])'


class VenvError(Exception):
    """Raised when an interpreter cannot be found or a venv cannot be built."""


def _probe(python):
    """Return the X.Y.Z version of an interpreter, or None if it does not run."""
    try:
        out = subprocess.run([python, '-c', _VERSION_PROBE], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, timeout=60, check=True, text=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def _version_key(text):
    return tuple(int(part) for part in re.findall(r'\d+', text))


def _pyenv(*args):
    pyenv = shutil.which('pyenv')
    candidates = [pyenv] if pyenv else []
    root = os.environ.get('PYENV_ROOT') or os.path.expanduser('~/.pyenv')
    candidates.append(os.path.join(root, 'bin', 'pyenv'))
    for exe in candidates:
        if exe and os.access(exe, os.X_OK):
            try:
                out = subprocess.run([exe] + list(args), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     timeout=60, check=True, text=True)
            except (OSError, subprocess.SubprocessError):
                continue
            return out.stdout
    return None


def find_python(minor):
    """Return the path of a working interpreter for ``minor`` (e.g. '3.12').

    Order: $PYTHON3_12-style override, ``pyenv prefix X.Y``, the newest X.Y.*
    under ``pyenv root``/versions, ``pythonX.Y`` on PATH, ``python3`` on PATH.
    """
    if not re.match(r'^\d+\.\d+$', minor):
        raise VenvError('bad Python version %r (want X.Y)' % minor)

    candidates = []
    override = os.environ.get('PYTHON' + minor.replace('.', '_'))
    if override:
        candidates.append(override)

    prefix = _pyenv('prefix', minor)
    if prefix:
        for line in prefix.splitlines():
            candidates.append(os.path.join(line.strip(), 'bin', 'python' + minor))

    root = (_pyenv('root') or '').strip() or os.environ.get('PYENV_ROOT') or os.path.expanduser('~/.pyenv')
    found = [path for path in glob.glob(os.path.join(root, 'versions', minor + '.*'))
             if re.match(r'^\d+\.\d+\.\d+$', os.path.basename(path))]
    for path in sorted(found, key=lambda p: _version_key(os.path.basename(p)), reverse=True):
        candidates.append(os.path.join(path, 'bin', 'python' + minor))

    for name in ('python' + minor, 'python3'):
        exe = shutil.which(name)
        if exe:
            candidates.append(exe)

    for candidate in candidates:
        if not os.path.exists(candidate) and os.sep in candidate:
            continue
        version = _probe(candidate)
        if version and version.rsplit('.', 1)[0] == minor:
            return os.path.realpath(shutil.which(candidate) or candidate)

    raise VenvError('no Python %s interpreter found (tried: %s); set PYTHON%s=/path/to/python%s'
                    % (minor, ', '.join(candidates) or 'nothing', minor.replace('.', '_'), minor))


def _requirement_texts(path, seen=None):
    """Yield (path, text) for a requirements file and the files it includes."""
    seen = set() if seen is None else seen
    path = os.path.abspath(path)
    if path in seen:
        return
    seen.add(path)
    with open(path, encoding='utf-8') as handle:
        text = handle.read()
    yield path, text
    for line in text.splitlines():
        match = re.match(r'^\s*(?:-r|--requirement|-c|--constraint)\s*=?\s*(\S+)', line)
        if match:
            yield from _requirement_texts(os.path.join(os.path.dirname(path), match.group(1)), seen)


def stamp_for(python, specs, requirement_files):
    """Return the hash identifying a venv built from these inputs."""
    data = {
        'schema': STAMP_SCHEMA,
        'python': python,
        'python_version': _probe(python),
        'specs': list(specs),
        'requirements': [[os.path.basename(p), t] for f in requirement_files for p, t in _requirement_texts(f)],
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode('utf-8')).hexdigest()


# pip warns once per package about the missing local mirror folders named in
# the machine's pip.conf (extra-index-url file:///...); that is pure noise.
PIP_NOISE = re.compile(r"^WARNING: Location 'file:[^']*' is ignored: it is neither a file nor a directory\.$")


def _run_filtered(cmd):
    """Run a command, passing its output through minus known pip noise."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors='replace')
    for line in proc.stdout:
        if not PIP_NOISE.match(line.rstrip('\n')):
            sys.stdout.write(line)
            sys.stdout.flush()
    if proc.wait():
        raise subprocess.CalledProcessError(proc.returncode, cmd)


def ensure_venv(dest, minor, specs=(), requirement_files=(), log=print, quiet=True, run=None):
    """Create (or reuse) a venv at ``dest``; return (python path, reused flag).

    ``run(cmd, noise=regex)`` runs a command and raises on failure; the default
    streams its output (minus pip's known noise) to stdout.
    """
    run = run or (lambda cmd, noise=None: _run_filtered(cmd))
    dest = os.path.abspath(dest)
    python = find_python(minor)
    stamp = stamp_for(python, specs, requirement_files)
    stamp_path = os.path.join(dest, STAMP_NAME)
    venv_python = os.path.join(dest, 'bin', 'python')

    try:
        with open(stamp_path, encoding='utf-8') as handle:
            current = handle.read().strip()
    except OSError:
        current = None

    if current == stamp and _probe(venv_python):
        log('reusing %s (Python %s, stamp %s)' % (dest, minor, stamp[:12]))
        return venv_python, True

    log('creating %s with %s (%s)' % (dest, python, 'stamp changed' if current else 'new'))
    shutil.rmtree(dest, ignore_errors=True)
    run([python, '-m', 'venv', dest])

    pip = [venv_python, '-m', 'pip', 'install', '--disable-pip-version-check']
    if quiet:
        pip.append('-q')
    args = list(specs)
    for req in requirement_files:
        args += ['-r', os.path.abspath(req)]
    if args:
        log('pip install ' + ' '.join(args))
        run(pip + args, noise=PIP_NOISE)

    freeze = subprocess.run([venv_python, '-m', 'pip', 'freeze', '--disable-pip-version-check'],
                            stdout=subprocess.PIPE, check=True, text=True).stdout
    with open(os.path.join(dest, 'freeze.txt'), 'w', encoding='utf-8') as handle:
        handle.write(freeze)
    with open(stamp_path + '.tmp', 'w', encoding='utf-8') as handle:
        handle.write(stamp + '\n')
    os.replace(stamp_path + '.tmp', stamp_path)
    return venv_python, False


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest='command', required=True)
    find = sub.add_parser('find-python', help='print the path of a Python X.Y interpreter')
    find.add_argument('minor')
    ensure = sub.add_parser('ensure', help='create or reuse a venv')
    ensure.add_argument('--python', required=True, help='Python X.Y')
    ensure.add_argument('--dest', required=True)
    ensure.add_argument('--spec', action='append', default=[], help='extra requirement spec (repeatable)')
    ensure.add_argument('-r', dest='requirements', action='append', default=[], help='requirements file (repeatable)')
    ensure.add_argument('-v', '--verbose', action='store_true', help='do not pass -q to pip')
    args = parser.parse_args(argv)

    try:
        if args.command == 'find-python':
            print(find_python(args.minor))
        else:
            print(ensure_venv(args.dest, args.python, args.spec, args.requirements, quiet=not args.verbose)[0])
    except (VenvError, subprocess.CalledProcessError) as ex:
        print('venvs.py: %s' % ex, file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
