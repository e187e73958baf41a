"""Score numbers as score sheets print them."""

from decimal import Decimal

from django import template

from duban.appraisal.scoring import format_points

register = template.Library()


@register.filter
def points(value: Decimal | None) -> str:
    """Two decimals: 10.00, -1.00, 0.80 (never -0.00)."""
    return "—" if value is None else format_points(value)


@register.filter
def signed_points(value: Decimal | None) -> str:
    """A line's points with their sign, so additions and deductions read apart: +0.80, -1.00."""
    if value is None:
        return "—"
    text = format_points(value)
    return text if text.startswith("-") or text == "0.00" else f"+{text}"
