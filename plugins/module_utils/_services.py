# -*- coding: utf-8 -*-
# Copyright (c) useapi.accounts contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: this module_utils file is private to the useapi.accounts collection.
# Its interface may change at any time; do not import it from other collections.

"""THE service registry: every useapi.net service with an accounts configuration, as data.

Adding a service is one entry here, plus fixtures and docs; no other file names a service.
The source of every field is useapi.net's documentation of that service (see
docs/docsite/rst/guide_services.rst for the table with sources). Where the documentation
leaves a unit unstated, the entry uses the documented ISO form only and never guesses.

Fields of an entry:

``title``
    The service's name for people; ``subscription_key`` is its key in ``GET /v2/account``.
``root``
    The path of its API under the useapi.net host; ``/accounts`` is appended.
``id_key``, ``id_format``
    The field that keys the configuration (and names an account in URLs), and what a valid id
    looks like: ``email``, ``region_email`` (``US:user@example.com``) or ``text``.
``list_keys_masked``
    ``email``: the list endpoint keys accounts by a masked email, a visible prefix of any length
    then ``***@`` and the domain (``jo***@example.com``, ``a***@example.com``); see ``_ids``, which
    also states each ``id_format``'s rule for when two ids are the same account.
``empty``
    What ``GET /accounts`` answers for an empty configuration: ``404`` or ``{}``.
``empty_404``
    With ``empty`` ``404``: the sentences the service documents for that 404 (matched, without regard
    to case, in a text body or in a JSON ``error``/``message``), besides the wordings every service
    uses (see ``_client._says_not_configured``); and ``empty_404_body``: whether a 404 with an empty
    body is an empty configuration too (only where the page documents the 404 without a body). An
    HTML page is never one.
``expiry``
    The rules that say when the account stops working, tried in order; the first whose ``when``
    field is present (or that has no ``when``) applies. ``kind`` is one of:
    ``token`` (renewed by hand: expired, expiring, unknown_expiry), ``refreshing`` (useapi
    refreshes it: only a past expiry is a problem), ``issued_days`` (a token renewed by hand every
    ``lifetime_days``, known only by its age in ``days``, which counts from when the configuration
    was read, not from the check's ``now``; without that age the expiry is unknown) or ``none``
    (nothing expires).
    ``epoch``/``unit`` name an epoch field and its documented unit (``ms`` or ``s``); ``iso``
    names an ISO-8601 field. When both are given, the earlier instant wins.
``time_pairs``
    (epoch field, ISO field, unit) pairs whose missing member normalisation fills in. Only
    pairs whose unit is documented: an undocumented unit cannot be converted honestly.
``health``
    Fields that mark an account in error: ``error`` when set, ``health`` when not ``"OK"``.
``secrets``
    (path, how) pairs masked in every record, whatever the API sent. Paths are dotted;
    ``[]`` steps into every item of a list. ``how`` is ``value`` (the value becomes the mask),
    ``values`` (every value of an object becomes the mask) or ``cookie`` (an object or a
    ``Cookie:`` header string whose values become the mask except the names in ``public``).
``concurrency``
    (key, minimum, maximum) of the account's concurrency cap, or ``None``; a ``None`` maximum
    means the documentation states none.
``create``, ``delete``
    The write calls of the ``<service>_account`` modules (see ``_write``). Both have ``path``
    (``/accounts``, or ``/accounts/{id}`` when the id goes in the path) and ``ok``, the success
    statuses the service documents. ``create`` (an upsert everywhere) also has:

    ``credentials``
        What the module sends as secrets, each a dict: ``option`` (the module option, always
        ``no_log``), ``field`` (the body key) and ``kind``: ``text`` (a non-empty string;
        ``min_length`` when documented), ``object`` (a non-empty JSON object), ``cookie_row``
        (a DevTools cookie row, or an object with its ``value``), or ``cookie_header`` (a
        ``Cookie:`` string that must hold the names in ``required``). ``match`` is
        (account path, cookie name): a public part of the credential that the account shows,
        compared for idempotence.
    ``id_fields``
        (body key, part of the id) pairs that put the id in the body: ``id``, or ``region`` and
        ``email`` of a ``region_email`` id. Empty: the API works the id out of the credentials,
        and the module checks that the account it answers with is the one asked for.
    ``max_jobs``
        ``required`` or ``optional`` in the body (the range is ``concurrency``), or ``None``;
        ``max_jobs_default`` is the module's default when it has one.
    ``update_only``
        The body key of the id in the documented call that changes the concurrency cap alone,
        ``{<id>, <cap>}``, without credentials; ``None`` when there is none.
    ``answer``
        ``record`` (the account) or ``keyed`` (``{id: account}``). ``read``: how the current state
        is read, ``item`` (``GET /accounts/{id}``) or ``list`` (``GET /accounts``).
    ``update_option``
        The name of the option that says when credentials are re-sent.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible_collections.useapi.accounts.plugins.module_utils._errors import ConfigurationError

DEFAULT_BASE_URL = 'https://api.useapi.net'
SUBSCRIPTION_PATH = '/v2/account'

_HEALTH = ('error', 'health')
# DELETE /accounts/{id}: 204 with no body, or 200 {"deleted": true, ...} (Dreamina's page); a 404
# saying the account is not configured means it is already absent.
_DELETE = dict(path='/accounts/{id}', ok=(200, 204))
_BY_EMAIL = (('email', 'id'),)


def _secret(option, kind='text', field=None, **extra):
    """One credential of a ``create`` call: its module option, body key and kind (see the docstring)."""
    return dict(extra, option=option, field=field or option, kind=kind)


def _create(path, ok, credentials, id_fields=(), max_jobs=None, max_jobs_default=None, update_only=None,
            answer='record', read='item', update_option='update_credentials'):
    """A ``create`` entry, every field spelt out (see the docstring)."""
    return dict(path=path, ok=ok, credentials=credentials, id_fields=id_fields, max_jobs=max_jobs,
                max_jobs_default=max_jobs_default, update_only=update_only, answer=answer, read=read,
                update_option=update_option)


SERVICES = {
    'ltxstudio': dict(
        title='LTX Studio', subscription_key='LTX Studio API', root='/v1/ltxstudio',
        id_key='email', id_format='email', list_keys_masked=None, empty='404',
        empty_404=('Configuration not found',), empty_404_body=False,
        expiry=(dict(kind='token', epoch='tokenExpire', unit='ms', iso='tokenExpireUTC'),),
        time_pairs=(('tokenExpire', 'tokenExpireUTC', 'ms'), ('updated', 'updatedUTC', 'ms'),
                    ('refreshTokenExpire', 'refreshTokenExpireUTC', 'ms')),
        health=_HEALTH, secrets=(('cookie', 'cookie'),), public=('lt_id',),
        concurrency=('maxJobs', 1, 100),
        create=_create(  # post-ltxstudio-accounts: {cookie, maxJobs?} -> 200; the email comes from the cookie
            '/accounts', (200, 201),
            (_secret('cookie', 'cookie_header', required=('lt_id', 'lt_token', 'lt_refresh_token'),
                     match=('cookie.lt_id', 'lt_id')),),
            max_jobs='optional', max_jobs_default=20, update_option='update_cookie'),
        delete=_DELETE),
    'kling': dict(
        title='Kling', subscription_key='Kling API', root='/v1/kling',
        id_key='email', id_format='email', list_keys_masked=None, empty='404',
        empty_404=('Configuration not found',), empty_404_body=False,
        # session.ExpireTime's unit is undocumented: only its ISO twin is read.
        expiry=(dict(kind='token', iso='session.ExpireTimeUTC'),),
        time_pairs=(), health=_HEALTH, secrets=(('password', 'value'),), public=(),
        concurrency=('maxJobs', 1, 50),
        create=_create(  # post-kling-accounts: {email, password, maxJobs} (all required) -> 201
            '/accounts', (200, 201), (_secret('password'),), id_fields=_BY_EMAIL, max_jobs='required'),
        delete=_DELETE),
    'minimax': dict(
        title='MiniMax', subscription_key='MiniMax API', root='/v1/minimax',
        id_key='account', id_format='text', list_keys_masked=None, empty='404',
        empty_404=('Configuration not found',), empty_404_body=False,
        expiry=(dict(kind='token', epoch='jwt.exp', unit='s', iso='jwt.exp_Expire'),),
        time_pairs=(('jwt.exp', 'jwt.exp_Expire', 's'), ('jwt.iat', 'jwt.iat_Issued', 's')),
        # url and token are what POST /accounts takes (url carries device ids): masked if a read shows them.
        health=_HEALTH, secrets=(('jwt.token', 'value'), ('url', 'value'), ('token', 'value')), public=(),
        concurrency=('maxJobs', 1, 10),
        # post-minimax-accounts-account (rev. March 17, 2025): POST /accounts {url, token, maxJobs}, all
        # required -> 201; the account comes from the token. url carries device ids: kept secret too.
        create=_create('/accounts', (200, 201), (_secret('url'), _secret('token')), max_jobs='required'),
        delete=_DELETE),
    'runwayml': dict(
        title='Runway', subscription_key='Runway API', root='/v1/runwayml',
        id_key='email', id_format='email', list_keys_masked=None, empty='404',
        empty_404=('Configuration not found',), empty_404_body=False,
        expiry=(dict(kind='token', epoch='jwt.exp', unit='s'),),
        time_pairs=(), health=_HEALTH, secrets=(('password', 'value'), ('jwt.token', 'value')), public=(),
        concurrency=('maxJobs', 1, 10),
        create=_create(  # post-runwayml-accounts-email: {email (= path), password, maxJobs} -> 200
            '/accounts/{id}', (200, 201), (_secret('password'),), id_fields=_BY_EMAIL, max_jobs='required'),
        delete=_DELETE),
    'pixverse': dict(
        title='PixVerse', subscription_key='PixVerse API', root='/v2/pixverse',
        id_key='email', id_format='email', list_keys_masked=None, empty='404',
        empty_404=('Configuration not found',), empty_404_body=False,
        # jwt.ExpireTime's unit is undocumented: only its ISO twin is read.
        expiry=(dict(kind='token', iso='jwt.ExpireTimeUTC'),),
        time_pairs=(), health=_HEALTH, secrets=(('password', 'value'), ('jwt.token', 'value')), public=(),
        concurrency=('maxJobs', 1, 8),
        create=_create(  # post-pixverse-accounts-email: {email (= path), password, maxJobs} -> 201
            '/accounts/{id}', (200, 201), (_secret('password'),), id_fields=_BY_EMAIL, max_jobs='required'),
        delete=_DELETE),
    'google-flow': dict(
        title='Google Flow', subscription_key='Google Flow API', root='/v1/google-flow',
        id_key='email', id_format='email', list_keys_masked='email', empty='{}', empty_404=(), empty_404_body=False,
        expiry=(dict(kind='refreshing', iso='sessionData.expires'),),
        time_pairs=(), health=_HEALTH,
        secrets=(('accountCookies[].value', 'value'), ('sessionCookies[].value', 'value'),
                 ('sessionData.access_token', 'value'), ('cookies', 'value')), public=(),
        concurrency=None,
        create=_create(  # post-google-flow-accounts: {cookies} -> 201 created, 200 updated; no email in the answer
            '/accounts', (200, 201), (_secret('cookies'),)),
        delete=_DELETE),
    'flowmusic': dict(
        title='Flow Music', subscription_key='Flow Music API', root='/v1/flowmusic',
        id_key='email', id_format='email', list_keys_masked=None, empty='{}', empty_404=(), empty_404_body=False,
        expiry=(dict(kind='refreshing', iso='access_token_expires_at'),),
        time_pairs=(), health=_HEALTH, secrets=(('access_token', 'value'), ('refresh_token', 'value')), public=(),
        concurrency=('maxJobs', 1, 16),
        create=_create(  # post-flowmusic-accounts: {refresh_token (>= 10), maxJobs?} -> 201/200; {email, maxJobs}
            '/accounts', (200, 201), (_secret('refresh_token', min_length=10),),
            max_jobs='optional', update_only='email'),
        delete=_DELETE),
    'dreamina': dict(
        title='Dreamina', subscription_key='Dreamina API', root='/v1/dreamina',
        id_key='account', id_format='region_email', list_keys_masked=None, empty='404',
        empty_404=('Unable to find configuration',), empty_404_body=False,
        expiry=(dict(kind='refreshing', iso='sessionExpires'),),
        time_pairs=(), health=_HEALTH, secrets=(('password', 'value'),), public=(),
        concurrency=('maxJobs', 1, 50),
        # post-dreamina-accounts: {email, password, region, maxJobs?} -> 200. GET /accounts/{account}
        # claims the day's free credits (a side effect), so the current state is read from the list.
        create=_create('/accounts', (200, 201), (_secret('password'),),
                       id_fields=(('email', 'email'), ('region', 'region')), max_jobs='optional', read='list'),
        delete=_DELETE),
    'mureka': dict(
        title='Mureka', subscription_key='Mureka API', root='/v1/mureka',
        id_key='account', id_format='text', list_keys_masked=None, empty='404',
        empty_404=('Configuration not found',), empty_404_body=False,
        expiry=(dict(kind='refreshing', when='sessionCookie', iso='sessionCookie.expires'),
                # Neither (get-mureka-accounts, rev. Dec 2, 2024: {updated, account, token, updatedUTC}): a
                # legacy token renewed by hand every 30 days whose age is not said: its expiry is unknown.
                dict(kind='issued_days', days='tokenIssuedDaysAgo', lifetime_days=30),),
        time_pairs=(('updated', 'updatedUTC', 's'),), health=_HEALTH,
        secrets=(('token', 'value'), ('sessionCookie.value', 'value')), public=(),
        concurrency=None,
        # post-mureka-accounts (Jan 19, 2026, auto-refresh): {sessionCookie} -> 200 {account: {...}}.
        # The legacy POST /accounts/{account} {account, token} is not used.
        create=_create('/accounts', (200, 201), (_secret('session_cookie', 'cookie_row', 'sessionCookie'),),
                       answer='keyed'),
        delete=_DELETE),
    'tempolor': dict(
        title='TemPolor', subscription_key='TemPolor API', root='/v1/tempolor',
        id_key='user_id', id_format='text', list_keys_masked=None, empty='404',
        # get-tempolor-accounts documents the 404 only as "Returned when no accounts are configured.",
        # no body: that sentence (text or JSON) and an empty body both mean an empty configuration.
        empty_404=('no accounts are configured', 'Configuration not found'), empty_404_body=True,
        expiry=(dict(kind='none'),),
        time_pairs=(('updated', 'updatedUTC', 'ms'),), health=_HEALTH,
        secrets=(('requestParams', 'values'),), public=(),
        concurrency=('maxJobs', 1, None),
        create=_create(  # post-tempolor-accounts: {requestParams, maxJobs? (default 10)} -> 200
            '/accounts', (200, 201), (_secret('request_params', 'object', 'requestParams'),), max_jobs='optional'),
        delete=_DELETE),
}

# The order in which services are listed everywhere: LTX Studio first, then as useapi.net lists them.
SERVICE_NAMES = tuple(SERVICES)


def service(name):
    """The registry entry of a service, by its URL segment; raises :class:`ConfigurationError`."""
    entry = SERVICES.get(name)
    if entry is None:
        raise ConfigurationError('unknown service %r; known services: %s' % (name, ', '.join(SERVICE_NAMES)))
    return entry


def fact_name(name):
    """The fact a service's configuration is returned in: ``google-flow`` -> ``google_flow_accounts``."""
    return '%s_accounts' % name.replace('-', '_')


def read_at_fact_name(name):
    """The fact that says when a service's configuration was read: ``ltxstudio_accounts_read_at``."""
    return fact_name(name) + '_read_at'


def read_id_fact_name(name):
    """The fact that says which account a read asked for (``None``: the whole configuration)."""
    return fact_name(name) + '_read_id'


def url_env_var(name):
    """The environment variable that overrides one service's URL: ``USEAPI_GOOGLE_FLOW_URL``."""
    return 'USEAPI_%s_URL' % name.upper().replace('-', '_')


def by_subscription_key(key):
    """The service name whose ``GET /v2/account`` key is ``key`` (``"Kling API"``), or ``None``."""
    for name, entry in SERVICES.items():
        if entry['subscription_key'] == key:
            return name
    return None


# -- account ids --------------------------------------------------------------------------------


# C0 and C1 control characters and DEL; any white space (an email holds none). Regular expressions:
# a per-character loop was most of the cost of a policy of 500 waivers (benchmarks/policy.py).
_CONTROL = re.compile(u'[\x00-\x1f\x7f-\x9f]')
_SPACE = re.compile(r'\s', re.UNICODE)


def _control_free(text):
    return _CONTROL.search(text) is None


def _is_email(text):
    local, at, domain = text.rpartition('@')
    return bool(at and local and domain and _SPACE.search(text) is None)


def id_problem(name, value, option=None):
    """What is wrong with ``value`` as an account id of service ``name`` (stripped), or ``None``.

    The id goes into the URL path of reads and writes alike: it must not be empty, ``.`` or
    ``..``, nor hold a control character or a lone UTF-16 surrogate; an ``email`` id needs an ``@``,
    a ``region_email`` id the form ``US:user@example.com``. ``option`` names the option in the
    message (the service's id key by default).
    """
    entry = service(name)
    option = option or entry['id_key']
    text = value.strip() if isinstance(value, str) else ''
    if not text:
        return '%s must not be empty' % option
    if text in ('.', '..'):
        return '%s must not be %r: it would name a path, not an account' % (option, text)
    if not _control_free(text):
        return '%s must not contain control characters (a newline or a tab, say)' % option
    try:
        text.encode('utf-8')
    except UnicodeEncodeError:
        return '%s holds a lone UTF-16 surrogate (such as \\ud800), which no id can hold' % option
    if entry['id_format'] == 'email' and not _is_email(text):
        return '%s must be an email address such as user@example.com, got %r' % (option, text)
    if entry['id_format'] == 'region_email':
        region, sep, email = text.partition(':')
        if not (sep and len(region) >= 2 and region.isalpha() and region.isupper() and region.isascii()
                and _is_email(email)):
            return '%s must be REGION:email, such as US:user@example.com, got %r' % (option, text)
    return None


def check_id(name, value, option=None):
    """The account id ``value`` of service ``name``, stripped; :class:`ConfigurationError` when it cannot
    name one (see :func:`id_problem`). The write modules and the read options share it."""
    problem = id_problem(name, value, option)
    if problem:
        raise ConfigurationError(problem)
    return value.strip()
