# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where each service's URL, and the subscription's host, come from."""

from __future__ import annotations

import pytest

from ansible_collections.useapi.accounts.plugins.module_utils._argspec import base_url, service_url


@pytest.mark.parametrize('params, environ, expected', [
    ({}, {}, 'https://api.useapi.net/v1/kling'),
    ({'api_url': 'https://x/one'}, {'USEAPI_KLING_URL': 'https://y/two'}, 'https://x/one'),
    ({'base_url': 'http://b/'}, {'USEAPI_KLING_URL': 'https://y/two'}, 'https://y/two'),
    ({'base_url': 'http://127.0.0.1:8080/'}, {}, 'http://127.0.0.1:8080/v1/kling'),
])
def test_a_services_url_comes_from_api_url_then_its_variable_then_base_url(params, environ, expected):
    assert service_url('kling', params, environ)[0] == expected


def test_the_subscription_host_follows_the_services_url():
    assert base_url({}, {}) == 'https://api.useapi.net'
    assert base_url({'base_url': 'http://h:1/'}, {}) == 'http://h:1'
    assert base_url({}, {'USEAPI_LTXSTUDIO_URL': 'http://127.0.0.1:9/v1/ltxstudio'}) == 'http://127.0.0.1:9'
    assert base_url({'api_url': 'http://s/v2/pixverse/'}, {}) == 'http://s'
    assert base_url({'api_url': 'http://u:p@s:8/elsewhere'}, {}) == 'http://s:8'
    assert base_url({}, {'USEAPI_KLING_URL': 'https://k.example/x'}) == 'https://k.example'
