"""API throttles that count per client address as the sign-in lock-out sees it.

DRF's own throttles key anonymous requests on REMOTE_ADDR, which behind nginx is the proxy:
the whole city would share one allowance. `client_address` believes X-Forwarded-For only from
DUBAN_TRUSTED_PROXIES. Counts live in the shared cache (CACHES), so every app server agrees.
"""

from typing import Any

from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle

from duban.core.http import client_address


class _ByClientAddress:
    def get_ident(self, request: Any) -> str:
        return client_address(request) or str(request.META.get("REMOTE_ADDR", ""))


class AnonAddressRateThrottle(_ByClientAddress, AnonRateThrottle):
    """Anonymous API requests, per client address (rate `anon`)."""


class SignInRateThrottle(_ByClientAddress, ScopedRateThrottle):
    """Token sign-ins, per client address (rate `sign_in`, set by the view's throttle_scope)."""
