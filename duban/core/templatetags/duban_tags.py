"""Template tags every page uses: the navigation, status badges, percentages."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from duban.accounts import permissions
from duban.core.status import STATUS_COLOURS, TaskStatus

register = template.Library()


@dataclass(frozen=True)
class Module:
    label: str
    url: str
    active: bool


# (label, url name, URL prefix that marks it active, who may use it)
MODULES = [
    ("我的任务", "reporting:inbox", "/ledger/inbox/", permissions.can_use_inbox),
    ("任务台账", "reporting:task_list", "/ledger/tasks", permissions.can_view_ledger),
    ("填报期次", "reporting:period_list", "/ledger/periods/", permissions.can_review),
    ("状态研判", "assessment:review", "/assessment/", permissions.can_review),
    ("督办", "supervision:slip_list", "/supervision/", permissions.can_view_ledger),
    ("绩效考核", "appraisal:ranking", "/appraisal/", permissions.can_view_ledger),
    ("驾驶舱", "dashboards:cockpit", "/cockpit/", permissions.can_read_everything),
    ("数据导入", "imports:batch_list", "/imports/", permissions.can_import),
    ("政务公开", "publishing_office:period_list", "/publishing/", permissions.can_publish),
    ("审计日志", "audit:audit_list", "/audit/", permissions.can_view_audit),
]


@register.simple_tag
def nav_modules(request: HttpRequest) -> list[Module]:
    """The left navigation: only the modules the signed-in user may use."""
    path = request.path
    return [
        Module(label, reverse(name), path.startswith(prefix) or path == reverse(name))
        for label, name, prefix, allowed in MODULES
        if allowed(request.user)
    ]


@register.simple_tag
def unread_notifications(request: HttpRequest) -> int:
    from duban.notifications.selectors import unread_count_for

    return unread_count_for(user=request.user) if request.user.is_authenticated else 0


@register.filter
def role_label(user: object) -> str:
    from duban.accounts.models import Role

    role = permissions.role_of(user)
    return Role(role).label if role else ""


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
