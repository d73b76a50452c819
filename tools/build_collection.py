#!/usr/bin/env python
"""Copy, build and install the collection into build/.

Steps (all paths relative to the repository root):

1. copy the collection's files (``git ls-files`` tracked + untracked-but-not-
   ignored; a plain directory walk when there is no git checkout) into
   ``build/src/ansible_collections/<namespace>/<name>/``;
2. ``ansible-galaxy collection build`` that tree into ``build/<ns>-<name>-<version>.tar.gz``;
3. ``ansible-galaxy collection install`` the tarball into ``build/installed/``
   (so ``build/installed/ansible_collections/<namespace>/<name>``).

Stdlib only.  CLI::

    python3 tools/build_collection.py --ansible-galaxy .venv/bin/ansible-galaxy
    python3 tools/build_collection.py copy-to DEST   # just the file copy
"""

from __future__ import annotations

import argparse
import glob
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# never copied, whatever git says
EXCLUDE_PREFIXES = ('build/', '.venv', '.venvs/', 'tests/output/', '.git/', '.cache/', '.ansible/',
                    '.pytest_cache/', '.hypothesis/', '.tox/')
EXCLUDE_PARTS = ('__pycache__', '.pytest_cache')
EXCLUDE_SUFFIXES = ('.pyc', '.pyo', '.tar.gz')


def galaxy_info(root=ROOT):
    """Return (namespace, name, version) read from galaxy.yml without PyYAML."""
    with open(os.path.join(root, 'galaxy.yml'), encoding='utf-8') as handle:
        text = handle.read()
    values = {}
    for key in ('namespace', 'name', 'version'):
        match = re.search(r'^%s:\s*["\']?([^"\'\s#]+)' % key, text, re.MULTILINE)
        if not match:
            raise SystemExit('galaxy.yml has no top-level %r' % key)
        values[key] = match.group(1)
    return values['namespace'], values['name'], values['version']


def _excluded(rel):
    if rel.startswith(EXCLUDE_PREFIXES) or rel in ('.venv', '.venvs', 'build'):
        return True
    parts = rel.split('/')
    if any(part in EXCLUDE_PARTS for part in parts):
        return True
    return rel.endswith(EXCLUDE_SUFFIXES)


def source_files(root=ROOT):
    """Return the sorted relative paths of the files that make up the collection."""
    try:
        out = subprocess.run(['git', '-C', root, 'ls-files', '-z', '--cached', '--others', '--exclude-standard'],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=True)
        names = [n for n in out.stdout.decode('utf-8', 'surrogateescape').split('\0') if n]
    except (OSError, subprocess.CalledProcessError):
        names = []
        for dirpath, dirnames, filenames in os.walk(root):
            rel_dir = os.path.relpath(dirpath, root)
            rel_dir = '' if rel_dir == '.' else rel_dir + '/'
            dirnames[:] = [d for d in dirnames if not _excluded(rel_dir + d + '/')]
            names.extend(rel_dir + f for f in filenames)
    result = set()
    for rel in names:
        path = os.path.join(root, rel)
        if _excluded(rel) or not (os.path.isfile(path) or os.path.islink(path)):
            continue  # deleted-but-tracked files, sub-repos, excluded trees
        result.add(rel)
    return sorted(result)


def copy_tree(dest, root=ROOT, files=None):
    """Replace ``dest`` with a fresh copy of the collection's files."""
    files = source_files(root) if files is None else files
    shutil.rmtree(dest, ignore_errors=True)
    os.makedirs(dest)
    for rel in files:
        target = os.path.join(dest, rel)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copy2(os.path.join(root, rel), target, follow_symlinks=False)
    return len(files)


def _default_run(cmd, cwd=None, env=None):
    print('$ ' + ' '.join(cmd))
    subprocess.run(cmd, check=True, env=env, cwd=cwd)


def build(ansible_galaxy, root=ROOT, log=print, run=None):
    """Copy, build and install; return a dict of the resulting paths.

    ``run(cmd, cwd=..., env=...)`` runs a command and raises on failure.
    """
    run = run or _default_run
    namespace, name, version = galaxy_info(root)
    build_dir = os.path.join(root, 'build')
    src = os.path.join(build_dir, 'src', 'ansible_collections', namespace, name)
    installed = os.path.join(build_dir, 'installed')
    tarball = os.path.join(build_dir, '%s-%s-%s.tar.gz' % (namespace, name, version))

    count = copy_tree(src, root)
    log('copied %d files to %s' % (count, os.path.relpath(src, root)))

    for old in glob.glob(os.path.join(build_dir, '%s-%s-*.tar.gz' % (namespace, name))):
        os.remove(old)

    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=installed, ANSIBLE_NOCOLOR='1')
    cmd = [ansible_galaxy, 'collection', 'build', src, '--output-path', build_dir, '--force']
    run(cmd, cwd=build_dir, env=env)
    if not os.path.exists(tarball):
        raise SystemExit('expected %s after ansible-galaxy collection build' % tarball)

    shutil.rmtree(installed, ignore_errors=True)
    os.makedirs(installed)
    cmd = [ansible_galaxy, 'collection', 'install', tarball, '-p', installed, '--force', '--offline']
    run(cmd, cwd=build_dir, env=env)
    target = os.path.join(installed, 'ansible_collections', namespace, name)
    if not os.path.isfile(os.path.join(target, 'MANIFEST.json')):
        raise SystemExit('collection not installed at %s' % target)
    log('installed %s.%s %s into %s' % (namespace, name, version, os.path.relpath(target, root)))
    return {'src': src, 'tarball': tarball, 'installed': installed, 'target': target}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--ansible-galaxy', default=shutil.which('ansible-galaxy'),
                        help='ansible-galaxy executable (default: from PATH)')
    parser.add_argument('action', nargs='?', default='build', choices=['build', 'copy-to', 'list'])
    parser.add_argument('dest', nargs='?')
    args = parser.parse_args(argv)

    if args.action == 'list':
        print('\n'.join(source_files()))
    elif args.action == 'copy-to':
        if not args.dest:
            parser.error('copy-to needs DEST')
        copy_tree(args.dest)
    else:
        if not args.ansible_galaxy:
            parser.error('no ansible-galaxy found; pass --ansible-galaxy')
        build(args.ansible_galaxy)
    return 0


if __name__ == '__main__':
    sys.exit(main())
