# -*- coding: utf-8 -*-
# Copyright (c) useapi.accounts contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: this module_utils file is private to the useapi.accounts collection.
# Its interface may change at any time; do not import it from other collections.

"""The collection's own error types.

Pure code raises these; only modules and plugins turn them into a failed result (modules with
:func:`error_result`).
Messages are written for a person and never contain a secret.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class UseapiError(Exception):
    """Base class of every error this collection raises on purpose."""


class ConfigurationError(UseapiError):
    """An option or a registry look-up is wrong: found before any request is sent."""


class ApiError(UseapiError):
    """A call to the useapi.net API did not give a usable answer.

    ``status`` is the HTTP status of the last answer, or ``None`` when no answer came
    (connection refused, timeout, TLS failure, ...). ``attempts`` counts the requests made.
    """

    def __init__(self, message, method=None, url=None, status=None, attempts=1, api_message=None):
        super(ApiError, self).__init__(message)
        self.method = method
        self.url = url
        self.status = status
        self.attempts = attempts
        self.api_message = api_message

    def as_dict(self):
        """Return the machine-readable part of the error, for a module's failed result."""
        return {
            'method': self.method,
            'url': self.url,
            'status': self.status,
            'attempts': self.attempts,
            'api_message': self.api_message,
        }


class AccountsFormatError(UseapiError):
    """The API answered, but the accounts configuration is not in a shape we can trust."""


class CheckInputError(UseapiError):
    """An argument of the expiry check (duration, instant, scope, ...) is invalid."""


class TimeFormatError(UseapiError):
    """A text is not an ISO-8601 instant with a zone (the time layer's own error; callers that read an
    option turn it into theirs, naming the option)."""


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


_JSON_KINDS = ((bool, 'a', 'boolean'), (str, 'a', 'string'), (int, 'a', 'number'), (float, 'a', 'number'),
               (list, 'an', 'array'), (dict, 'an', 'object'))


def json_kind(value, qualified=False):
    """What JSON type a parsed value is, for an error message: ``an array``, ``a string``, ``null``...

    With ``qualified``, the word JSON is put in: ``a JSON array``, ``JSON null``.
    """
    if value is None:
        return 'JSON null' if qualified else 'null'
    for kind, article, noun in _JSON_KINDS:
        if isinstance(value, kind):
            return ('a JSON %s' if qualified else article + ' %s') % noun
    return type(value).__name__
