"""A stand-in for the useapi.net accounts API: every service, on one loopback port.

The live LTX Studio API was retired and the other services cost a subscription, so this server
is what the collection's tests, demo and benchmark talk to. It answers like each service's
documented examples (see services.py) and never imports the collection.

    from standin import StandIn

    with StandIn(services={"kling": "tests/fixtures/kling/mixed.json"}, token="t") as srv:
        requests.get(srv.service_url("kling") + "/accounts", headers={"Authorization": "Bearer t"})

Per service, under its root (``/v1/ltxstudio``, ``/v1/kling``, ``/v2/pixverse`` ...):
``GET /accounts`` (404 "Configuration not found ..." or ``{}`` when empty), ``GET /accounts/{id}``,
``POST /accounts`` or ``POST /accounts/{id}`` (create or update), ``DELETE /accounts/{id}``;
and ``GET /v2/account`` (subscription and per-service account counts). Every call needs
``Authorization: Bearer <token>`` exactly.

StandIn(accounts=None, token="test-token", host="127.0.0.1", port=0, ssl_context=None, now=None,
subscription=True, delete_status=204, identities=None, services=None, record_limit=None, mask_keep=2):

- ``services``: {name: configuration}; a configuration is a dict keyed by id (placeholders
  rendered), a JSON fixture path, or None (no configuration). ``accounts`` is the LTX Studio one.
- ``identities``: credential -> id, for the POSTs whose id comes from the credentials: the LTX
  cookie's lt_id, the MiniMax token, the Google Flow cookies, the Flow Music refresh_token, the
  Mureka sessionCookie (its value), the TemPolor requestParams (as compact sorted JSON). Unknown
  credentials get a stable made-up id; a credential POSTed again updates the same account.
- ``now``: the instant placeholders and POSTs use (None: the real time); ``subscription=False``:
  POSTs answer 402; ``delete_status``: LTX Studio's DELETE status (204, or 200 with a body).
- ``mask_keep``: how many characters of the local part Google Flow's list keys keep (2, as in
  the revision of Nov 17, 2025; 1, ``a***@gmail.com``, as since Dec 1, 2025).

Faults: ``add_fault(kind, times=1, method=None, path=None, **params)``, see faults.py.
Command line: ``python -m standin --help`` (from tests/).
"""

from .faults import FAULT_KINDS, Fault
from .server import RecordedRequest, StandIn, load_fixture
from .services import SECURED, SERVICES, epoch_ms, generate_accounts, iso_utc, mask_email, parse_now, render

__all__ = ["FAULT_KINDS", "SECURED", "SERVICES", "Fault", "RecordedRequest", "StandIn", "epoch_ms",
           "generate_accounts", "iso_utc", "load_fixture", "mask_email", "parse_now", "render"]
