# -*- coding: utf-8 -*-
# Copyright (c) useapi.accounts contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: this module_utils file is private to the useapi.accounts collection.
# Its interface may change at any time; do not import it from other collections.

"""The connection options every module shares (documented once, in the ``connection`` doc
fragment), where each service's URL comes from, reading several services at once, and the one
place that turns errors into a failed result's arguments (the modules call ``fail_json``)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import threading
from urllib.parse import urlsplit

from ansible.module_utils.basic import env_fallback

from ansible_collections.useapi.accounts.plugins.module_utils._accounts import normalize_accounts, normalize_single
from ansible_collections.useapi.accounts.plugins.module_utils._client import UseapiClient
from ansible_collections.useapi.accounts.plugins.module_utils._errors import ApiError, ConfigurationError, UseapiError
from ansible_collections.useapi.accounts.plugins.module_utils._services import (
    DEFAULT_BASE_URL,
    SERVICE_NAMES,
    SUBSCRIPTION_PATH,
    check_id,
    fact_name,
    read_at_fact_name,
    read_id_fact_name,
    service,
    url_env_var,
)
from ansible_collections.useapi.accounts.plugins.module_utils._subscription import (
    READ_FAILURES_FACT,
    SUBSCRIPTION_FACT,
    SUBSCRIPTION_KEY,
    summarise,
)
from ansible_collections.useapi.accounts.plugins.module_utils._time import format_iso, utc_now


def connection_argument_spec():
    """The argument spec of the ``useapi.accounts.connection`` doc fragment."""
    return dict(
        api_token=dict(type='str', no_log=True, fallback=(env_fallback, ['USEAPI_TOKEN'])),
        api_url=dict(type='str'),
        base_url=dict(type='str', fallback=(env_fallback, ['USEAPI_BASE_URL'])),
        timeout=dict(type='float', default=30),
        validate_certs=dict(type='bool', default=True),
        ca_path=dict(type='path'),
        retries=dict(type='int', default=3),
        retry_max_time=dict(type='float', default=120),
    )


def service_url(name, params, environ=None):
    """The root URL of service ``name``: ``api_url``, then ``USEAPI_<SERVICE>_URL``, then
    ``base_url`` (or ``USEAPI_BASE_URL``) plus the service's root, then useapi.net's."""
    return _service_url_and_source(name, params, environ)[0]


def _service_url_and_source(name, params, environ=None):
    """``(url, source)``: the root URL of service ``name`` and the option or variable it came from."""
    environ = os.environ if environ is None else environ
    entry = service(name)
    if params.get('api_url'):
        return params['api_url'], 'api_url'
    if environ.get(url_env_var(name)):
        return environ[url_env_var(name)], url_env_var(name)
    base = params.get('base_url') or DEFAULT_BASE_URL
    return base.strip().rstrip('/') + entry['root'], 'base_url (or USEAPI_BASE_URL)'


def base_url(params, environ=None):
    """The host part every service hangs under, for calls such as ``GET /v2/account``.

    ``base_url`` (``USEAPI_BASE_URL``) when set; else the part of ``api_url``, or of a service's
    ``USEAPI_<SERVICE>_URL``, before that service's root path (or that URL's scheme, host and port
    when it has no known root), so that the subscription is read from the same server as the
    accounts; else useapi.net's.
    """
    environ = os.environ if environ is None else environ
    if params.get('base_url'):
        return params['base_url'].strip().rstrip('/')
    candidates = [(params.get('api_url') or '').strip().rstrip('/')]
    candidates += [(environ.get(url_env_var(name)) or '').strip().rstrip('/') for name in SERVICE_NAMES]
    candidates = [url for url in candidates if url]
    for url in candidates:
        for name in SERVICE_NAMES:
            root = service(name)['root']
            if url.endswith(root) and len(url) > len(root):
                return url[:-len(root)]
    for url in candidates:
        try:
            parts = urlsplit(url)
        except ValueError:
            continue  # the client built from it says what is wrong
        if parts.scheme and parts.netloc:
            return '%s://%s' % (parts.scheme, parts.netloc.rpartition('@')[2])
    return DEFAULT_BASE_URL


def client_from_params(params, name, url=None):
    """Build the API client of service ``name`` (``None`` with ``url``: the subscription's) from module
    parameters; raises :class:`ConfigurationError`.

    Every option is checked here, before any request: the URL (named by where it came from), the
    token, ``timeout``, ``retries`` and ``retry_max_time``.
    """
    if url is not None:
        source = 'base_url (or USEAPI_BASE_URL, or the part of api_url before the service root)'
    else:
        url, source = _service_url_and_source(name, params)
    return UseapiClient(
        api_url=url,
        url_option=source,
        api_token=params.get('api_token'),
        timeout=params['timeout'],
        validate_certs=params['validate_certs'],
        ca_path=params.get('ca_path'),
        retries=params['retries'],
        retry_max_time=params['retry_max_time'],
        service_name=name,
    )


def read_service(client, name, account_id=None):
    """The normalised accounts of one service: all of them, or the one ``account_id`` names (empty when absent)."""
    if account_id is None:
        return normalize_accounts(client.get_accounts(), name)
    record = client.get_account(account_id)
    if record is None:
        return {}
    account = normalize_single(account_id, record, name, client.accounts_url(account_id))
    return {account.get(service(name)['id_key']) or account_id: account}


def subscription_reader(params):
    """A function that reads ``GET /v2/account`` from the base URL (see :func:`base_url`) and returns its summary.

    The client is built here, so the options are checked before any request; the function raises
    :class:`UseapiError`.
    """
    base = base_url(params)
    client = client_from_params(params, None, url=base)  # no one service's: the subscription
    return lambda: summarise(client.get_json(base + SUBSCRIPTION_PATH))


def read_subscription(params):
    """The summary of ``GET /v2/account``; raises :class:`UseapiError`."""
    return subscription_reader(params)()


def read_services(params, names, account_id=None, subscription=False, record_failures=False, id_option=None):
    """Read several services at once (one thread each), and say every failure, not just the first.

    Every client is built, so every option is checked, before the first request is sent.
    Returns ``(facts, counts)``: the facts are ``<service>_accounts``, ``<service>_accounts_read_at``
    (ISO UTC, when the read began) and ``<service>_accounts_read_id`` (the ``account_id`` read, or
    ``None`` for the whole configuration); raises :class:`UseapiError` naming each service that failed.
    With ``subscription``, ``GET /v2/account`` is read too, in parallel, into the fact
    ``useapi_subscription`` (its summary, and ``read_at``): one task, not two, for the role.

    With ``record_failures``, nothing is raised: the reads that failed (an option error fails them
    all) are the fact ``useapi_read_failures``, ``{key: {msg, status, read_at}}`` with the service's
    name or ``subscription`` as key, and the reads that worked are returned as usual. The fact is
    always set, empty when every read worked, so that a failure of an earlier run never lingers.
    ``account_id`` is checked like the write modules check ids (``id_option`` names the option).
    """
    keys = list(names) + ([SUBSCRIPTION_KEY] if subscription else [])
    try:
        if account_id is not None:
            account_id = check_id(names[0], account_id, id_option)
        if params.get('api_url') and len(names) > 1:
            raise ConfigurationError('api_url is the root of one service; with several services (%s) set base_url '
                                     '(or USEAPI_BASE_URL, or USEAPI_<SERVICE>_URL per service) instead' % ', '.join(names))
        # (key, title, read): every read prepared, with the name its failure is told by.
        jobs = [(name, service(name)['title'], _service_reader(client_from_params(params, name), name, account_id))
                for name in names]
        if subscription:
            jobs.append((SUBSCRIPTION_KEY, 'the subscription', subscription_reader(params)))
    except ConfigurationError as error:
        if not record_failures:
            raise
        failed_at = format_iso(utc_now())
        return {READ_FAILURES_FACT: dict((key, _failure(error, failed_at)) for key in keys)}, {}
    results, read_at = {}, {}

    def run(key, dummy, read):
        # When the read began, so that the age a check reports is never less than the data's.
        read_at[key] = format_iso(utc_now())
        try:
            results[key] = read()
        except UseapiError as error:
            results[key] = error

    threads = [threading.Thread(target=run, args=job) for job in jobs[1:]]
    for thread in threads:
        thread.start()
    run(*jobs[0])  # the first in this thread: one service costs no thread at all
    for thread in threads:
        thread.join()
    failures = [(key, title, results[key]) for key, title, dummy in jobs if isinstance(results[key], UseapiError)]
    if not record_failures:
        # One failed read says what failed by itself (its message names the URL) when it is the one
        # service asked for, or the subscription; a list is for several failures, or one of several services.
        if len(failures) == 1 and (len(names) == 1 or failures[0][0] == SUBSCRIPTION_KEY):
            raise failures[0][2]
        if failures:
            raise ServicesError(failures)
    worked = [name for name in names if not isinstance(results[name], UseapiError)]
    facts = dict((fact_name(name), results[name]) for name in worked)
    # <service>_accounts_read_at: the check refuses a configuration it cannot tell was read in this run.
    facts.update((read_at_fact_name(name), read_at[name]) for name in worked)
    facts.update((read_id_fact_name(name), account_id) for name in worked)
    if subscription and not isinstance(results[SUBSCRIPTION_KEY], UseapiError):
        facts[SUBSCRIPTION_FACT] = dict(results[SUBSCRIPTION_KEY], read_at=read_at[SUBSCRIPTION_KEY])
    facts[READ_FAILURES_FACT] = dict((key, _failure(error, read_at[key])) for key, dummy, error in failures)
    counts = dict((name, len(results[name])) for name in worked)
    return facts, counts


def _failure(error, read_at):
    """A failed read as the fact useapi_read_failures holds it: what a person and a check need, nothing secret."""
    return dict(msg=str(error), status=getattr(error, 'status', None), read_at=read_at)


def _service_reader(client, name, account_id):
    return lambda: read_service(client, name, account_id)


class ServicesError(UseapiError):
    """Some of several reads failed; the message has one line per failed read, named by its title."""

    def __init__(self, failures):
        lines = ['%d of the reads failed:' % len(failures)]
        lines.extend('- %s: %s' % (title, error) for dummy, title, error in failures)
        super(ServicesError, self).__init__('\n'.join(lines))
        self.failures = failures

    def as_dict(self):
        """The machine-readable part: each failed service's status and attempts."""
        return dict(failed_services=dict(
            (key, error.as_dict() if isinstance(error, ApiError) else dict(msg=str(error)))
            for key, dummy, error in self.failures))


def error_result(error, **result):
    """The arguments of a failed result for ``error``: a person's message and the machine-readable part.

    Modules pass them to ``fail_json`` themselves (``module.fail_json(**error_result(error))``):
    module_utils never end a module.
    """
    if isinstance(error, (ApiError, ServicesError)):
        result.update(error.as_dict())
    result['msg'] = str(error)
    return result
