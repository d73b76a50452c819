"""A stand-in for the useapi.net accounts API: every service, on one loopback port (see README.md)."""

from .faults import FAULT_KINDS, Fault
from .server import RecordedRequest, StandIn, load_fixture
from .services import SECURED, SERVICES, epoch_ms, generate_accounts, iso_utc, mask_email, parse_now, render

__all__ = ["FAULT_KINDS", "SECURED", "SERVICES", "Fault", "RecordedRequest", "StandIn", "epoch_ms",
           "generate_accounts", "iso_utc", "load_fixture", "mask_email", "parse_now", "render"]
