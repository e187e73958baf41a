"""Who is asking: the client's address as the sign-in lock-out and the audit trail record it.

Behind nginx every request comes from the proxy, so REMOTE_ADDR alone would lock out (and
audit) the proxy instead of the person. X-Forwarded-For is believed only when the request
comes from an address listed in DUBAN_TRUSTED_PROXIES; anyone else could write that header.
"""

import ipaddress
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry)


def _is_trusted(address: str, networks: Iterable[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request: Any) -> str:
    """The client's IP address: REMOTE_ADDR, or the forwarded one when a trusted proxy sent it.

    X-Forwarded-For is read from the right: each trusted proxy appends the address it saw, so
    the first address from the right that is not a trusted proxy is the client. Addresses left
    of it were written by the client itself and prove nothing.
    """
    remote = str(request.META.get("REMOTE_ADDR", ""))
    networks = _networks(tuple(getattr(settings, "DUBAN_TRUSTED_PROXIES", ())))
    if not networks or not _is_trusted(remote, networks):
        return remote
    forwarded = [
        hop.strip()
        for hop in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
        if hop.strip()
    ]
    for hop in reversed(forwarded):
        if not _is_trusted(hop, networks):
            return hop
    return forwarded[0] if forwarded else remote
