"""Template tags every page uses: the navigation, status badges, percentages."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString

from duban.core.navigation import NavLink, nav_links
from duban.core.status import STATUS_COLOURS, TaskStatus

register = template.Library()


@register.simple_tag
def nav_modules(request: HttpRequest) -> list[NavLink]:
    """The left navigation: only the modules the signed-in user may use."""
    return nav_links(request)


@register.simple_tag
def status_badge(status: str, label: str = "") -> SafeString:
    """A status as colour and text (never colour alone)."""
    if not status:
        return format_html('<span class="status status-none">{}</span>', label or "—")
    text = label or TaskStatus(status).label
    return format_html(
        '<span class="status status-{}">{}</span>', STATUS_COLOURS.get(status, "grey"), text
    )


@register.filter
def percent(value: float | Decimal | None, places: int = 1) -> str:
    """A share as government documents print it: 0.8 → 80.0%."""
    if value is None:
        return "—"
    quantum = Decimal(1).scaleb(-places)
    number = (Decimal(str(value)) * 100).quantize(quantum, rounding=ROUND_HALF_UP)
    return f"{number}%"
