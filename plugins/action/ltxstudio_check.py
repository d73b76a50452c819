# -*- coding: utf-8 -*-
# Copyright (c) useapi.accounts contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Action plugin of useapi.accounts.ltxstudio_check: the check for LTX Studio alone (see plugin_utils)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.useapi.accounts.plugins.plugin_utils._check_action import CheckAction


class ActionModule(CheckAction):
    """useapi.accounts.check with the service fixed to LTX Studio and ``required`` a list of emails."""

    SERVICE = 'ltxstudio'
