# -*- coding: utf-8 -*-
# Copyright (c) useapi.accounts contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):
    """Attributes shared by the collection's modules and action plugins.

    Private to useapi.accounts: other collections must not use this fragment; it may change at any time.
    """

    DOCUMENTATION = r'''
options: {}
attributes:
  check_mode:
    description: Can run in C(check_mode) and return changed status prediction without modifying target.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in C(check_mode)), when in diff mode.
  facts:
    description: Action returns an C(ansible_facts) dictionary that will update existing host facts.
  idempotent:
    description:
      - When run twice in a row outside check mode, with the same arguments, the second invocation indicates no change.
      - This assumes that the system controlled/queried by the module has not changed in a relevant way.
'''

    INFO_MODULE = r'''
options: {}
attributes:
  check_mode:
    support: full
    details:
      - This module only reads; it runs in check mode and returns the same data.
  diff_mode:
    support: N/A
    details:
      - This module never changes anything.
  facts:
    support: none
  idempotent:
    support: full
    details:
      - This module only reads; it never reports a change.
'''

    # The facts and the errors of the two info modules (accounts_info, ltxstudio_accounts_info). List it before
    # info_module, whose facts support (none) it overrides.
    INFO_FACTS = r'''
options: {}
attributes:
  facts:
    support: full
    details:
      - Returns the configuration of each service read as the fact C(<service>_accounts), and when
        the read began as C(<service>_accounts_read_at), which the checks use to refuse stale data;
        M(useapi.accounts.accounts_info) with O(useapi.accounts.accounts_info#module:subscription=true) also returns
        the subscription as C(useapi_subscription).
notes:
  - >-
    Errors: HTTP 401 says that the API token was rejected. Any other failing status, a body that
    is not JSON, or JSON that is not an object fails with a message naming the method, the URL
    and the status and saying what came back instead. The token never appears in a message.
'''
