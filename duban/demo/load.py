"""Loading the demo: the Jiaxing organization tree, the seed table published, demo accounts."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from duban.accounts.models import GOVERNMENT_ROLES, Role
from duban.accounts.services import user_create
from duban.core.audit import SYSTEM
from duban.ledger.models import Plan
from duban.orgs.models import Department
from duban.orgs.selectors import government_get
from duban.orgs.services import government_structure_load
from duban.publishing.selectors import publication_summary
from duban.publishing.services import imported_period_publish
from duban.reporting.progress_table.driver import progress_table_load
from duban.reporting.services.periods import period_open

from .jiaxing import JIAXING_ALIASES, JIAXING_GROUPS, JIAXING_NAME, JIAXING_UNITS
from .seed import SEED_FILE, SEED_PERIOD, SEED_YEAR


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str
    department: str

    def as_dict(self) -> dict[str, str]:
        return {
            "username": self.username,
            "password": self.password,
            "role": self.role,
            "department": self.department,
        }


DEMO_ACCOUNTS = [
    DemoAccount("office_admin", "Duban-admin-2021", "office_admin", ""),
    DemoAccount("reviewer", "Duban-review-2021", "reviewer", ""),
    DemoAccount("leader", "Duban-leader-2021", "leader", ""),
    DemoAccount("fgw_liaison", "Duban-fgw-2021", "liaison", "市发展改革委"),
    DemoAccount("fgw_head", "Duban-fgwhead-2021", "head", "市发展改革委"),
    DemoAccount("sw_liaison", "Duban-sw-2021", "liaison", "市商务局"),
    DemoAccount("sw_head", "Duban-swhead-2021", "head", "市商务局"),
    DemoAccount("nanhu_liaison", "Duban-nanhu-2021", "liaison", "南湖区政府"),
    DemoAccount("sysadmin", "Duban-sys-2021", "system_admin", ""),
    DemoAccount("secadmin", "Duban-sec-2021", "security_admin", ""),
    DemoAccount("auditor", "Duban-audit-2021", "audit_admin", ""),
]
DEMO_NAMES = {
    "office_admin": "督查室管理员",
    "reviewer": "督查室审核员",
    "leader": "市领导",
    "liaison": "联络员",
    "head": "负责人",
    "system_admin": "系统管理员",
    "security_admin": "安全管理员",
    "audit_admin": "审计管理员",
}
DEMO_PERIOD = "1-9月"


def demo_is_loaded() -> bool:
    return Plan.objects.exists()


@transaction.atomic
def demo_load() -> dict[str, Any]:
    """Load everything a newcomer needs to see a real ledger; idempotent. The import's summary."""
    government_structure_load(
        name=JIAXING_NAME,
        units=JIAXING_UNITS,
        aliases=JIAXING_ALIASES,
        groups=JIAXING_GROUPS,
        actor=SYSTEM,
    )
    outcome = progress_table_load(
        name=SEED_FILE.name,
        data=SEED_FILE.read_bytes(),
        government=JIAXING_NAME,
        year=SEED_YEAR,
        period=SEED_PERIOD,
        as_of=datetime.date(2021, 6, 30),
        actor=SYSTEM,
    )
    summary = outcome.summary()
    if outcome.period is not None:
        publication = imported_period_publish(
            period=outcome.period, page_meta=outcome.preview.meta, actor=SYSTEM
        )
        summary["published"] = publication_summary(publication)
    government = government_get(name=JIAXING_NAME)
    for account in DEMO_ACCOUNTS:
        department = (
            Department.objects.get(government=government, name=account.department)
            if account.department
            else None
        )
        user_create(
            username=account.username,
            password=account.password,
            role=account.role,
            department=department,
            # The office and leaders are 嘉兴市's; the administrators stay instance-wide
            # (decision 0030).
            government=government if account.role in GOVERNMENT_ROLES else None,
            display_name=(department.name if department else "") + DEMO_NAMES[account.role],
            is_superuser=account.role in {Role.OFFICE_ADMIN, Role.SYSTEM_ADMIN},
            actor=SYSTEM,
        )
    plan = Plan.objects.get(government=government, year=SEED_YEAR)
    if not plan.periods.filter(label=DEMO_PERIOD).exists():
        today = timezone.localdate()
        period_open(
            plan=plan,
            label=DEMO_PERIOD,
            as_of=datetime.date(2021, 9, 30),
            due_date=today + datetime.timedelta(days=7),
            actor=SYSTEM,
        )
    return summary
