"""Fixtures for every test directory. Helpers live in tests/helpers; no test imports a conftest."""

import pytest

from helpers import PROXY_VARIABLES


@pytest.fixture(autouse=True)
def no_proxy_from_the_outside(monkeypatch):
    """Proxy variables of the machine running the tests must not reroute loopback calls."""
    for key in PROXY_VARIABLES:
        monkeypatch.delenv(key, raising=False)
