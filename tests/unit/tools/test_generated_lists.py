# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""tools/generated_lists.py: every hand-written list of services and kinds is checked, and --fix rewrites the generated ones."""

import importlib.util
import shutil
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[3]
SPEC = importlib.util.spec_from_file_location('generated_lists', ROOT / 'tools' / 'generated_lists.py')
generated_lists = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(generated_lists)

LISTS = generated_lists.load_lists(ROOT)
# What a person writes for a new service: the registry entry (here, the lists) and the module.
FAKE = LISTS._replace(services=LISTS.services + ('fakesvc',), titles=dict(LISTS.titles, fakesvc='Fake Service'))
COPIED = ('plugins/modules', 'plugins/doc_fragments', 'roles', 'meta', 'docs', 'playbooks', 'extensions', 'README.md', 'galaxy.yml')


def copy_tree(target):
    for rel in COPIED:
        source = ROOT / rel
        if source.is_dir():
            shutil.copytree(source, target / rel, ignore=shutil.ignore_patterns('__pycache__'))
        else:
            shutil.copy2(source, target / rel)
    return target


def test_the_repository_matches_its_registry():
    assert generated_lists.run(ROOT, LISTS) == ([], [])


def test_the_lists_come_from_the_code():
    assert LISTS.services[0] == 'ltxstudio' and len(LISTS.services) == len(set(LISTS.services)) >= 10
    assert set(LISTS.waivable_kinds) <= set(LISTS.account_kinds) <= set(LISTS.problem_kinds)


def test_a_new_service_says_every_file_to_update():
    messages, fixed = generated_lists.run(ROOT, FAKE)
    assert fixed == []
    for expected in (
            'plugins/modules/accounts_info.py: option service: its choices must be the services: add fakesvc (--fix rewrites them)',
            'plugins/modules/accounts_info.py: option service names services as values but not fakesvc: '
            'add V(fakesvc) (Fake Service) (or name none of them)',
            'plugins/modules/check.py: option service: its choices must be the services: add fakesvc (--fix rewrites them)',
            'roles/accounts_check/meta/argument_specs.yml: argument_specs.main.options.accounts_check_services: '
            'its choices must be the services: add fakesvc (--fix rewrites them)',
            'roles/accounts_check/meta/argument_specs.yml: argument_specs.main.options.accounts_check_waivers.service: '
            'its choices must be the services: add fakesvc (--fix rewrites them)',
            'roles/accounts_check/defaults/main.yml: the comment above accounts_check_services must list the services: '
            'add fakesvc (--fix rewrites it)',
            'plugins/modules/fakesvc_account.py: missing: write the account module of fakesvc (Fake Service), its DOCUMENTATION '
            'and one call into module_utils/_write.py, like plugins/modules/tempolor_account.py',
            "meta/runtime.yml: action group useapi must hold the info modules, then each account module in the registry's order: "
            'add fakesvc_account (--fix rewrites it)',
            'docs/schemas/accounts_check.schema.json: $defs.service.enum must be the services: add fakesvc (--fix rewrites it)',
            'README.md: the "Services:" sentence must name every service in the registry\'s order: add fakesvc '
            '(write: Fake Service (`fakesvc`))',
            'docs/docsite/rst/guide_repair.rst: the table of account modules (rows ":ansplugin:`useapi.accounts.<service>_account#module`") '
            "must have one row per service in the registry's order: add fakesvc_account",
            'galaxy.yml: description does not name fakesvc: add Fake Service to its list of services',
            "playbooks/repair_account.yml: its tasks must re-add each service's accounts in the registry's order: add fakesvc "
            '(write: "Re-add the Fake Service account" (useapi.accounts.fakesvc_account, when: useapi_service == \'fakesvc\'))'):
        assert expected in messages
    assert not [message for message in messages if 'quarantine' in message], 'fakesvc is not refreshed by useapi.net'


def test_a_new_service_that_useapi_refreshes_is_quarantined_too():
    messages, dummy = generated_lists.run(ROOT, FAKE._replace(refreshing=FAKE.refreshing + ('fakesvc',)))
    assert [message for message in messages if 'quarantine' in message] == [
        'playbooks/quarantine_account.yml: its tasks must remove the accounts of each service useapi.net refreshes: add fakesvc',
        'playbooks/quarantine_account.yml: useapi_quarantine_services must be the services useapi.net refreshes: add fakesvc',
        "extensions/eda/rulebooks/quarantine.yml: the source's default services must be the services useapi.net refreshes: add fakesvc",
        "extensions/eda/rulebooks/quarantine.yml: the condition's event.service list must be the services useapi.net refreshes: "
        'add fakesvc']


def test_a_removed_service_says_what_to_remove():
    lists = LISTS._replace(services=tuple(name for name in LISTS.services if name != 'mureka'))
    messages, dummy = generated_lists.run(ROOT, lists)
    assert 'plugins/modules/check.py: option service: its choices must be the services: remove mureka (--fix rewrites them)' in messages
    assert 'plugins/modules/mureka_account.py: no service mureka in plugins/module_utils/_services.py: add its registry entry, ' \
           'or remove the module' in messages
    assert 'docs/docsite/rst/guide_services.rst: the table of services (rows "  * - Title (``service``)") must have one row per ' \
           "service in the registry's order: remove mureka" in messages


def test_a_new_kind_says_where_it_is_listed():
    lists = LISTS._replace(problem_kinds=LISTS.problem_kinds + ('fakekind',), account_kinds=LISTS.account_kinds + ('fakekind',),
                           waivable_kinds=LISTS.waivable_kinds + ('fakekind',))
    messages, dummy = generated_lists.run(ROOT, lists)
    for expected in (
            'plugins/doc_fragments/check.py: option waivers.kinds: its choices must be the waivable kinds: add fakekind '
            '(--fix rewrites them)',
            'roles/accounts_check/meta/argument_specs.yml: argument_specs.main.options.accounts_check_waivers.kinds: '
            'its choices must be the waivable kinds: add fakekind (--fix rewrites them)',
            'plugins/modules/check.py: RETURN summary.sample.by_kind: its keys must be the problem kinds: add fakekind (--fix rewrites them)',
            'plugins/modules/check.py: RETURN problems.contains.kind names problem kinds as values but not fakekind: '
            'add V(fakekind) (or name none of them)',
            'docs/schemas/accounts_check.schema.json: $defs.kind.enum must be the problem kinds: add fakekind (--fix rewrites it)',
            'README.md: the table row of useapi.accounts.check must name the kinds of an account: '
            + ', '.join(lists.account_kinds),
            'docs/docsite/rst/guide_ci.rst: the row of useapi_account_problem must name the kinds of an account: '
            + ', '.join('``%s``' % kind for kind in lists.account_kinds),
            'roles/accounts_check/meta/argument_specs.yml: argument_specs.main.description must name the kinds of an account: (%s)'
            % ', '.join(lists.account_kinds)):
        assert expected in messages


def test_fix_rewrites_the_generated_lists_and_leaves_what_a_person_writes(tmp_path):
    tree = copy_tree(tmp_path)
    shutil.copy2(tree / 'plugins/modules/tempolor_account.py', tree / 'plugins/modules/fakesvc_account.py')
    lists = FAKE._replace(problem_kinds=FAKE.problem_kinds + ('fakekind',))
    before, dummy = generated_lists.run(tree, lists)
    messages, fixed = generated_lists.run(tree, lists, fix=True)
    assert 'meta/runtime.yml' in fixed and 'plugins/modules/accounts_info.py' in fixed
    assert not [message for message in messages if '--fix' in message]
    assert messages == [message for message in before if '--fix' not in message]
    assert messages == generated_lists.run(tree, lists)[0], 'what --fix wrote stays right'
    runtime = yaml.safe_load((tree / 'meta/runtime.yml').read_text())
    assert runtime['action_groups']['useapi'][-2:] == ['tempolor_account', 'fakesvc_account']
    specs = yaml.safe_load((tree / 'roles/accounts_check/meta/argument_specs.yml').read_text())
    assert specs['argument_specs']['main']['options']['accounts_check_waivers']['options']['service']['choices'] == list(FAKE.services)
    text = (tree / 'plugins/modules/check.py').read_text()
    returned = yaml.safe_load(generated_lists.DOC_BLOCK.search(text[text.index('RETURN ='):]).group(3))
    assert list(returned['summary']['sample']['by_kind']) == list(lists.problem_kinds)
    assert max(len(line) for line in text.splitlines()) <= 160


@pytest.mark.parametrize('rel, old, new', [
    ('plugins/modules/check.py', 'choices: [ltxstudio, kling,', 'choices: [kling, ltxstudio,'),
    ('roles/accounts_check/defaults/main.yml', 'mureka, tempolor.', 'mureka.'),
    ('meta/runtime.yml', '    - mureka_account\n', ''),
])
def test_a_list_edited_by_hand_fails_and_fix_restores_it(tmp_path, rel, old, new):
    tree = copy_tree(tmp_path)
    original = (tree / rel).read_text()
    (tree / rel).write_text(original.replace(old, new, 1))
    messages, dummy = generated_lists.run(tree, LISTS)
    assert len(messages) == 1 and messages[0].startswith(rel + ': ')
    assert messages[0].endswith(('(--fix rewrites them)', '(--fix rewrites it)'))
    assert generated_lists.run(tree, LISTS, fix=True) == ([], [rel])
    assert (tree / rel).read_text() == original
