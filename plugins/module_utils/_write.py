# -*- coding: utf-8 -*-
# Copyright (c) useapi.accounts contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: this module_utils file is private to the useapi.accounts collection.
# Its interface may change at any time; do not import it from other collections.

"""Add, update and remove one account of any service: what every ``<service>_account`` module does.

Driven by the registry's ``create`` and ``delete`` entries (see ``_services``); no service is named
here. The steps, in order:

1. ``validate``: the id, the credentials and the concurrency cap are checked before any request,
   and a bad value is a :class:`ConfigurationError` that never quotes a secret;
2. the current state is read (``GET /accounts/{id}``, or the list where the single read has a side
   effect), normalised and masked like ``accounts_info`` does;
3. ``needed_changes``: secrets cannot be read back, so only the concurrency cap and the public part
   of a credential (LTX Studio's ``lt_id``) are compared; ``update_credentials=always`` re-sends;
4. ``plan_call``: a new account, or ``always``, sends the credentials; a cap change alone uses the
   service's update-only call where it has one, and otherwise re-sends the credentials;
5. the answer must have a documented success status, and must be the account asked for (when the
   API works the id out of the credentials, it may have saved them under another account);
6. ``diff_view`` shows the id, the cap, the expiry and the health fields, never a secret.

Pure apart from the client passed in; only modules turn the errors into a failed result.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.useapi.accounts.plugins.module_utils._accounts import get_path, normalize_account, normalize_single
from ansible_collections.useapi.accounts.plugins.module_utils._argspec import client_from_params, connection_argument_spec
from ansible_collections.useapi.accounts.plugins.module_utils._cookie import MASK, parse_cookie_header
from ansible_collections.useapi.accounts.plugins.module_utils._errors import ApiError, ConfigurationError, UseapiError
from ansible_collections.useapi.accounts.plugins.module_utils._ids import same_id
from ansible_collections.useapi.accounts.plugins.module_utils._services import check_id, service

UPDATE_CHOICES = ('always', 'on_create')
_OPTION_TYPES = dict(text='str', cookie_header='str', object='dict', cookie_row='raw')


def write_entry(name):
    """The ``create`` and ``delete`` entries of service ``name``, and the entry itself."""
    entry = service(name)
    return entry, entry['create'], entry['delete']


# -- the module's interface ---------------------------------------------------------------------


def argument_spec(name):
    """The argument spec of ``<service>_account``: connection, id, state, credentials, cap, update option."""
    entry, create, dummy = write_entry(name)
    spec = connection_argument_spec()
    spec[entry['id_key']] = dict(type='str', required=True)
    spec['state'] = dict(type='str', default='present', choices=['present', 'absent'])
    for credential in create['credentials']:
        spec[credential['option']] = dict(type=_OPTION_TYPES[credential['kind']], no_log=True)
    if create['max_jobs']:
        spec['max_jobs'] = dict(type='int')
        if create['max_jobs_default'] is not None:
            spec['max_jobs']['default'] = create['max_jobs_default']
    update = dict(type='str', default='on_create', choices=list(UPDATE_CHOICES), no_log=False)
    if create['update_option'] != 'update_credentials':
        update['aliases'] = ['update_credentials']
    spec[create['update_option']] = update
    return spec


def module_kwargs(name):
    """Everything ``AnsibleModule`` needs for ``<service>_account``."""
    dummy, create, dummy = write_entry(name)
    required = [credential['option'] for credential in create['credentials']]
    if create['max_jobs'] == 'required':
        required.append('max_jobs')
    return dict(argument_spec=argument_spec(name), supports_check_mode=True,
                required_if=[('state', 'present', required)])


# -- validation, before any request -------------------------------------------------------------


def _check_credential(credential, value, entry):
    """A problem with one credential's value, or ``None``; the value is never quoted."""
    option, kind = credential['option'], credential['kind']
    if kind == 'object':
        if not isinstance(value, dict) or not value:
            return '%s must be a non-empty object (dict)' % option
        return None
    if kind == 'cookie_row' and isinstance(value, dict):
        if not isinstance(value.get('value'), str) or not value['value'].strip():
            return '%s given as an object needs a non-empty "value"' % option
        return None
    if not isinstance(value, str) or not value.strip():
        return '%s is required with state=present' % option
    if len(value) < credential.get('min_length', 0):
        return '%s must be at least %d characters long, as the %s API requires' % (
            option, credential['min_length'], entry['title'])
    if kind == 'cookie_header':
        present = dict(parse_cookie_header(value))
        missing = [cookie for cookie in credential['required'] if not present.get(cookie)]
        if missing:
            wanted = list(credential['required'])
            return '%s lacks the field%s %s; it needs %s and %s' % (
                option, '' if len(missing) == 1 else 's', ', '.join(missing), ', '.join(wanted[:-1]), wanted[-1])
    return None


def _check_max_jobs(entry, value):
    key, low, high = entry['concurrency']
    if high is None and value < low:
        return 'max_jobs must be %d or more, got %d' % (low, value)
    if high is not None and not low <= value <= high:
        return 'max_jobs must be between %d and %d, got %d' % (low, high, value)
    return None


def validate(name, params):
    """Check every option that needs no request; return the account id (stripped).

    Raises :class:`ConfigurationError` with a message that names the option and never a secret.
    """
    entry, create, dummy = write_entry(name)
    account_id = check_id(name, params[entry['id_key']])
    if params['state'] == 'absent':
        return account_id
    if create['max_jobs']:
        if params.get('max_jobs') is None and create['max_jobs'] == 'required':
            raise ConfigurationError('max_jobs is required with state=present: the %s API needs maxJobs'
                                     % entry['title'])
        if params.get('max_jobs') is not None:
            problem = _check_max_jobs(entry, params['max_jobs'])
            if problem:
                raise ConfigurationError(problem)
    for credential in create['credentials']:
        problem = _check_credential(credential, params.get(credential['option']), entry)
        if problem:
            raise ConfigurationError(problem)
    return account_id


# -- what to send -------------------------------------------------------------------------------


def secret_texts(value):
    """Every text of a credential that must never be shown: the whole, and each of its parts.

    Cookie rows and tables are split on tabs, newlines, ``;`` and ``=``; objects give their
    values. The client masks these wherever an error message would echo them.
    """
    if isinstance(value, dict):
        texts = []
        for item in value.values():
            texts.extend(secret_texts(item))
        return texts
    if isinstance(value, (list, tuple)):
        texts = []
        for item in value:
            texts.extend(secret_texts(item))
        return texts
    if value is None or isinstance(value, bool):
        return []
    text = str(value)
    parts = [text]
    for separator in ('\t', '\n', ';', '='):
        parts = [piece for part in parts for piece in part.split(separator)]
    return [text] + [part.strip() for part in parts if part.strip() and part.strip() != text]


def _public_secrets(credential, value):
    """The secrets of one credential; a cookie header's public names (``lt_id``) are not secret."""
    if credential['kind'] != 'cookie_header':
        return secret_texts(value)
    texts = [value]
    for cookie, content in parse_cookie_header(value):
        if credential.get('match') and cookie == credential['match'][1]:
            continue
        texts.append(content or cookie)
    return texts


def _id_part(account_id, part):
    if part == 'id':
        return account_id
    region, dummy, email = account_id.partition(':')
    return region if part == 'region' else email


def _credential_public(credential, value):
    """The public part of a credential that the account shows (``lt_id``), or ``None``."""
    if credential.get('match') and credential['kind'] == 'cookie_header':
        return dict(parse_cookie_header(value)).get(credential['match'][1]) or None
    return None


def _differences(name, current, params):
    """``(cap change or None, [credential reasons])`` between an existing account and the options."""
    entry, create, dummy = write_entry(name)
    cap = entry['concurrency'][0] if entry['concurrency'] else None
    cap_change = None
    if cap and params.get('max_jobs') is not None and current.get(cap) != params['max_jobs']:
        cap_change = '%s %s -> %s' % (cap, current.get(cap), params['max_jobs'])
    mismatches = []
    for credential in create['credentials']:
        if credential.get('match'):
            path, part = credential['match']
            if get_path(current, path) != _credential_public(credential, params[credential['option']]):
                mismatches.append('the %s is for another %s' % (credential['option'], part))
    return cap_change, mismatches


def needed_changes(name, current, params):
    """Why the account must be sent, as a list of reasons; empty when it is as wanted."""
    dummy, create, dummy = write_entry(name)
    if not current:
        return ['the account does not exist']
    cap_change, mismatches = _differences(name, current, params)
    reasons = ([cap_change] if cap_change else []) + mismatches
    if not reasons and params[create['update_option']] == 'always':
        reasons.append('%s=always' % create['update_option'])
    return reasons


def plan_call(name, current, params):
    """``create`` (send the credentials) or ``update_only`` (the documented call for the cap alone).

    Only an existing account whose cap alone differs, with credentials sent ``on_create``, on a
    service that documents such a call, gets ``update_only``.
    """
    dummy, create, dummy = write_entry(name)
    if not current or not create['update_only'] or params[create['update_option']] != 'on_create':
        return 'create'
    cap_change, mismatches = _differences(name, current, params)
    return 'update_only' if cap_change and not mismatches else 'create'


def request_of(name, call, account_id, current, params):
    """The ``(path id or None, JSON body, secrets)`` of the call; the body holds the secrets."""
    entry, create, dummy = write_entry(name)
    cap = entry['concurrency'][0] if entry['concurrency'] else None
    if call == 'update_only':
        return None, {create['update_only']: account_id, cap: params['max_jobs']}, []
    body = {}
    secrets = []
    for field, part in create['id_fields']:
        body[field] = _id_part(account_id, part)
    for credential in create['credentials']:
        value = params[credential['option']]
        body[credential['field']] = value
        secrets.extend(_public_secrets(credential, value))
    if cap and params.get('max_jobs') is not None:
        body[cap] = params['max_jobs']
    elif cap and current and current.get(cap) is not None:
        body[cap] = current[cap]  # re-sending credentials must not reset the cap to the API's default
    path_id = account_id if '{id}' in create['path'] else None
    return path_id, body, secrets


# -- talking to the API -------------------------------------------------------------------------


def read_current(client, name, account_id):
    """The account as it is, normalised and masked; ``{}`` when the API has none."""
    dummy, create, dummy = write_entry(name)
    if create['read'] == 'list':
        record = (client.get_accounts() or {}).get(account_id)
        return normalize_account(account_id, record, name) if record is not None else {}
    record = client.get_account(account_id)
    return normalize_single(account_id, record, name, client.accounts_url(account_id)) if record is not None else {}


def _check_status(entry, method, url, status, ok):
    if status not in ok:
        raise ApiError('%s %s answered HTTP %d, which the %s documentation does not list as a success (%s)'
                       % (method, url, status, entry['title'], ', '.join(str(code) for code in ok)),
                       method=method, url=url, status=status)


def _answered_record(create, entry, data, account_id):
    """The account record in a POST's answer, and the id it names (``None`` when it names none)."""
    if data is None:
        return None, None
    if create['answer'] == 'keyed':
        records = dict((key, value) for key, value in data.items() if isinstance(value, dict))
        if account_id in records:
            return records[account_id], account_id
        if len(records) == 1:
            key, record = list(records.items())[0]
            return record, record.get(entry['id_key']) or key
        return None, None
    return data, data.get(entry['id_key'])


def mask_echoes(name, record):
    """``record`` with every credential field the registry's ``secrets`` do not cover masked.

    A POST answer may echo what was sent (MiniMax's ``url`` and ``token`` are in no GET model);
    the registry's own secret paths are left to :func:`normalize_account`, which keeps public parts.
    """
    entry, create, dummy = write_entry(name)
    covered = set(path.split('.')[0].replace('[]', '') for path, dummy in entry['secrets'])
    masked = dict(record)
    for credential in create['credentials']:
        field = credential['field']
        if field in masked and field not in covered:
            value = masked[field]
            masked[field] = dict((str(key), MASK) for key in value) if isinstance(value, dict) else MASK
    return masked


def send_account(client, name, call, account_id, current, params):
    """POST the account; return it as the API now has it, normalised and masked.

    Raises :class:`UseapiError` when the API saved the credentials under another account.
    """
    entry, create, dummy = write_entry(name)
    path_id, body, secrets = request_of(name, call, account_id, current, params)
    url = client.accounts_url(path_id)
    status, data = client.send('POST', url, body, secrets=secrets)
    _check_status(entry, 'POST', url, status, create['ok'])
    record, answered = _answered_record(create, entry, data, account_id)
    noun = create['credentials'][0]['option'].replace('_', ' ')
    if answered not in (None, '') and not same_id(entry, answered, account_id):
        if create['id_fields']:
            raise UseapiError('POST %s answered with the %s account %s, not %s'
                              % (url, entry['title'], answered, account_id))
        raise UseapiError(
            'The API saved the %s as the account %s, not %s: the %s belongs to another %s user. Check which '
            '%s the playbook sends for %s (the account %s now exists at useapi.net).'
            % (noun, answered, account_id, noun, entry['title'], noun, account_id, answered))
    if record is None or answered in (None, ''):
        # The answer does not say which account it is (Google Flow's), or has no body: read it back.
        record = read_current(client, name, account_id)
        if not record:
            raise UseapiError(
                'The API accepted the %s (HTTP %d) but has no %s account %s afterwards: the %s belongs to '
                'another user. Check which %s the playbook sends for %s.'
                % (noun, status, entry['title'], account_id, noun, noun, account_id))
        return record
    return normalize_account(account_id, mask_echoes(name, record), name)


def delete_account(client, name, account_id):
    """DELETE the account; ``True`` when deleted, ``False`` when the API says it was already absent (404)."""
    entry, dummy, delete = write_entry(name)
    url = client.accounts_url(account_id)
    status, data = client.send('DELETE', url, missing_ok=True)
    if status == 404:
        return False
    _check_status(entry, 'DELETE', url, status, delete['ok'])
    if isinstance(data, dict) and data.get('deleted') is False:
        raise ApiError('DELETE %s answered HTTP %d with "deleted": false; the account is still configured'
                       % (url, status), method='DELETE', url=url, status=status)
    return True


# -- check mode and diff ------------------------------------------------------------------------


def planned_account(name, current, account_id, params):
    """What the account will look like after the change, as far as it can be told without sending it."""
    entry, create, dummy = write_entry(name)
    planned = dict(current or {entry['id_key']: account_id})
    cap = entry['concurrency'][0] if entry['concurrency'] else None
    if cap and params.get('max_jobs') is not None:
        planned[cap] = params['max_jobs']
    for credential in create['credentials']:
        public = _credential_public(credential, params.get(credential['option']))
        if public is not None:
            holder, dummy, key = credential['match'][0].rpartition('.')
            if holder:
                planned[holder] = dict(planned.get(holder) if isinstance(planned.get(holder), dict) else {},
                                       **{key: public})
            else:
                planned[key] = public
    return planned


def diff_fields(name):
    """The paths a diff shows: the id, the cap, each expiry field and the health fields, in that order."""
    entry = service(name)
    secret_paths = set(path for path, dummy in entry['secrets'])
    paths = [entry['id_key']]
    if entry['concurrency']:
        paths.append(entry['concurrency'][0])
    for rule in entry['expiry']:
        for path in (rule.get('iso') or rule.get('epoch'), rule.get('days')):
            if path and path not in paths:
                paths.append(path)
    paths.extend(field for field in entry['health'] if field not in paths)
    return [path for path in paths if path not in secret_paths]


def diff_view(name, account):
    """What a diff may show of an account: public fields only (see :func:`diff_fields`).

    A cookie's public names (LTX Studio's ``lt_id``) are shown under their own name.
    """
    if not account:
        return {}
    entry = service(name)
    view = {}
    for path in diff_fields(name):
        value = get_path(account, path)
        if value is not None:
            view[path] = value
    for path, how in entry['secrets']:
        holder = get_path(account, path)
        if how == 'cookie' and isinstance(holder, dict):
            for public in entry['public']:
                if public in holder:
                    view[public] = holder[public]
    return view


# -- the whole run ------------------------------------------------------------------------------


def ensure(name, params, check_mode=False, diff=False, client=None):
    """Bring the account to ``params['state']``; return the module's result (without ``failed``).

    Every option is checked before the first request. Raises :class:`UseapiError`.
    """
    account_id = validate(name, params)
    if client is None:
        client = client_from_params(params, name)
    current = read_current(client, name, account_id)
    if params['state'] == 'present':
        reasons = needed_changes(name, current, params)
        if not reasons:
            changed, account = False, current
        elif check_mode:
            changed, account = True, planned_account(name, current, account_id, params)
        else:
            call = plan_call(name, current, params)
            changed, account = True, send_account(client, name, call, account_id, current, params)
    else:
        account = {}
        changed = bool(current)
        if current and not check_mode:
            changed = delete_account(client, name, account_id)
    result = dict(changed=changed, account=account, previous=current)
    if diff:
        result['diff'] = dict(before=diff_view(name, current), after=diff_view(name, account),
                              before_header=account_id, after_header=account_id)
    return result
