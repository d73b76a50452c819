# -*- coding: utf-8 -*-
# Copyright (c) useapi.accounts contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: this module_utils file is private to the useapi.accounts collection.
# Its interface may change at any time; do not import it from other collections.

"""The connection options every module shares (documented once, in the ``connection`` doc
fragment), where each service's URL comes from, and the API client built from them."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
from urllib.parse import urlsplit

from ansible.module_utils.basic import env_fallback

from ansible_collections.useapi.accounts.plugins.module_utils._client import UseapiClient
from ansible_collections.useapi.accounts.plugins.module_utils._services import DEFAULT_BASE_URL, SERVICE_NAMES, service, url_env_var


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
    """``(url, source)``: the root URL of service ``name`` and the option or variable it came from:
    ``api_url``, then ``USEAPI_<SERVICE>_URL``, then ``base_url`` (or ``USEAPI_BASE_URL``) plus the
    service's root, then useapi.net's."""
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
        url, source = service_url(name, params)
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
