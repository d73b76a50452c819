# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Empty as each service documents it (issue 21, item 4). get-tempolor-accounts (rev. May 15, 2025)
documents its 404 only as "Returned when no accounts are configured.", with no body shown."""

from __future__ import annotations

import json

import pytest

from ansible_collections.useapi.accounts.plugins.module_utils._client import UseapiClient, _says_not_configured
from ansible_collections.useapi.accounts.plugins.module_utils._errors import ApiError
from ansible_collections.useapi.accounts.plugins.module_utils._http import Response
from ansible_collections.useapi.accounts.plugins.module_utils._services import SERVICE_NAMES, service

SENTENCE = 'Returned when no accounts are configured.'


def client(name, status, body, content_type):
    def transport(method, url, headers, data, timeout, validate_certs, ca_path):
        return Response(status, {'content-type': content_type} if content_type else {}, body, None)
    return UseapiClient('https://api.example.test' + service(name)['root'], 'user:1-TOKEN', transport=transport,
                        retries=0, service_name=name)


@pytest.mark.parametrize('body, content_type', [
    (SENTENCE.encode(), 'text/plain; charset=utf-8'),
    (json.dumps({'error': SENTENCE}).encode(), 'application/json'),
    (json.dumps({'error': SENTENCE, 'code': 404}).encode(), 'application/json'),
    (b'', None),
    (b'', 'text/plain'),
])
def test_tempolor_documented_404_and_an_empty_404_are_an_empty_configuration(body, content_type):
    assert client('tempolor', 404, body, content_type).get_accounts() is None


@pytest.mark.parametrize('body', [b'<html><body>404 Not Found</body></html>',
                                  ('<html><body>%s</body></html>' % SENTENCE).encode()])
def test_an_html_404_stays_an_error(body):
    with pytest.raises(ApiError, match='HTTP 404.*check api_url'):
        client('tempolor', 404, body, 'text/html').get_accounts()


@pytest.mark.parametrize('name', [name for name in SERVICE_NAMES if not service(name)['empty_404_body']])
def test_an_empty_404_is_an_error_where_the_page_documents_a_body(name):
    assert not _says_not_configured(b'', service(name))
    if service(name)['empty'] == '404':
        with pytest.raises(ApiError, match='HTTP 404'):
            client(name, 404, b'', None).get_accounts()


@pytest.mark.parametrize('name', [name for name in SERVICE_NAMES if service(name)['empty'] == '404'])
def test_every_service_with_a_404_for_empty_documents_its_sentence(name):
    entry = service(name)
    assert entry['empty_404']
    for sentence in entry['empty_404']:
        assert _says_not_configured(json.dumps({'error': sentence + '.'}).encode(), entry)
