#!/usr/bin/env python
"""Run the collection's checks over the ansible-core matrix, in parallel.

Stdlib only; started by the Makefile with the machine's ``python3``.

Jobs (each writes ``build/logs/<job>.log``) and what they need:

  venv-tools        .venv (Python 3.11, requirements/tools.txt)
  venv-<X.Y>        .venvs/<X.Y> (ansible-core X.Y.* + requirements/test.txt)
  build             copy -> ansible-galaxy collection build -> install into build/installed
  pytest-<X.Y>      python -m pytest tests/unit tests/integration tests/standin_selftest
                    against build/installed (needs venv-<X.Y>, build)
  sanity-<X.Y>      ansible-test sanity --venv --python <py> in a per-version copy
                    build/sanity/<X.Y>/ansible_collections/<ns>/<name> (needs venv-<X.Y>, build)
  ansible-lint, docs-lint, changelog-lint, galaxy-importer, ee-builder
                    tooling checks (need venv-tools, build)

A job starts when its prerequisites passed; with a failed prerequisite it is
BLOCKED.  Exit status is 0 only if no job FAILED or was BLOCKED.

Examples::

    python3 tools/run_matrix.py                                  # everything
    python3 tools/run_matrix.py --versions 2.19 --checks pytest  # quick
    python3 tools/run_matrix.py --versions '2.19 2.20:3.13'      # X.Y[:python]
"""

from __future__ import annotations

import argparse
import fcntl
import glob
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import build_collection  # noqa: E402  pylint: disable=wrong-import-position
import venvs  # noqa: E402  pylint: disable=wrong-import-position

ROOT = build_collection.ROOT
BUILD = os.path.join(ROOT, 'build')
LOGS = os.path.join(BUILD, 'logs')
TOOLS_VENV = os.path.join(ROOT, '.venv')
TOOLS_PYTHON = '3.11'
MATRIX_DIR = os.path.join(ROOT, '.venvs')
INSTALLED = os.path.join(BUILD, 'installed')

# ansible-core minor -> controller Python used for it
DEFAULT_MATRIX = [
    ('2.16', '3.11'),
    ('2.17', '3.11'),
    ('2.18', '3.11'),
    ('2.19', '3.11'),
    ('2.20', '3.12'),
    ('2.21', '3.13'),
]
PYTEST_DIRS = ('tests/unit', 'tests/integration', 'tests/standin_selftest')
ALL_CHECKS = ('venv', 'build', 'pytest', 'sanity', 'lint')
LINT_JOBS = ('ansible-lint', 'docs-lint', 'changelog-lint', 'galaxy-importer', 'ee-builder')
TAIL_LINES = 60

PASS, FAIL, SKIP, BLOCKED = 'PASS', 'FAIL', 'SKIP', 'BLOCKED'
PIP_NOISE = venvs.PIP_NOISE
# a single command running longer than this is killed (its job fails), so a hung
# test cannot eat CI's whole time budget; --command-timeout / COMMAND_TIMEOUT
COMMAND_TIMEOUT = 2400
PROCS = set()
PROCS_LOCK = threading.Lock()


def kill_group(proc):
    """SIGTERM, then SIGKILL, a command's whole process group."""
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except OSError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


class Skip(Exception):
    """Raised by a job that had nothing to check."""


class JobFailed(Exception):
    """Raised by a job whose check failed (message goes into the summary)."""


class Job:
    """One unit of work with prerequisites, a log file and a result."""

    def __init__(self, name, func, deps=()):
        self.name = name
        self.func = func
        self.deps = list(deps)
        self.status = None
        self.note = ''
        self.started = None
        self.elapsed = 0.0
        self.log_path = os.path.join(LOGS, name + '.log')
        self._log = None

    # logging helpers used by job functions -------------------------------
    def log(self, text):
        self._log.write(text.rstrip('\n') + '\n')
        self._log.flush()

    def run(self, cmd, cwd=ROOT, env=None, check=True, noise=None):
        """Run a command with output appended to the job log; return (rc, output)."""
        self.log('$ ' + ' '.join(cmd) + ('   (in %s)' % os.path.relpath(cwd, ROOT) if cwd != ROOT else ''))
        # own process group, so a timeout or Ctrl-C can end the whole tree
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, text=True, errors='replace', start_new_session=True)
        timed_out = []

        def on_timeout():
            timed_out.append(True)
            kill_group(proc)

        timer = threading.Timer(COMMAND_TIMEOUT, on_timeout)
        timer.daemon = True
        with PROCS_LOCK:
            PROCS.add(proc)
        timer.start()
        lines = []
        try:
            for line in proc.stdout:
                if PIP_NOISE.match(line.rstrip('\n')) or (noise is not None and noise.match(line.rstrip('\n'))):
                    continue
                lines.append(line)
                self._log.write(line)
                self._log.flush()
            rc = proc.wait()
        finally:
            timer.cancel()
            with PROCS_LOCK:
                PROCS.discard(proc)
        self.log('[exit %d]' % rc)
        if timed_out:
            raise JobFailed('%s timed out after %ds' % (os.path.basename(cmd[0]), COMMAND_TIMEOUT))
        if check and rc != 0:
            raise JobFailed('%s exited %d' % (' '.join([os.path.basename(cmd[0])] + list(cmd[1:3])), rc))
        return rc, ''.join(lines)

    def execute(self, ctx):
        os.makedirs(LOGS, exist_ok=True)
        self.started = time.time()
        with open(self.log_path, 'w', encoding='utf-8') as self._log:
            try:
                note = self.func(self, ctx)
                self.status, self.note = PASS, note or ''
            except Skip as ex:
                self.status, self.note = SKIP, str(ex)
            except JobFailed as ex:
                self.status, self.note = FAIL, str(ex)
            except Exception as ex:  # pylint: disable=broad-except
                self.status, self.note = FAIL, '%s: %s' % (type(ex).__name__, ex)
                import traceback
                self.log(traceback.format_exc())
            self.log('== %s %s' % (self.status, self.note))
        self.elapsed = time.time() - self.started


class Context:
    """Shared state: the matrix, the paths jobs produce, the CLI options."""

    def __init__(self, options, matrix):
        self.options = options
        self.matrix = dict(matrix)
        self.venv_python = {}        # job key ('tools' or X.Y) -> venv python
        self.versions_seen = {}      # X.Y -> 'ansible-core 2.19.14 / Python 3.11.7'
        self.build = None            # dict from build_collection.build()
        self.lock = threading.Lock()


# --------------------------------------------------------------------------
# helpers

def venv_bin(python, name):
    return os.path.join(os.path.dirname(python), name)


def base_env(python=None, **extra):
    env = dict(os.environ)
    for key in ('PYTHONPATH', 'PYTHONHOME', 'VIRTUAL_ENV', 'ANSIBLE_COLLECTIONS_PATH', 'ANSIBLE_COLLECTIONS_PATHS',
                'ANSIBLE_CONFIG'):
        env.pop(key, None)
    if python:
        bindir = os.path.dirname(python)
        env['PATH'] = bindir + os.pathsep + env.get('PATH', os.defpath)
        env['VIRTUAL_ENV'] = os.path.dirname(bindir)
    env['ANSIBLE_NOCOLOR'] = '1'
    env['ANSIBLE_FORCE_COLOR'] = '0'
    env['PY_COLORS'] = '0'
    env['NO_COLOR'] = '1'
    env.update(extra)
    return env


def has_test_files(path):
    for _dirpath, _dirs, files in os.walk(path):
        if any(re.match(r'^(test_.*|.*_test)\.py$', f) for f in files):
            return True
    return False


def ansible_test_home(version):
    """A private HOME per ansible-core minor for ansible-test.

    ansible-test keeps its sanity venvs in ~/.ansible/test/venv/<test>/<py>/<hash>;
    two versions running at once on the same Python would race on the shared ones.
    The pip configuration and download cache of the real HOME are linked in.
    """
    root = os.environ.get('LTX_ANSIBLE_TEST_HOME') or os.path.join(
        os.environ.get('XDG_CACHE_HOME') or os.path.expanduser('~/.cache'), 'useapi-accounts', 'ansible-test')
    home = os.path.join(root, version)
    os.makedirs(home, exist_ok=True)
    real_home = os.path.expanduser('~')
    for rel in ('.config/pip', '.pip', '.cache/pip', '.netrc'):
        src = os.path.join(real_home, rel)
        dst = os.path.join(home, rel)
        if os.path.exists(src) and not os.path.lexists(dst):
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            os.symlink(src, dst)
    return home


def install_get_pip(job, venv_python, home):
    """Place tools/get_pip.py where ansible-test looks for its cached get-pip script."""
    out = subprocess.run([venv_python, '-c', 'import ansible_test, os; print(os.path.dirname(ansible_test.__file__))'],
                         stdout=subprocess.PIPE, check=True, text=True).stdout.strip()
    with open(os.path.join(out, '_internal', 'python_requirements.py'), encoding='utf-8') as handle:
        text = handle.read()
    pip_versions = sorted(set(re.findall(r"""\bpip\s*=\s*['"]([0-9][0-9.]*)['"]""", text)))
    if not pip_versions:
        raise JobFailed('cannot find the pip version ansible-test pins in %s' % out)
    cache = os.path.join(home, '.ansible', 'test', 'cache')
    os.makedirs(cache, exist_ok=True)
    with open(os.path.join(ROOT, 'tools', 'get_pip.py'), 'rb') as handle:
        script = handle.read()
    for version in pip_versions:
        path = os.path.join(cache, 'get_pip_%s.py' % version.replace('.', '_'))
        current = None
        if os.path.exists(path):
            with open(path, 'rb') as handle:
                current = handle.read()
        if current != script:
            with open(path + '.tmp', 'wb') as handle:
                handle.write(script)
            os.replace(path + '.tmp', path)
    job.log('get-pip stand-in installed for pip %s in %s' % (', '.join(pip_versions), cache))


def sanity_tree(version):
    """Per-version copy location; kept short enough for venv shebangs (127 bytes)."""
    namespace, name = build_collection.galaxy_info(ROOT)[:2]
    base = os.path.join(BUILD, 'sanity', version)
    tree = os.path.join(base, 'ansible_collections', namespace, name)
    probe = os.path.join(tree, 'tests/output/.tmp/delegation/python3.13/bin/python3.13')
    if len(probe) > 120:
        digest = hashlib.sha256(ROOT.encode()).hexdigest()[:8]
        base = os.path.join('/tmp', 'ltx-sanity-%d-%s' % (os.getuid(), digest), version)
        tree = os.path.join(base, 'ansible_collections', namespace, name)
    return base, tree


# --------------------------------------------------------------------------
# job functions

def job_venv_tools(job, ctx):
    python, reused = venvs.ensure_venv(TOOLS_VENV, TOOLS_PYTHON, (), [os.path.join(ROOT, 'requirements', 'tools.txt')],
                                       log=job.log, quiet=not ctx.options.verbose_pip, run=job.run)
    ctx.venv_python['tools'] = python
    return _describe_venv(job, python, reused)


def make_job_venv_matrix(version):
    def job_venv(job, ctx):
        major, minor = version.split('.')
        spec = 'ansible-core>=%s.%s,<%s.%d' % (major, minor, major, int(minor) + 1)
        python, reused = venvs.ensure_venv(os.path.join(MATRIX_DIR, version), ctx.matrix[version], [spec],
                                           [os.path.join(ROOT, 'requirements', 'test.txt')],
                                           log=job.log, quiet=not ctx.options.verbose_pip, run=job.run)
        ctx.venv_python[version] = python
        desc = _describe_venv(job, python, reused)
        with ctx.lock:
            ctx.versions_seen[version] = desc.split(' (')[0]
        return desc
    return job_venv


def _describe_venv(job, python, reused):
    out = subprocess.run([python, '-c', 'import sys, platform\ntry:\n from ansible.release import __version__ as v\n'
                          'except ImportError:\n v = None\nprint(v, platform.python_version())'],
                         stdout=subprocess.PIPE, check=True, text=True).stdout.split()
    desc = ('ansible-core %s / Python %s' % (out[0], out[1])) if out[0] != 'None' else 'Python %s' % out[1]
    job.log(desc)
    return desc + (' (reused)' if reused else ' (created)')


def job_build(job, ctx):
    ctx.build = build_collection.build(venv_bin(ctx.venv_python['tools'], 'ansible-galaxy'), ROOT,
                                       log=job.log, run=job.run)
    return os.path.relpath(ctx.build['tarball'], ROOT)


def _pytest_summary(output):
    for line in reversed(output.splitlines()):
        match = re.match(r'^=+ (.*(?:passed|failed|error|skipped|no tests ran|deselected).*) =+$', line.strip())
        if match:
            return match.group(1)
    return ''


def make_job_pytest(version):
    def job_pytest(job, ctx):
        """One pytest process per test directory.

        Separate processes keep each directory's top-level ``conftest`` module
        (tests do ``from conftest import ...``) from clashing with another's.
        """
        dirs = [d for d in ctx.options.pytest_dirs if os.path.isdir(os.path.join(ROOT, d))]
        if not dirs:
            raise Skip('none of %s exist' % ', '.join(ctx.options.pytest_dirs))
        python = ctx.venv_python[version]
        env = base_env(python, ANSIBLE_COLLECTIONS_PATH=INSTALLED, PYTHONPATH=INSTALLED,
                       PYTHONDONTWRITEBYTECODE='1', LTX_ANSIBLE_CORE=version)
        results, failures, ran = [], [], 0
        for directory in dirs:
            cmd = [python, '-m', 'pytest', '-p', 'no:cacheprovider', '-ra', '--color=no', directory]
            rc, output = job.run(cmd + ctx.options.pytest_args, env=env, check=False)
            summary = _pytest_summary(output) or 'exit %d' % rc
            name = directory.split('/', 1)[-1]
            if rc == 5 and not has_test_files(os.path.join(ROOT, directory)):
                results.append('%s: no tests' % name)
                continue
            ran += 1
            results.append('%s: %s' % (name, summary))
            if rc != 0:
                failures.append('%s: %s' % (name, summary))
        if failures:
            raise JobFailed('; '.join(results))
        if not ran:
            raise Skip('no test files in %s' % ', '.join(dirs))
        return '; '.join(results)
    return job_pytest


def make_job_sanity(version):
    def job_sanity(job, ctx):
        python = ctx.venv_python[version]
        base, tree = sanity_tree(version)
        shutil.rmtree(base, ignore_errors=True)
        shutil.copytree(ctx.build['src'], tree, symlinks=True)
        # ansible-test lists content with git when it finds a .git directory in the
        # tree or any parent: give the copy its own repository so that the parent
        # checkout (where build/ is ignored) is not used and its .gitignore applies.
        job.run(['git', 'init', '-q', tree])
        job.log('sanity tree: %s' % tree)
        for ignore in glob.glob(os.path.join(tree, 'tests', 'sanity', 'ignore-*.txt')):
            raise JobFailed('ignore file present: %s (this project runs sanity without ignore files)'
                            % os.path.relpath(ignore, tree))
        home = ansible_test_home(version)
        env = base_env(python, HOME=home)
        cmd = [venv_bin(python, 'ansible-test'), 'sanity', '--venv', '--python', ctx.matrix[version],
               '--color', 'no'] + ctx.options.sanity_args
        # the home (and its cached sanity venvs) is shared by every checkout on
        # this machine: one ansible-test at a time per home, or they race
        with open(os.path.join(home, '.lock'), 'w', encoding='utf-8') as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                job.log('waiting for %s (another checkout runs sanity for %s)' % (lock.name, version))
                fcntl.flock(lock, fcntl.LOCK_EX)
            install_get_pip(job, python, home)
            rc, output = job.run(cmd, cwd=tree, env=env, check=False)
        failed = failed_sanity_tests(output)
        if rc != 0:
            raise JobFailed('ansible-test exit %d%s' % (rc, ' (failing tests: %s)' % ', '.join(failed) if failed else ''))
        ran = len(re.findall(r'^Running sanity test ', output, re.MULTILINE))
        return '%d sanity tests' % ran if ran else ''
    return job_sanity


def failed_sanity_tests(output):
    """Names listed after ansible-test's 'FATAL: The N sanity test(s) listed below ... failed'."""
    names = []
    lines = output.splitlines()
    for index, line in enumerate(lines):
        if re.match(r'^FATAL: The \d+ sanity test\(s\) listed below', line):
            for name in lines[index + 1:]:
                if not name.strip() or name.startswith(('FATAL:', 'ERROR:', 'WARNING:', '[exit')):
                    break
                names.append(name.strip())
            break
    return names


def _tools(ctx):
    return ctx.venv_python['tools']


def job_ansible_lint(job, ctx):
    src = ctx.build['src']
    python = _tools(ctx)
    cmd = [venv_bin(python, 'ansible-lint'), '--offline', '--profile', 'production', '--nocolor']
    if os.path.exists(os.path.join(src, '.ansible-lint')):
        cmd += ['-c', '.ansible-lint']
    # resolve useapi.accounts.* from the copy being linted (build/src/ansible_collections/...)
    env = base_env(python, ANSIBLE_LINT_SKIP_SCHEMA_UPDATE='1',
                   ANSIBLE_COLLECTIONS_PATH=os.path.dirname(os.path.dirname(os.path.dirname(src))),
                   ANSIBLE_HOME=os.path.join(BUILD, 'ansible-home', 'lint'))
    rc, output = job.run(cmd, cwd=src, env=env, check=False)
    if rc != 0:
        rules = sorted(set(re.findall(r'^([a-z][a-z0-9-]*\[[^\]\s]+\]|[a-z][a-z0-9-]*): ', output, re.MULTILINE)))
        raise JobFailed('ansible-lint exit %d%s' % (rc, ' (%s)' % ', '.join(rules) if rules else ''))


def job_docs_lint(job, ctx):
    src = ctx.build['src']
    python = _tools(ctx)
    env = base_env(python, ANSIBLE_HOME=os.path.join(BUILD, 'ansible-home', 'docs'))
    job.run([venv_bin(python, 'antsibull-docs'), 'lint-collection-docs', '--plugin-docs', '.'], cwd=src, env=env)
    # What a user runs: ansible-doc on every module of the installed collection, and on the role.
    env = base_env(python, ANSIBLE_HOME=os.path.join(BUILD, 'ansible-home', 'docs'), ANSIBLE_COLLECTIONS_PATH=INSTALLED,
                   ANSIBLE_NOCOLOR='1')
    doc = venv_bin(python, 'ansible-doc')
    modules = sorted(name[:-3] for name in os.listdir(os.path.join(src, 'plugins', 'modules'))
                     if name.endswith('.py') and not name.startswith('_'))
    targets = [([doc, 'useapi.accounts.' + name], 'useapi.accounts.' + name) for name in modules]
    roles = sorted(os.listdir(os.path.join(src, 'roles'))) if os.path.isdir(os.path.join(src, 'roles')) else []
    targets += [([doc, '-t', 'role', 'useapi.accounts.' + name], 'useapi.accounts.' + name) for name in roles]
    for command, name in targets:
        output = job.run(command, env=env)[1]
        lines = output.splitlines()
        if not any(name in line for line in lines[:5]) or len(lines) < 10:
            raise JobFailed('%s rendered nothing useful for %s' % (' '.join(command[1:]), name))
        warnings = [line for line in lines if line.startswith(('[WARNING]', '[DEPRECATION WARNING]', 'ERROR', '[ERROR]'))]
        if warnings:
            raise JobFailed('%s: %s' % (' '.join(command[1:]), warnings[0]))
    return 'ansible-doc rendered %d modules and %d role(s)' % (len(modules), len(roles))


def job_changelog_lint(job, ctx):
    src = ctx.build['src']
    if not os.path.exists(os.path.join(src, 'changelogs', 'config.yaml')):
        raise Skip('no changelogs/config.yaml')
    python = _tools(ctx)
    env = base_env(python)
    job.run([venv_bin(python, 'antsibull-changelog'), 'lint'], cwd=src, env=env)
    if os.path.exists(os.path.join(src, 'changelogs', 'changelog.yaml')):
        job.run([venv_bin(python, 'antsibull-changelog'), 'lint-changelog-yaml', 'changelogs/changelog.yaml'],
                cwd=src, env=env)


def job_galaxy_importer(job, ctx):
    python = _tools(ctx)
    work = os.path.join(BUILD, 'galaxy-importer')
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(os.path.join(work, 'tmp'))
    env = base_env(python,
                   GALAXY_IMPORTER_CONFIG=os.path.join(ROOT, 'tools', 'galaxy-importer.cfg'),
                   GALAXY_IMPORTER_ANSIBLE_LOCAL_TMP=os.path.join(work, 'tmp'),
                   GALAXY_IMPORTER_TMP_ROOT_DIR=work,
                   ANSIBLE_HOME=os.path.join(work, 'ansible-home'),
                   ANSIBLE_LINT_SKIP_SCHEMA_UPDATE='1')
    output = job.run([python, '-m', 'galaxy_importer.main', ctx.build['tarball'],
                      '--output-path', work], cwd=work, env=env)[1]
    errors = [line for line in output.splitlines() if re.search(r'\bERROR\b', line)]
    warnings = [line for line in output.splitlines() if re.search(r'\bWARNING\b', line)]
    if errors:
        raise JobFailed('%d ERROR line(s), first: %s' % (len(errors), errors[0].strip()[:160]))
    return '%d warning(s)' % len(warnings) if warnings else ''


def job_ee_builder(job, ctx):
    """Check that an execution environment can be built with this collection.

    1. ``ansible-builder introspect --sanitize build/installed``: how an EE build reads the
       installed collection's meta/execution-environment.yml (a dependency file it names but
       that is missing from the tarball is an error);
    2. ``ansible-builder create`` of tests/ee/execution-environment.yml (schema version 3, as
       an AWX/AAP user would write it) with the built tarball next to it: it must produce a
       build context whose Containerfile installs the collection. Building the image itself
       needs a container engine, which this machine lacks.
    A deprecation warning from either step fails the job: it is ours to fix.
    """
    definition = os.path.join(ROOT, 'tests', 'ee', 'execution-environment.yml')
    if not os.path.exists(os.path.join(ctx.build['src'], 'meta', 'execution-environment.yml')):
        raise JobFailed('meta/execution-environment.yml is missing from the built collection')
    python = _tools(ctx)
    builder = venv_bin(python, 'ansible-builder')
    env = base_env(python)
    work = os.path.join(BUILD, 'ee')
    shutil.rmtree(work, ignore_errors=True)

    output = job.run([builder, 'introspect', '--sanitize', '-v', '3', INSTALLED], env=env)[1]
    problems = [line for line in output.splitlines()
                if 'Expected requirements file not present' in line or 'deprecat' in line.lower()]
    if problems:
        raise JobFailed('introspect: ' + problems[0].strip())

    scratch = os.path.join(work, 'definition')
    os.makedirs(scratch)
    shutil.copy2(definition, os.path.join(scratch, 'execution-environment.yml'))
    shutil.copy2(ctx.build['tarball'], os.path.join(scratch, 'useapi-accounts.tar.gz'))
    context = os.path.join(work, 'context')
    output = job.run([builder, 'create', '-f', 'execution-environment.yml', '-c', context, '-v', '3'],
                     cwd=scratch, env=env)[1]
    problems = [line for line in output.splitlines() if 'deprecat' in line.lower()]
    if problems:
        raise JobFailed('create: ' + problems[0].strip())
    found = [name for name in ('Containerfile', 'Dockerfile') if os.path.exists(os.path.join(context, name))]
    if not found:
        raise JobFailed('ansible-builder create wrote neither a Containerfile nor a Dockerfile')
    containerfile = os.path.join(context, found[0])
    with open(containerfile) as stream:
        text = stream.read()
    # The image installs collections with `ansible-galaxy collection install -r requirements.yml`;
    # ours must be in that file as the tarball, and the tarball must be in the build context.
    requirements = os.path.join(context, '_build', 'requirements.yml')
    with open(requirements) as stream:
        wanted = stream.read()
    if not re.search(r'name:\s*useapi-accounts\.tar\.gz\s*\n\s*type:\s*file', wanted):
        raise JobFailed('_build/requirements.yml does not list the collection tarball as type: file')
    if not re.search(r'ansible-galaxy collection install .*-r requirements\.yml', text):
        raise JobFailed('the %s does not run ansible-galaxy collection install -r requirements.yml' % found[0])
    if not os.path.exists(os.path.join(context, '_build', 'collections', 'useapi-accounts.tar.gz')):
        raise JobFailed('the build context lacks the collection tarball')
    return 'context in ' + os.path.relpath(context, ROOT)


LINT_FUNCS = {
    'ansible-lint': job_ansible_lint,
    'docs-lint': job_docs_lint,
    'changelog-lint': job_changelog_lint,
    'galaxy-importer': job_galaxy_importer,
    'ee-builder': job_ee_builder,
}


# --------------------------------------------------------------------------
# planning and scheduling

def plan(checks, versions, lint_jobs):
    """Return the ordered job list (order = priority when several are ready)."""
    jobs = []
    need_build = bool(set(checks) & {'build', 'pytest', 'sanity', 'lint'})
    need_matrix = bool(set(checks) & {'venv', 'pytest', 'sanity'})
    if need_build or 'venv' in checks or 'lint' in checks:
        jobs.append(Job('venv-tools', job_venv_tools))
    if need_build:
        jobs.append(Job('build', job_build, ['venv-tools']))
    if need_matrix:
        for version in versions:
            jobs.append(Job('venv-' + version, make_job_venv_matrix(version)))
    # longest jobs first (pytest with the integration tests, then sanity), short lint jobs last
    if 'pytest' in checks:
        for version in versions:
            jobs.append(Job('pytest-' + version, make_job_pytest(version), ['venv-' + version, 'build']))
    if 'sanity' in checks:
        for version in versions:
            jobs.append(Job('sanity-' + version, make_job_sanity(version), ['venv-' + version, 'build']))
    if 'lint' in checks:
        for name in lint_jobs:
            jobs.append(Job(name, LINT_FUNCS[name], ['venv-tools', 'build']))
    return jobs


def schedule(jobs, ctx, workers, start):
    by_name = {job.name: job for job in jobs}
    pending = list(jobs)
    running = {}
    reported = set()
    done = threading.Condition()

    def stamp():
        return '[%6.1fs]' % (time.time() - start)

    def worker(job):
        job.execute(ctx)
        with done:
            running.pop(job.name, None)
            done.notify_all()

    with done:
        while pending or running:
            progressed = True
            while progressed:
                progressed = False
                for job in list(pending):
                    states = [by_name[d].status for d in job.deps if d in by_name]
                    if any(s in (FAIL, BLOCKED, SKIP) for s in states):
                        job.status = BLOCKED
                        job.note = 'needs ' + ', '.join(d for d in job.deps if by_name[d].status != PASS)
                        pending.remove(job)
                        print('%s %-8s %s (%s)' % (stamp(), BLOCKED, job.name, job.note), flush=True)
                        progressed = True
                    elif all(s == PASS for s in states) and len(running) < workers:
                        pending.remove(job)
                        running[job.name] = job
                        print('%s start    %s' % (stamp(), job.name), flush=True)
                        threading.Thread(target=worker, args=(job,), daemon=True).start()
                        progressed = True
            if not running and pending:
                # nothing can run: unknown deps
                for job in pending:
                    job.status, job.note = BLOCKED, 'unsatisfiable prerequisites'
                break
            done.wait(timeout=5)
            for job in jobs:
                if job.status not in (None, BLOCKED) and job.name not in reported and job.name not in running:
                    reported.add(job.name)
                    note = ' - ' + job.note if job.note else ''
                    print('%s %-8s %s (%.1fs)%s' % (stamp(), job.status, job.name, job.elapsed, note), flush=True)


def tail(path, count):
    try:
        with open(path, encoding='utf-8', errors='replace') as handle:
            lines = handle.readlines()
    except OSError:
        return '(no log)'
    return ''.join(lines[-count:])


def excerpt(job):
    """What to show of a failed job: ansible-test's findings, else the log's tail."""
    if job.name.startswith('sanity-'):
        try:
            with open(job.log_path, encoding='utf-8', errors='replace') as handle:
                lines = [line for line in handle
                         if line.startswith(('ERROR: ', 'FATAL: ', 'Traceback', 'See documentation'))
                         and not line.startswith('FATAL: Command "')]
        except OSError:
            lines = []
        if lines:
            if len(lines) > 2 * TAIL_LINES:
                lines = lines[:2 * TAIL_LINES] + ['... (%d more lines in the log)\n' % (len(lines) - 2 * TAIL_LINES)]
            return ''.join(lines)
    return tail(job.log_path, TAIL_LINES)


def report(jobs, ctx, start):
    total = time.time() - start
    failed = [job for job in jobs if job.status in (FAIL, BLOCKED)]
    for job in jobs:
        if job.status == FAIL:
            print('\n' + '=' * 30 + ' %s: %s ' % (job.name, os.path.relpath(job.log_path, ROOT)) + '=' * 30)
            print(excerpt(job).rstrip())
    print('\n' + '=' * 78)
    print('SUMMARY')
    print('=' * 78)
    if ctx.versions_seen:
        print('ansible-core versions: ')
        for version in sorted(ctx.versions_seen, key=venvs._version_key):  # pylint: disable=protected-access
            print('  %-5s -> %s' % (version, ctx.versions_seen[version]))
    for job in jobs:
        print('  %-8s %-20s %7.1fs  %s' % (job.status or '?', job.name, job.elapsed, job.note))
    # count the checks; set-up jobs (venvs, build) only when they did not pass
    counted = [job for job in jobs
               if job.status != PASS or not (job.name.startswith('venv-') or job.name == 'build')]
    passed = sum(1 for job in counted if job.status == PASS)
    skipped = sum(1 for job in counted if job.status == SKIP)
    print('-' * 78)
    print('logs: %s   wall time: %.1fs' % (os.path.relpath(LOGS, ROOT), total))
    print('RESULT: %s' % ('FAIL (%s)' % ', '.join(job.name for job in failed) if failed else 'PASS'))
    print('checks: %d passed, %d failed, %d skipped' % (passed, len(failed), skipped))
    return 1 if failed else 0


def parse_versions(text):
    known = dict(DEFAULT_MATRIX)
    result = []
    for item in (text or '').replace(',', ' ').split():
        version, python = (item.split(':', 1) + [''])[:2]
        if not re.match(r'^\d+\.\d+$', version):
            raise SystemExit('bad version %r (want X.Y or X.Y:PY)' % item)
        python = python or known.get(version)
        if not python:
            raise SystemExit('no default Python for ansible-core %s; say %s:3.X' % (version, version))
        result.append((version, python))
    return result or list(DEFAULT_MATRIX)


def main(argv=None):
    global COMMAND_TIMEOUT  # pylint: disable=global-statement
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--versions', default=os.environ.get('VERSIONS', ''),
                        help='ansible-core minors, space/comma separated, X.Y[:python] (default: %s)'
                        % ' '.join('%s:%s' % item for item in DEFAULT_MATRIX))
    parser.add_argument('--checks', default='pytest,sanity,lint',
                        help='comma list from: %s (default: pytest,sanity,lint)' % ', '.join(ALL_CHECKS))
    parser.add_argument('--lint-jobs', default=','.join(LINT_JOBS),
                        help='which tooling checks "lint" runs (default: all: %s)' % ', '.join(LINT_JOBS))
    parser.add_argument('-j', '--jobs', type=int, default=int(os.environ.get('JOBS', '2') or 2))
    parser.add_argument('--pytest-dirs', default=' '.join(PYTEST_DIRS))
    parser.add_argument('--pytest-args', default='', help='extra pytest arguments (one string)')
    parser.add_argument('--sanity-args', default='', help='extra ansible-test sanity arguments (one string)')
    parser.add_argument('--command-timeout', type=int, default=int(os.environ.get('COMMAND_TIMEOUT', COMMAND_TIMEOUT)),
                        help='seconds before a single command is killed (default: %d)' % COMMAND_TIMEOUT)
    parser.add_argument('--verbose-pip', action='store_true')
    options = parser.parse_args(argv)
    COMMAND_TIMEOUT = options.command_timeout

    checks = [c for c in options.checks.replace(' ', ',').split(',') if c]
    unknown = set(checks) - set(ALL_CHECKS)
    if unknown:
        parser.error('unknown checks: %s' % ', '.join(sorted(unknown)))
    lint_jobs = [c for c in options.lint_jobs.replace(' ', ',').split(',') if c]
    if set(lint_jobs) - set(LINT_JOBS):
        parser.error('unknown lint jobs: %s' % ', '.join(sorted(set(lint_jobs) - set(LINT_JOBS))))
    options.pytest_dirs = options.pytest_dirs.split()
    options.pytest_args = options.pytest_args.split()
    options.sanity_args = options.sanity_args.split()

    matrix = parse_versions(options.versions)
    versions = [item[0] for item in matrix]
    ctx = Context(options, matrix)
    jobs = plan(checks, versions, lint_jobs)

    start = time.time()
    print('run_matrix: checks=%s versions=%s workers=%d logs=%s' % (
        ','.join(checks), ' '.join('%s(py%s)' % item for item in matrix), options.jobs,
        os.path.relpath(LOGS, ROOT)), flush=True)
    os.makedirs(LOGS, exist_ok=True)
    for job in jobs:
        if os.path.exists(job.log_path):
            os.remove(job.log_path)
    try:
        schedule(jobs, ctx, max(1, options.jobs), start)
    except KeyboardInterrupt:
        print('interrupted: stopping running commands', file=sys.stderr)
        with PROCS_LOCK:
            procs = list(PROCS)
        for proc in procs:
            kill_group(proc)
        return 130
    return report(jobs, ctx, start)


if __name__ == '__main__':
    sys.exit(main())
