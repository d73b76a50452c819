# -*- coding: utf-8 -*-
# Copyright (c) useapi.accounts contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: this module_utils file is private to the useapi.accounts collection.
# Its interface may change at any time; do not import it from other collections.

"""The connection options every module shares (documented once, in the ``connection`` doc
fragment) and the one place that turns them into a client and errors into ``fail_json``."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.basic import env_fallback

from ansible_collections.useapi.accounts.plugins.module_utils._client import DEFAULT_API_URL, LtxStudioClient
from ansible_collections.useapi.accounts.plugins.module_utils._errors import ApiError


def connection_argument_spec():
    """The argument spec of the ``useapi.accounts.connection`` doc fragment."""
    return dict(
        api_token=dict(type='str', no_log=True, fallback=(env_fallback, ['USEAPI_TOKEN'])),
        api_url=dict(type='str', fallback=(env_fallback, ['USEAPI_LTXSTUDIO_URL'])),
        timeout=dict(type='float', default=30),
        validate_certs=dict(type='bool', default=True),
        ca_path=dict(type='path'),
        retries=dict(type='int', default=3),
        retry_max_time=dict(type='float', default=120),
    )


def client_from_params(params):
    """Build the API client from module parameters; raises :class:`ApiError` for bad values."""
    return LtxStudioClient(
        api_url=params.get('api_url') or DEFAULT_API_URL,
        api_token=params.get('api_token'),
        timeout=params['timeout'],
        validate_certs=params['validate_certs'],
        ca_path=params.get('ca_path'),
        retries=params['retries'],
        retry_max_time=params['retry_max_time'],
    )


def fail_from_error(module, error, **result):
    """Fail the module with a person's message and the machine-readable part of the error."""
    if isinstance(error, ApiError):
        result.update(error.as_dict())
    module.fail_json(msg=str(error), **result)
