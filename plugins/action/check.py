# -*- coding: utf-8 -*-
# Copyright (c) useapi.accounts contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Action plugin of useapi.accounts.check: the check for any services (see plugin_utils)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.useapi.accounts.plugins.plugin_utils._check_action import CheckAction


class ActionModule(CheckAction):
    """Checks the services named in ``service``, or every service the host has a fact for."""
