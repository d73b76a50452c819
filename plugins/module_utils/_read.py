# -*- coding: utf-8 -*-
# Copyright (c) useapi.accounts contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: this module_utils file is private to the useapi.accounts collection.
# Its interface may change at any time; do not import it from other collections.

"""Reading accounts: one service, several at once (one thread each), and the subscription, beside
``_write`` (create, update, delete). Failed reads are raised, or recorded as facts for the check."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import threading

from ansible_collections.useapi.accounts.plugins.module_utils._accounts import normalize_accounts, normalize_single
from ansible_collections.useapi.accounts.plugins.module_utils._argspec import base_url, client_from_params
from ansible_collections.useapi.accounts.plugins.module_utils._errors import ConfigurationError, ServicesError, UseapiError
from ansible_collections.useapi.accounts.plugins.module_utils._services import (
    SUBSCRIPTION_PATH,
    check_id,
    fact_name,
    read_at_fact_name,
    read_id_fact_name,
    service,
)
from ansible_collections.useapi.accounts.plugins.module_utils._subscription import (
    READ_FAILURES_FACT,
    SUBSCRIPTION_FACT,
    SUBSCRIPTION_KEY,
    summarise,
)
from ansible_collections.useapi.accounts.plugins.module_utils._time import format_iso, utc_now


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
