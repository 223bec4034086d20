"""The address of the client that sent a request, behind our own reverse proxy.

Behind nginx every request comes from 127.0.0.1; nginx appends the address it was connected
from to ``X-Forwarded-For`` (``$proxy_add_x_forwarded_for``). That header is believed only when
the request comes from a trusted proxy (``CANDLE_TRUSTED_PROXIES``), and then only its
right-most address that is not itself a trusted proxy: anything to the left of it was written by
the client and may be made up. Used by the admin sign-in lockout (``AXES_CLIENT_IP_CALLABLE``)
and the page-password attempt limit (``candle.core.page_password``); use it wherever a client
must be told apart by its address.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)  # ::ffff:203.0.113.9 is 203.0.113.9
    return mapped or address


def _trusted(address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == network.version and address in network for network in networks)


def client_address(request: HttpRequest) -> str:
    """The client's address as text ("" when the request has none that parses)."""
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    if remote is None:
        return ""
    networks = _networks(tuple(getattr(settings, "CANDLE_TRUSTED_PROXIES", ())))
    if not _trusted(remote, networks):
        return str(remote)
    client = remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed(forwarded.split(",")):
        address = _address(hop)
        if address is None:  # not an address: nothing further left can be believed
            break
        client = address
        if not _trusted(address, networks):
            break
    return str(client)
