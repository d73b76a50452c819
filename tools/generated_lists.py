#!/usr/bin/env python
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every list of services and problem kinds written outside the code, checked against the code.

The registry (``plugins/module_utils/_services.py``) is the one list of services, and the check's
``PROBLEM_KINDS``, ``ACCOUNT_KINDS`` and ``WAIVABLE_KINDS`` the one list of problem kinds. Ansible
cannot derive documentation ``choices``, a role's ``argument_specs.yml``, ``meta/runtime.yml`` or the
docs from Python, so they repeat them; this script says where they differ.

    python tools/generated_lists.py          # check (nox -s generated-lists): exit 1 and say what to change
    python tools/generated_lists.py --fix    # rewrite every list that can be generated, then check the rest

Generated (``--fix``): the ``choices`` of service and kind options in the modules' and doc fragments'
DOCUMENTATION and in the role's ``argument_specs.yml``, the ``by_kind`` samples of RETURN, the role's
defaults comment, the ``useapi`` action group of ``meta/runtime.yml``, the JSON schema's enums and the
README's account modules. Checked only (prose and tables a person writes): the README's services
sentence and kinds, the guides' tables of services and account modules, galaxy.yml's description,
every description that names some of the kinds or services as values, the repair playbook's task per
service, and the services the quarantine playbook and rulebook name (those useapi.net refreshes). Each message names the file
and what to add or remove.

Standard library and PyYAML only. The registry is imported, in a Python of its own; the kinds are read from
the source as literals, because the files that hold them import ansible-core, which this does not need.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path
from typing import NamedTuple

import yaml

ROOT = Path(__file__).resolve().parent.parent
KIND_LISTS = ('PROBLEM_KINDS', 'ACCOUNT_KINDS', 'WAIVABLE_KINDS')
# Where the kinds may be defined (the code may move between the two).
KIND_DIRS = ('plugins/module_utils', 'plugins/plugin_utils')
# DOCUMENTATION and RETURN of a module; every documentation block of a doc fragment (DOCUMENTATION, RETURN, ACTIONGROUP...).
DOC_BLOCK = re.compile(r'^[ \t]*([A-Z][A-Z_]*) = r?(\'\'\'|""")\n(.*?)^[ \t]*\2', re.M | re.S)
FLOW_LIST = re.compile(r'(\bchoices: \[)([^\]\n]*)(\])')
BY_KIND = re.compile(r'(\bby_kind: \{)([^}]*)(\})')
VALUE = re.compile(r'V\(([^)]+)\)')
ACTION_GROUP = 'useapi'


class Lists(NamedTuple):
    services: tuple      # URL segments, in the registry's order
    titles: dict         # segment -> title
    problem_kinds: tuple
    account_kinds: tuple
    waivable_kinds: tuple
    refreshing: tuple = ()  # the services with a session useapi.net refreshes itself (an expiry rule 'refreshing')

    def account_modules(self):
        return [module_name(name) for name in self.services]


def module_name(service):
    """The account module of a service: ``google-flow`` -> ``google_flow_account``."""
    return service.replace('-', '_') + '_account'


# Run in a Python of its own, so that the registry imported is the one under ``root`` and the caller's modules
# (pytest's, which has an installed collection on its path) are left alone.
_READ_REGISTRY = """
import json, sys
from ansible_collections.useapi.accounts.plugins.module_utils import _services
json.dump([[name, _services.SERVICES[name]['title'],
            any(rule['kind'] == 'refreshing' for rule in _services.SERVICES[name]['expiry'])]
           for name in _services.SERVICE_NAMES], sys.stdout)
"""


def load_lists(root=ROOT):
    """The services (imported from the registry) and the problem kinds (read as literals from the source)."""
    with tempfile.TemporaryDirectory() as tmp:
        link = Path(tmp, 'ansible_collections', 'useapi', 'accounts')
        link.parent.mkdir(parents=True)
        link.symlink_to(Path(root).resolve())
        env = dict(os.environ, PYTHONPATH=tmp, PYTHONDONTWRITEBYTECODE='1')
        done = subprocess.run([sys.executable, '-c', _READ_REGISTRY], env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit('generated_lists: cannot import the registry plugins/module_utils/_services.py:\n' + done.stderr)
    registry = json.loads(done.stdout)
    kinds = {}
    for directory in KIND_DIRS:
        for path in sorted(Path(root, directory).glob('*.py')):
            for node in ast.parse(path.read_text(encoding='utf-8')).body:
                if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
                        and node.targets[0].id in KIND_LISTS:
                    try:
                        kinds[node.targets[0].id] = tuple(ast.literal_eval(node.value))
                    except ValueError:
                        raise SystemExit('generated_lists: %s in %s is not a literal tuple of strings: write it as one'
                                         % (node.targets[0].id, path.relative_to(root))) from None
    missing = [name for name in KIND_LISTS if name not in kinds]
    if missing:
        raise SystemExit('generated_lists: cannot find %s in %s' % (', '.join(missing), ' or '.join(KIND_DIRS)))
    return Lists(tuple(row[0] for row in registry), dict((row[0], row[1]) for row in registry),
                 kinds['PROBLEM_KINDS'], kinds['ACCOUNT_KINDS'], kinds['WAIVABLE_KINDS'],
                 tuple(row[0] for row in registry if row[2]))


# -- helpers ----------------------------------------------------------------------------------------


def _items(text):
    return [item.strip() for item in text.split(',') if item.strip()]


def _difference(have, want):
    """``add x; remove y`` or ``put them in the order a, b``: what turns ``have`` into ``want``."""
    add = [item for item in want if item not in have]
    remove = [item for item in have if item not in want]
    parts = []
    if add:
        parts.append('add ' + ', '.join(add))
    if remove:
        parts.append('remove ' + ', '.join(remove))
    return '; '.join(parts) or 'put them in the order ' + ', '.join(want)


def _rewrite_flow_lists(text, pattern, want, render):
    """Replace every flow collection ``pattern`` matches whose items are a wrong version of ``want``."""
    def replace(match):
        return match.group(1) + render(match) + match.group(3)
    return pattern.sub(lambda match: replace(match) if _is_version_of(_keys(match.group(2)), want) else match.group(0), text)


def _keys(flow):
    return [item.split(':')[0].strip() for item in _items(flow)]


def _is_version_of(have, want):
    """A list meant to be ``want``: half its items or more are in it (so other choices are left alone)."""
    return have != list(want) and len(set(have) & set(want)) * 2 >= max(len(have), 1)


class Report:
    """The messages, and with ``fix`` the files rewritten."""

    def __init__(self, root, fix):
        self.root, self.fix, self.messages, self.fixed = Path(root), fix, [], []

    def read(self, rel):
        return (self.root / rel).read_text(encoding='utf-8')

    def write(self, rel, text):
        if text != self.read(rel):
            (self.root / rel).write_text(text, encoding='utf-8')
            self.fixed.append(rel)

    def error(self, rel, message):
        self.messages.append('%s: %s' % (rel, message))


def _walk_options(options, path=''):
    for name, spec in (options or {}).items():
        if isinstance(spec, dict):
            yield path + name, name, spec
            yield from _walk_options(spec.get('suboptions') or spec.get('options'), path + name + '.')


def _walk(data, path=''):
    if isinstance(data, dict):
        for key, value in data.items():
            yield path + str(key), key, value
            yield from _walk(value, path + str(key) + '.')
    elif isinstance(data, list):
        for value in data:
            yield from _walk(value, path)


def _wanted_choices(lists, name):
    if name in ('service', 'services', 'accounts_check_services'):
        return 'services', lists.services
    if name == 'kinds':
        return 'waivable kinds', lists.waivable_kinds
    return None, None


def _all_or_none(report, rel, where, text, universe, what, format_item):
    """A description that names some of ``universe`` as values names every one of them."""
    named = set(VALUE.findall(text or ''))
    found = [item for item in universe if item in named]
    if len(found) >= 2 and len(found) < len(universe):
        report.error(rel, '%s names %s as values but not %s: add %s (or name none of them)'
                     % (where, what, ', '.join(item for item in universe if item not in named),
                        ', '.join(format_item(item) for item in universe if item not in named)))


# -- the checks -------------------------------------------------------------------------------------


def check_plugin_docs(report, lists):
    """DOCUMENTATION choices and value lists, RETURN by_kind samples and kind descriptions."""
    files = sorted(report.root.glob('plugins/modules/*.py')) + sorted(report.root.glob('plugins/doc_fragments/*.py'))
    for path in files:
        rel = str(path.relative_to(report.root))
        text = report.read(rel)
        for block in DOC_BLOCK.finditer(text):
            if block.group(1) == 'EXAMPLES':
                continue
            try:
                data = yaml.safe_load(block.group(3)) or {}
            except yaml.YAMLError as exc:
                report.error(rel, 'its %s is not YAML: %s' % (block.group(1), str(exc).splitlines()[0]))
                continue
            if not isinstance(data, dict):
                continue
            check_options(report, rel, lists, data.get('options'), 'option ')
            # A doc fragment may hold return values under any name: every block is searched for kinds.
            check_return(report, rel, lists, data, block.group(1))


def check_options(report, rel, lists, options, label):
    for path, name, spec in _walk_options(options):
        what, want = _wanted_choices(lists, name)
        description = spec.get('description')
        description = ' '.join(description) if isinstance(description, list) else str(description or '')
        if want and spec.get('choices') is not None and list(spec['choices']) != list(want):
            report.error(rel, '%s%s: its choices must be the %s: %s (--fix rewrites them)'
                         % (label, path, what, _difference(list(spec['choices']), want)))
        if name in ('service', 'services', 'accounts_check_services'):
            _all_or_none(report, rel, '%s%s' % (label, path), description, lists.services, 'services',
                         lambda item: 'V(%s) (%s)' % (item, lists.titles[item]))


def check_return(report, rel, lists, data, label='RETURN'):
    for path, key, value in _walk(data):
        if key == 'by_kind' and isinstance(value, dict) and list(value) != list(lists.problem_kinds):
            report.error(rel, '%s %s: its keys must be the problem kinds: %s (--fix rewrites them)'
                         % (label, path, _difference(list(value), lists.problem_kinds)))
        if key == 'kind' and isinstance(value, dict):
            description = value.get('description')
            description = ' '.join(description) if isinstance(description, list) else str(description or '')
            _all_or_none(report, rel, '%s %s' % (label, path), description, lists.problem_kinds, 'problem kinds',
                         lambda item: 'V(%s)' % item)


def fix_choices(report, lists, rels):
    def by_kind(match):
        column = match.start(2) - match.string.rfind('\n', 0, match.start(2)) - 1
        lines = textwrap.wrap(', '.join('%s: 0' % kind for kind in lists.problem_kinds), width=max(160 - column, 60))
        return ('\n' + ' ' * column).join(lines)
    for rel in rels:
        text = report.read(rel)
        for want in (lists.services, lists.waivable_kinds):
            text = _rewrite_flow_lists(text, FLOW_LIST, want, lambda match, want=want: ', '.join(want))
        text = _rewrite_flow_lists(text, BY_KIND, lists.problem_kinds, by_kind)
        report.write(rel, text)


ROLE_SPECS = 'roles/accounts_check/meta/argument_specs.yml'
ROLE_DEFAULTS = 'roles/accounts_check/defaults/main.yml'
DEFAULTS_LEAD = '# The services to check, by URL segment:'


def check_role(report, lists):
    data = yaml.safe_load(report.read(ROLE_SPECS))
    for entry_point, spec in (data.get('argument_specs') or {}).items():
        check_options(report, ROLE_SPECS, lists, spec.get('options'), 'argument_specs.%s.options.' % entry_point)
    text = report.read(ROLE_DEFAULTS)
    lines = text.split('\n')
    start = next((index for index, line in enumerate(lines) if line.startswith(DEFAULTS_LEAD)), None)
    end = next((index for index, line in enumerate(lines) if line.startswith('accounts_check_services:')), None)
    if start is None or end is None or end < start:
        report.error(ROLE_DEFAULTS, 'cannot find the comment beginning %r above accounts_check_services' % DEFAULTS_LEAD)
        return
    sentence = DEFAULTS_LEAD[2:] + ' ' + ', '.join(lists.services) + '.'
    want = ['# ' + line for line in textwrap.wrap(sentence, width=90, break_on_hyphens=False)]
    if lines[start:end] != want:
        if report.fix:
            report.write(ROLE_DEFAULTS, '\n'.join(lines[:start] + want + lines[end:]))
        else:
            have = re.findall(r'[a-z0-9-]+', ' '.join(lines[start:end])[len(DEFAULTS_LEAD):])
            report.error(ROLE_DEFAULTS, 'the comment above accounts_check_services must list the services: %s '
                         '(--fix rewrites it)' % _difference(have, lists.services))


RUNTIME = 'meta/runtime.yml'


def check_account_modules(report, lists):
    """Each service has its account module, each account module a service, and each is in an action group."""
    wanted = lists.account_modules()
    present = sorted(path.stem for path in report.root.glob('plugins/modules/*_account.py'))
    for service, module in zip(lists.services, wanted):
        if module not in present:
            report.error('plugins/modules/%s.py' % module, 'missing: write the account module of %s (%s), its DOCUMENTATION '
                         'and one call into module_utils/_write.py, like plugins/modules/%s.py'
                         % (service, lists.titles[service], wanted[-2] if len(wanted) > 1 else wanted[0]))
    for module in present:
        if module not in wanted:
            report.error('plugins/modules/%s.py' % module, 'no service %s in plugins/module_utils/_services.py: add its '
                         'registry entry, or remove the module' % module[:-len('_account')].replace('_', '-'))
    groups = (yaml.safe_load(report.read(RUNTIME)) or {}).get('action_groups') or {}
    elsewhere = set(module for group, members in groups.items() if group != ACTION_GROUP for module in members or ())
    have = list(groups.get(ACTION_GROUP) or ())
    want = [module for module in have if not module.endswith('_account')] + \
           [module for module in wanted if module not in elsewhere]
    if have == want:
        return
    if not report.fix:
        report.error(RUNTIME, 'action group %s must hold %s: %s (--fix rewrites it)'
                     % (ACTION_GROUP, 'the info modules, then each account module in the registry\'s order',
                        _difference(have, want)))
        return
    text = report.read(RUNTIME)
    block = re.compile(r'^(  %s:\n)((?:    - .*\n)*)' % re.escape(ACTION_GROUP), re.M)
    if not block.search(text):
        report.error(RUNTIME, 'cannot find the action group %s to rewrite: add %s' % (ACTION_GROUP, _difference(have, want)))
        return
    report.write(RUNTIME, block.sub(lambda match: match.group(1) + ''.join('    - %s\n' % module for module in want), text, count=1))


SCHEMA = 'docs/schemas/accounts_check.schema.json'


def check_schema(report, lists):
    text = report.read(SCHEMA)
    data = json.loads(text)
    defs = data.get('$defs') or {}
    changed = False
    for key, want in (('service', lists.services), ('kind', lists.problem_kinds)):
        have = (defs.get(key) or {}).get('enum')
        if have == list(want):
            continue
        if report.fix and have is not None:
            defs[key]['enum'] = list(want)
            changed = True
        else:
            report.error(SCHEMA, '$defs.%s.enum must be the %s: %s (--fix rewrites it)'
                         % (key, 'services' if key == 'service' else 'problem kinds', _difference(have or [], want)))
    if changed:
        report.write(SCHEMA, json.dumps(data, indent=2, ensure_ascii=False) + '\n')


README = 'README.md'
README_MODULES = re.compile(r'(One account module per service \(`[a-z0-9_]+`, `[a-z0-9_]+`, \.\.\., `)([a-z0-9_]+)(`\))')


def check_readme(report, lists):
    text = report.read(README)
    paragraph = _paragraph(text, 'Services:')
    if paragraph is None:
        report.error(README, 'cannot find the paragraph beginning "Services:" that names every service')
    else:
        have = re.findall(r'\(`([a-z0-9-]+)`', paragraph)
        if have != list(lists.services):
            add = ', '.join('%s (`%s`)' % (lists.titles[name], name) for name in lists.services if name not in have)
            report.error(README, 'the "Services:" sentence must name every service in the registry\'s order: %s%s'
                         % (_difference(have, lists.services), (' (write: %s)' % add) if add else ''))
    row = next((line for line in text.split('\n') if line.startswith('| `useapi.accounts.check`')), None)
    if row is None or ', '.join(lists.account_kinds) not in row:
        report.error(README, 'the table row of useapi.accounts.check must name the kinds of an account: %s'
                     % ', '.join(lists.account_kinds))
    match = README_MODULES.search(text)
    if match is None:
        report.error(README, 'cannot find "One account module per service (`ltxstudio_account`, `kling_account`, ..., `<last>`)"')
    elif match.group(2) != lists.account_modules()[-1]:
        if report.fix:
            report.write(README, README_MODULES.sub(lambda found: found.group(1) + lists.account_modules()[-1] + found.group(3), text))
        else:
            report.error(README, '"One account module per service (..., `%s`)" must end with the last service\'s module, %s '
                         '(--fix rewrites it)' % (match.group(2), lists.account_modules()[-1]))


def _paragraph(text, lead):
    """The paragraph (up to a blank line) that begins with ``lead``, or ``None``."""
    for paragraph in re.split(r'\n\s*\n', text):
        if paragraph.lstrip().startswith(lead):
            return paragraph
    return None


GUIDE_SERVICES = 'docs/docsite/rst/guide_services.rst'
GUIDE_REPAIR = 'docs/docsite/rst/guide_repair.rst'
GUIDE_CI = 'docs/docsite/rst/guide_ci.rst'
GALAXY = 'galaxy.yml'


def check_docs(report, lists):
    """The tables and sentences of the guides that list every service or every kind (checked, not generated)."""
    text = report.read(GUIDE_SERVICES)
    # The header row is "Service (``service``)".
    have = [name for name in re.findall(r'^  \* - [^\n]*\(``([a-z0-9-]+)``\)$', text, re.M) if name != 'service']
    if have != list(lists.services):
        report.error(GUIDE_SERVICES, 'the table of services (rows "  * - Title (``service``)") must have one row per service '
                     'in the registry\'s order: %s' % _difference(have, lists.services))
    sources = _section(text, 'Sources and the units chosen')
    titles = re.findall(r'^  \* - (.+)$', sources, re.M)[1:]  # the first row is the header
    for name in lists.services:
        if not any(title.startswith(lists.titles[name]) for title in titles):
            report.error(GUIDE_SERVICES, 'the table "Sources and the units chosen" has no row for %s: add "  * - %s" with its '
                         'expiry fields and the useapi.net pages they come from' % (name, lists.titles[name]))
    for rel in (GUIDE_SERVICES, GUIDE_REPAIR):
        have = re.findall(r':ansplugin:`useapi\.accounts\.([a-z0-9_]+_account)#module`', report.read(rel))
        if have != lists.account_modules():
            report.error(rel, 'the table of account modules (rows ":ansplugin:`useapi.accounts.<service>_account#module`") must '
                         'have one row per service in the registry\'s order: %s' % _difference(have, lists.account_modules()))
    ci = report.read(GUIDE_CI)
    metric = _rst_row(ci, '``useapi_account_problem``')
    have = re.findall(r'``([a-z_]+)``', metric or '')
    if [kind for kind in have if kind not in ('service', 'account', 'kind', 'useapi_account_problem')] != list(lists.account_kinds):
        report.error(GUIDE_CI, 'the row of useapi_account_problem must name the kinds of an account: %s'
                     % ', '.join('``%s``' % kind for kind in lists.account_kinds))
    specs = yaml.safe_load(report.read(ROLE_SPECS))
    description = ' '.join(specs['argument_specs']['main'].get('description') or [])
    if '(%s)' % ', '.join(lists.account_kinds) not in description:
        report.error(ROLE_SPECS, 'argument_specs.main.description must name the kinds of an account: (%s)'
                     % ', '.join(lists.account_kinds))
    galaxy = str((yaml.safe_load(report.read(GALAXY)) or {}).get('description') or '')
    for name in lists.services:
        if lists.titles[name] not in galaxy:
            report.error(GALAXY, 'description does not name %s: add %s to its list of services' % (name, lists.titles[name]))


def _section(text, title):
    """An RST section's text, from its title to the next title."""
    match = re.search(r'^%s\n-+\n(.*?)(?=^[^\n]+\n-{3,}\n|\Z)' % re.escape(title), text, re.M | re.S)
    return match.group(1) if match else ''


def _rst_row(text, lead):
    """A list-table row, from ``  * - <lead>`` to the next row."""
    match = re.search(r'^  \* - %s\n(.*?)(?=^  \* - |\n\n)' % re.escape(lead), text, re.M | re.S)
    return match.group(1) if match else None


REPAIR = 'playbooks/repair_account.yml'
QUARANTINE = 'playbooks/quarantine_account.yml'
QUARANTINE_RULEBOOK = 'extensions/eda/rulebooks/quarantine.yml'
WHEN_SERVICE = re.compile(r"^useapi_service == '([a-z0-9-]+)'$")


def _tasks_by_service(report, rel):
    """The service of each task of a playbook that runs only for one (``when: useapi_service == 'x'``)."""
    found = []
    for play in yaml.safe_load(report.read(rel)) or []:
        for task in play.get('tasks') or []:
            match = WHEN_SERVICE.match(str(task.get('when') or ''))
            if match:
                found.append(match.group(1))
    return found


def check_playbooks(report, lists):
    """The repair playbook has a task per service; the quarantine playbook and rulebook name the services useapi.net
    refreshes (those with an expiry rule of kind ``refreshing``)."""
    have = _tasks_by_service(report, REPAIR)
    if have != list(lists.services):
        add = ['"Re-add the %s account" (useapi.accounts.%s, when: useapi_service == \'%s\')'
               % (lists.titles[name], module_name(name), name) for name in lists.services if name not in have]
        report.error(REPAIR, 'its tasks must re-add each service\'s accounts in the registry\'s order: %s%s'
                     % (_difference(have, lists.services), (' (write: %s)' % '; '.join(add)) if add else ''))
    want = list(lists.refreshing)
    have = _tasks_by_service(report, QUARANTINE)
    if have != want:
        report.error(QUARANTINE, 'its tasks must remove the accounts of each service useapi.net refreshes: %s'
                     % _difference(have, want))
    plays = yaml.safe_load(report.read(QUARANTINE)) or []
    have = list((plays[0].get('vars') or {}).get('useapi_quarantine_services') or []) if plays else []
    if have != want:
        report.error(QUARANTINE, 'useapi_quarantine_services must be the services useapi.net refreshes: %s' % _difference(have, want))
    text = report.read(QUARANTINE_RULEBOOK)
    for where, pattern in (('the source\'s default services', r"default\(\[([^\]]*)\]\)"),
                           ('the condition\'s event.service list', r'event\.service in \[([^\]]*)\]')):
        match = re.search(pattern, text)
        have = [item.strip('\'" ') for item in match.group(1).split(',')] if match else []
        if have != want:
            report.error(QUARANTINE_RULEBOOK, '%s must be the services useapi.net refreshes: %s' % (where, _difference(have, want)))


def run(root=ROOT, lists=None, fix=False):
    """The messages of every check, after rewriting what can be generated when ``fix``; and the files rewritten."""
    lists = lists or load_lists(root)
    report = Report(root, fix)
    if fix:
        fix_choices(report, lists, [str(path.relative_to(report.root)) for pattern in
                                    ('plugins/modules/*.py', 'plugins/doc_fragments/*.py') for path in sorted(report.root.glob(pattern))]
                    + [ROLE_SPECS])
    check_plugin_docs(report, lists)
    check_role(report, lists)
    check_account_modules(report, lists)
    check_schema(report, lists)
    check_readme(report, lists)
    check_docs(report, lists)
    check_playbooks(report, lists)
    return report.messages, report.fixed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n', maxsplit=1)[0])
    parser.add_argument('--fix', action='store_true', help='rewrite every list that can be generated, then check the rest')
    parser.add_argument('--root', default=str(ROOT), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    messages, fixed = run(Path(args.root), fix=args.fix)
    for rel in fixed:
        print('rewrote %s' % rel)
    for message in messages:
        print(message)
    if messages:
        print('%d list(s) of services or problem kinds differ from plugins/module_utils/_services.py and the check\'s kinds%s'
              % (len(messages), '' if args.fix else '; `nox -s generated-lists -- --fix` rewrites those marked --fix'))
        return 1
    print('every list of services and problem kinds matches the registry%s' % (' (after rewriting)' if fixed else ''))
    return 0


if __name__ == '__main__':
    sys.exit(main())
