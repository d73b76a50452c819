# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every service's secret fields, served unmasked with a canary, never leave the info module.

The stand-in sends each service's documented secrets in clear, every one carrying a canary; the
role reads and checks all ten services at -vvvv with the junit and tree callbacks, a log file, a
jsonfile fact cache and the reports. No canary may appear anywhere; the masks must be there.
"""

from __future__ import annotations

import json

from helpers import TOKEN

CANARY = 'SVC-CANARY-7d3e'
MASK = '\u2026secured\u2026'
NOW = '2026-11-25T12:00:00Z'
LATER = '2027-01-01T00:00:00.000Z'

# One account per service, with every secret field the registry names set to a canary.
SERVICES = {
    'ltxstudio': ('a@example.com', {'cookie': {'lt_id': 'u1', 'lt_token': CANARY + '-1', 'lt_refresh_token': CANARY + '-2'},
                                    'tokenExpireUTC': LATER}),
    'kling': ('k@example.com', {'password': CANARY + '-3', 'session': {'ExpireTimeUTC': LATER}}),
    'minimax': ('1001', {'jwt': {'token': CANARY + '-4', 'exp': 1798761600.5}}),
    'runwayml': ('r@example.com', {'password': CANARY + '-5', 'jwt': {'token': CANARY + '-6', 'exp': 1798761600}}),
    'pixverse': ('p@example.com', {'password': CANARY + '-7', 'jwt': {'token': CANARY + '-8', 'ExpireTimeUTC': LATER}}),
    'google-flow': ('g@example.com', {'health': 'OK', 'sessionData': {'access_token': CANARY + '-9', 'expires': LATER},
                                      'accountCookies': [{'name': 'SID', 'value': CANARY + '-10'}],
                                      'sessionCookies': [{'name': 'X', 'value': CANARY + '-11'}]}),
    'flowmusic': ('f@example.com', {'access_token': CANARY + '-12', 'refresh_token': CANARY + '-13',
                                    'access_token_expires_at': LATER}),
    'dreamina': ('US:d@example.com', {'password': CANARY + '-14', 'sessionExpires': LATER}),
    'mureka': ('2002', {'token': CANARY + '-15', 'sessionCookie': {'value': CANARY + '-16', 'expires': LATER}}),
    'tempolor': ('3003', {'requestParams': {'sign': CANARY + '-17', 'device': CANARY + '-18'}}),
}


def test_no_service_secret_reaches_any_output_report_or_fact_cache(playbook, standin, tmp_path):
    server = standin(fixture=None, now=NOW, services=dict(
        (name, {account_id: record}) for name, (account_id, record) in SERVICES.items()))
    for name, (account_id, record) in SERVICES.items():
        served = json.dumps(server.config(name))
        assert CANARY in served, '%s: the stand-in must serve the canaries, or this test proves nothing' % name
    cache, tree, reports, log = tmp_path / 'facts', tmp_path / 'tree', tmp_path / 'reports', tmp_path / 'ansible.log'
    run = playbook('role.yml', verbosity=4, env=dict(
        USEAPI_BASE_URL=server.base_url, ANSIBLE_CACHE_PLUGIN='jsonfile', ANSIBLE_CACHE_PLUGIN_CONNECTION=str(cache),
        ANSIBLE_CACHE_PLUGIN_TIMEOUT='3600', ANSIBLE_CALLBACKS_ENABLED='tree', ANSIBLE_CALLBACK_TREE_DIR=str(tree),
        ANSIBLE_LOG_PATH=str(log)),
        extra_vars=dict(accounts_check_now=NOW, accounts_check_report_dir=str(reports),
                        accounts_check_services=list(SERVICES)))
    assert run.rc == 0, run
    files = [path for folder in (cache, tree, reports) for path in folder.rglob('*') if path.is_file()] + [log]
    assert len([path for path in files if path.parent == reports]) == 4 and list(cache.iterdir()), files
    texts = [('stdout', run.stdout), ('stderr', run.stderr)] + [(str(path), path.read_text()) for path in files]
    leaked = [(place, line.strip()[:200]) for place, text in texts for line in text.splitlines() if CANARY in line]
    assert leaked == [], leaked
    facts = {}
    for path in cache.iterdir():
        data = json.loads(path.read_text())
        facts.update(json.loads(data['__payload__']) if '__payload__' in data else data)  # 2.19+ wraps the facts
    for name, (account_id, record) in SERVICES.items():
        fact = facts['%s_accounts' % name.replace('-', '_')]
        assert len(fact) == 1 and MASK in json.dumps(fact, ensure_ascii=False), name
    assert TOKEN not in run.output
