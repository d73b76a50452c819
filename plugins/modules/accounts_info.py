#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) useapi.accounts contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: accounts_info
short_description: Read the accounts configuration of one or more useapi.net services
version_added: 2.0.0
description:
  - Reads the accounts configured at useapi.net for each service in O(service) (C(GET <root>/accounts)),
    or one account (C(GET <root>/accounts/{id})), and returns each as the fact C(<service>_accounts)
    (C(-) becomes C(_)), for example RV(ansible_facts.ltxstudio_accounts) or C(google_flow_accounts).
  - Several services are read at once, one request each in parallel, so reading five services
    costs little more than reading one. Every option is checked before the first request. When some
    services fail, the task fails and its message has one line per failed service.
  - Records are normalised so later tasks never handle two forms of one value, and every secret
    the service documents (passwords, tokens, cookie values, request parameters) is masked before it
    leaves the module, whatever the API sent. Which fields those are, per service, is in the
    services guide.
  - An empty configuration (HTTP 404 "Configuration not found", or C({}), as the service documents it)
    is not an error; the fact is then an empty dict.
  - A configuration of more than 20,000 accounts for one service is refused (useapi.net documents at
    most 50 per service; 20,000 is twice the 10,000 the collection is benchmarked at), and so is an
    answer of more than 200,000 JSON objects, before it is read whole.
author:
  - useapi.accounts maintainers (@useapi-accounts)
extends_documentation_fragment:
  - useapi.accounts.connection
  - useapi.accounts.connection.actiongroup_useapi
  - useapi.accounts.attributes
  - useapi.accounts.attributes.info_facts
  - useapi.accounts.attributes.info_module
  - useapi.accounts.masking
options:
  service:
    description:
      - The services to read, by their URL segment. A single name is a list of one.
      - V(ltxstudio) (LTX Studio, retired by useapi.net; still readable where it is served), V(kling),
        V(minimax), V(runwayml) (Runway), V(pixverse) (PixVerse v2), V(google-flow), V(flowmusic)
        (Flow Music), V(dreamina), V(mureka), V(tempolor).
    type: list
    elements: str
    required: true
    aliases: [services]
    choices: [ltxstudio, kling, minimax, runwayml, pixverse, google-flow, flowmusic, dreamina, mureka, tempolor]
  id:
    description:
      - Read only this account, with C(GET <root>/accounts/{id}); only with a single O(service).
      - The id as the service names its accounts, for example an email (LTX Studio, Kling, Runway,
        PixVerse, Google Flow, Flow Music), a numeric account (MiniMax, Mureka), C(US:user@example.com)
        (Dreamina) or a C(user_id) (TemPolor). It is percent-encoded as UTF-8 in the URL.
      - When the API has no such account, the fact is empty.
      - Checked before any request like the C(<service>_account) modules check ids, in the service's
        id format; an empty id, C(.) or C(..) (which would name the list, not an account) or one with
        control characters is refused. An answer that looks like the whole configuration (objects
        keyed like ids) is refused, never shown as one account.
    type: str
  subscription:
    description:
      - Also read the useapi.net subscription (C(GET /v2/account), from the host that O(useapi.accounts.accounts_info#module:base_url)
        names or that the services' URLs share; see M(useapi.accounts.subscription_info)), in parallel with the services,
        into the fact RV(ansible_facts.useapi_subscription).
      - One task then does what M(useapi.accounts.subscription_info) and this module would do in two; each task costs
        ansible-core a module run, which is most of the time of a small read. The role C(useapi.accounts.accounts_check)
        reads this way, and passes the fact to M(useapi.accounts.check).
      - When the subscription cannot be read, the task fails, with one line for it among the failed reads.
    type: bool
    default: false
    version_added: 2.0.0
  fail_on_error:
    description:
      - With V(true), a failed read (or an option error) fails the task, one line per failed read.
      - With V(false), the task does not fail. Each failed read, the subscription's too, is recorded in the fact
        RV(ansible_facts.useapi_read_failures) with its message and a warning is shown, and the reads that worked set
        their facts as usual. M(useapi.accounts.check) takes that fact, reports each failed read as C(unknown) and
        fails, writing every report. This is how the role C(useapi.accounts.accounts_check) reads, so that a failed
        read still replaces the previous run's reports, with two tasks and no C(rescue).
    type: bool
    default: true
    version_added: 2.0.0
notes:
  - >-
    Normalisation: of each timestamp pair whose unit the service documents (LTX Studio's
    C(tokenExpire)/C(tokenExpireUTC), C(updated)/C(updatedUTC), C(refreshTokenExpire)/C(refreshTokenExpireUTC);
    MiniMax's C(jwt.exp)/C(jwt.exp_Expire) and C(jwt.iat)/C(jwt.iat_Issued); Mureka's and TemPolor's
    C(updated)/C(updatedUTC)), a missing member is filled in from the other. Epoch values sent as digit
    strings become numbers. The concurrency cap C(maxJobs) sent as a digit string becomes an integer.
    An ISO string without a time zone is kept as given and never converted (its zone is unknown).
seealso:
  - module: useapi.accounts.ltxstudio_accounts_info
  - module: useapi.accounts.check
  - module: useapi.accounts.subscription_info
  - name: useapi.net API documentation
    description: The services this module reads.
    link: https://useapi.net/docs
'''

EXAMPLES = r'''
- name: Read three services' configurations at once (token from USEAPI_TOKEN)
  useapi.accounts.accounts_info:
    service: [kling, minimax, google-flow]

- name: Show when each Kling session expires
  ansible.builtin.debug:
    msg: "{{ ansible_facts.kling_accounts | dict2items | map(attribute='value.session.ExpireTimeUTC') | list }}"

- name: Read one Dreamina account
  useapi.accounts.accounts_info:
    service: dreamina
    id: "US:render@example.com"
  register: one_account

- name: Read the subscription and two services in one task, then check them
  useapi.accounts.accounts_info:
    service: [kling, minimax]
    subscription: true

- name: Fail on an inactive subscription and on every account problem
  useapi.accounts.check:
    service: [kling, minimax]
    subscription: "{{ ansible_facts.useapi_subscription }}"

- name: Point every service at a stand-in or a proxy
  useapi.accounts.accounts_info:
    service: [ltxstudio, kling]
    base_url: http://127.0.0.1:8080
'''

RETURN = r'''
ansible_facts:
  description: Facts to add to the host's variables, one per service read.
  returned: success
  type: dict
  contains:
    ltxstudio_accounts_read_at:
      description:
        - When the read of C(ltxstudio_accounts) began, in ISO 8601 UTC (C(2026-12-02T18:30:00.000Z)).
          Every service read gets one, named after its fact (C(kling_accounts_read_at), ...).
        - The checks (M(useapi.accounts.check), M(useapi.accounts.ltxstudio_check)) report the age of
          what they judge from it and refuse a configuration read before the current run (see their
          O(useapi.accounts.check#module:max_age)), so a configuration from the fact cache never passes unseen.
      returned: when O(service) holds the service
      type: str
      sample: "2026-12-02T18:30:00.000Z"
      version_added: 2.0.0
    ltxstudio_accounts_read_id:
      description:
        - The O(id) the read asked for, or V(null) when it read the whole configuration. Every service read gets
          one (C(kling_accounts_read_id), ...). The checks use it to tell "this account is absent" from "the service
          has no accounts at all".
      returned: when O(service) holds the service
      type: str
      sample: null
      version_added: 2.0.0
    useapi_read_failures:
      description:
        - The reads that failed, keyed by service name (or V(subscription)), each with C(msg) (what failed, naming
          the method and URL, never the token), C(status) (the last HTTP status, or V(null)) and C(read_at).
        - Empty when every read worked. Always set, so that an earlier run's failures never linger.
      returned: success
      type: dict
      sample: {kling: {msg: "GET https://api.useapi.net/v1/kling/accounts failed with HTTP 503", status: 503,
                       read_at: "2026-12-02T18:30:00.000Z"}}
      version_added: 2.0.0
    ltxstudio_accounts:
      description:
        - The service's accounts keyed by id, each normalised and masked; keys the collection does not
          know are kept. The same holds for C(kling_accounts), C(minimax_accounts), C(runwayml_accounts),
          C(pixverse_accounts), C(google_flow_accounts), C(flowmusic_accounts), C(dreamina_accounts),
          C(mureka_accounts) and C(tempolor_accounts).
        - Empty when the configuration (or the account named by O(id)) does not exist.
      returned: when O(service) holds the service
      type: dict
      sample:
        user@example.com:
          email: user@example.com
          cookie: {lt_id: user12345, lt_token: "\u2026secured\u2026", lt_refresh_token: "\u2026secured\u2026"}
          maxJobs: 20
          tokenExpire: 1751544794000
          tokenExpireUTC: "2025-07-03T12:13:14.000Z"
    useapi_subscription:
      description:
        - The subscription, as M(useapi.accounts.subscription_info) returns it (RV(useapi.accounts.subscription_info#module:active),
          RV(useapi.accounts.subscription_info#module:services), RV(useapi.accounts.subscription_info#module:other_services),
          RV(useapi.accounts.subscription_info#module:max_accounts_per_api)), and C(read_at), when it was read (ISO 8601 UTC).
        - M(useapi.accounts.check) takes it as its O(useapi.accounts.check#module:subscription) and refuses one read before the
          current run, as it refuses stale configurations.
      returned: when O(subscription=true)
      type: dict
      sample:
        active: true
        services: {kling: {total: 3, active: 2, error: 1}}
        other_services: {}
        max_accounts_per_api: 3
        read_at: "2026-12-02T18:30:00.000Z"
      version_added: 2.0.0
count:
  description: How many accounts were returned, over every service.
  returned: success
  type: int
  sample: 5
counts:
  description: How many accounts were returned, per service.
  returned: success
  type: dict
  sample: {kling: 3, minimax: 2}
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.useapi.accounts.plugins.module_utils._argspec import connection_argument_spec
from ansible_collections.useapi.accounts.plugins.module_utils._errors import UseapiError, error_result
from ansible_collections.useapi.accounts.plugins.module_utils._read import read_services
from ansible_collections.useapi.accounts.plugins.module_utils._services import SERVICE_NAMES
from ansible_collections.useapi.accounts.plugins.module_utils._subscription import READ_FAILURES_FACT


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(
        service=dict(type='list', elements='str', required=True, aliases=['services'], choices=list(SERVICE_NAMES)),
        id=dict(type='str'),
        subscription=dict(type='bool', default=False),
        fail_on_error=dict(type='bool', default=True),
    )
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True)
    names = list(dict.fromkeys(module.params['service']))
    if module.params['id'] is not None and len(names) != 1:
        module.fail_json(msg='id names one account of one service, but service lists %d (%s)'
                         % (len(names), ', '.join(names)), changed=False)
    record = not module.params['fail_on_error']
    try:
        facts, counts = read_services(module.params, names, module.params['id'], module.params['subscription'],
                                      record_failures=record, id_option='id')
    except UseapiError as error:
        module.fail_json(**error_result(error, changed=False))
    for key, failure in sorted(facts[READ_FAILURES_FACT].items()):
        module.warn('the read of %s failed (recorded in %s): %s' % (key, READ_FAILURES_FACT, failure['msg']))
    module.exit_json(changed=False, count=sum(counts.values()), counts=counts, ansible_facts=facts)


if __name__ == '__main__':
    main()
