# -*- coding: utf-8 -*-
# Copyright (c) useapi.accounts contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):
    """Connection options shared by every module that calls the useapi.net API.

    Private to useapi.accounts: other collections must not use this fragment; it may change at any time.
    """

    DOCUMENTATION = r'''
options:
  api_token:
    description:
      - 'The useapi.net API token, sent as C(Authorization: Bearer ...).'
      - When not given, the value of the environment variable E(USEAPI_TOKEN) is used.
        Neither given is an error.
      - The token is never logged, never put in a URL and never sent to another host than O(api_url)'s.
    type: str
  api_url:
    description:
      - The root URL of one service's API, such as V(https://api.useapi.net/v1/kling); the modules
        append C(/accounts). Only for a single service.
      - When not given, the environment variable E(USEAPI_<SERVICE>_URL) is used (the service's URL
        segment in upper case, C(-) as C(_), for example E(USEAPI_LTXSTUDIO_URL) or E(USEAPI_GOOGLE_FLOW_URL)),
        then O(base_url) plus the service's root path (C(/v1/ltxstudio), C(/v2/pixverse), ...).
      - Checked before the first request, wherever it came from. It must be C(http://) or C(https://) with a
        host, a port between 1 and 65535, no user name or password, no query string or fragment,
        in plain ASCII without spaces. A non-ASCII path is not percent-encoded for you (percent-encode
        it, C(%C3%A9) for C(é)); give a host name in its IDNA form (C(xn--...)).
    type: str
  base_url:
    description:
      - The useapi.net host every service's root path is appended to, so that one setting points
        every service at another server (a stand-in, a proxy).
      - When not given, the environment variable E(USEAPI_BASE_URL) is used, and then V(https://api.useapi.net).
      - Checked before the first request like O(api_url).
    type: str
    version_added: 2.0.0
  timeout:
    description:
      - Seconds one attempt of a request may take as a whole, from connecting to the last byte of
        the answer (status line, headers and body), not the time one socket read may take; a server
        that trickles its headers or body is cut off when this time has passed.
      - An attempt that does not complete in this time fails with a message saying it timed out
        and how much of the answer had arrived, and is retried (see O(retries)).
      - More than 0 and at most 86400 (a day); V(nan) and V(inf) are refused before any request.
    type: float
    default: 30
  validate_certs:
    description:
      - Whether to verify the API's TLS certificate. Only turn this off for a test server.
    type: bool
    default: true
  ca_path:
    description:
      - A PEM file of CA certificates to verify the API's TLS certificate against, instead of
        the system's trust store.
    type: path
  retries:
    description:
      - How many times a request is retried after a retryable failure, so at most O(retries) + 1
        attempts are made. V(0) disables retries.
      - See the retry policy in the notes.
    type: int
    default: 3
  retry_max_time:
    description:
      - Total time budget in seconds for one call including its retries and waits. No wait is
        started that would pass it, and an attempt that is still reading when it passes is cut
        off (an attempt started with less than half a second left still gets half a second), so
        a CI job cannot hang on a struggling or trickling API.
      - The error then says that O(retry_max_time) passed, during which attempt, and how much of
        the answer had arrived.
      - A finite number more than 0; V(nan) (which would turn the budget off) and V(inf) are refused
        before any request.
    type: float
    default: 120
notes:
  - >-
    Retry policy. HTTP 429 (rate limited): retried after the server's C(Retry-After) (seconds or
    HTTP-date), capped at 60 seconds, or after the backoff below when the header is missing.
    HTTP 502, 503 and 504, connection refused or reset, and timeouts: retried after a jittered
    exponential backoff (1, 2, 4, ... seconds up to 30, half of it random).
    HTTP 400, 401, 402, 403, 404, other 4xx, 596 (account in error state) and other 5xx,
    an unresolvable host name and a TLS verification failure: never retried.
    When retries run out, the error names the last status and how many attempts were made.
  - >-
    Redirects are followed only for reads and only to the same scheme, host and port; a redirect
    elsewhere is an error, so the API token never reaches another host.
  - >-
    Proxies are taken from the environment (E(https_proxy), E(http_proxy), E(no_proxy)).
    A C(~/.netrc) file is ignored.
'''

    # Attributes of modules that take part in the action group.
    ACTIONGROUP = r'''
attributes:
  action_group:
    description: Use C(group/useapi.accounts.ltxstudio) in C(module_defaults) to set O(api_url), O(api_token) and the other connection options once per play.
    support: full
    membership:
      - useapi.accounts.ltxstudio
'''

    # Attributes of the service-neutral modules: the group every module of the collection belongs to.
    ACTIONGROUP_USEAPI = r'''
attributes:
  action_group:
    description: Use C(group/useapi.accounts.useapi) in C(module_defaults) to set O(base_url), O(api_token) and the other connection options once per play.
    support: full
    membership:
      - useapi.accounts.useapi
'''
