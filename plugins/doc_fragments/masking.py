# -*- coding: utf-8 -*-
# Copyright (c) useapi.accounts contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):
    """How the info modules mask the records they return.

    Private to useapi.accounts: other collections must not use this fragment; it may change at any time.
    """

    DOCUMENTATION = r'''
options: {}
notes:
  - >-
    Masking by name. Besides the secret fields each service documents, every key at any depth whose
    name says secret is masked with C(\u2026secured\u2026). The name is lower-cased and stripped of all
    but letters and digits (C(api_key), C(apiKey) and C(API-Key) are all C(apikey)); it is secret when
    it contains C(token), C(secret), C(password), C(passwd), C(passphrase), C(cookie), C(authorization),
    C(bearer), C(apikey), C(accesskey), C(privatekey), C(sessionid), C(sessionkey), C(sessid),
    C(credential), C(signature), C(csrf) or C(xsrf); when it is C(pwd), C(pass), C(sid), C(otp) or C(pin);
    or when it is C(jwt), C(session) or C(auth) and holds anything but an object (an object is looked into).
    Secret lists are masked item by item, and in a secret object every value but the public keys is masked.
  - >-
    Public keys are never masked, so that the checks can read every expiry: names containing C(expir) or
    C(issued) (such as C(tokenExpire), C(refreshTokenExpireUTC), C(access_token_expires_at),
    C(tokenIssuedDaysAgo)), and C(lt_id), C(exp), C(iat), C(nbf), C(added), C(created), C(name), C(domain),
    C(path), C(secure), C(httpOnly), C(sameSite) and C(hostOnly). The services guide has the same list.
'''
