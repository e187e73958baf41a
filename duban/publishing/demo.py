"""Demo data: the Jiaxing organization tree, the seed table published, and demo accounts."""

import datetime
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from duban.core.audit import record_event
from duban.ledger.models import Plan
from duban.orgs.demo_data import JIAXING_ALIASES, JIAXING_GROUPS, JIAXING_NAME, JIAXING_UNITS
from duban.orgs.services import government_structure_load

from .table_commands import TableImportOutcome, table_import

SEED_FILE = (
    Path(__file__).resolve().parent.parent
    / "reporting"
    / "tests"
    / "fixtures"
    / ("jiaxing-2021-h1.txt")
)


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
    DemoAccount("office_admin", "Duban-demo-2021", "office_admin", "市政府办公室"),
]


def demo_is_loaded() -> bool:
    return Plan.objects.exists()


@transaction.atomic
def demo_load() -> TableImportOutcome:
    """Load everything a newcomer needs to see a real ledger; idempotent."""
    government_structure_load(
        name=JIAXING_NAME, units=JIAXING_UNITS, aliases=JIAXING_ALIASES, groups=JIAXING_GROUPS
    )
    outcome = table_import(
        name=SEED_FILE.name,
        data=SEED_FILE.read_bytes(),
        government=JIAXING_NAME,
        year=2021,
        period="上半年",
        as_of=datetime.date(2021, 6, 30),
        publish=True,
    )
    user_model = get_user_model()
    for account in DEMO_ACCOUNTS:
        if not user_model.objects.filter(username=account.username).exists():
            user = user_model.objects.create_superuser(
                username=account.username, password=account.password, email=""
            )
            user.first_name = "督查室管理员"
            user.save(update_fields=["first_name"])
            record_event(
                actor=None, verb="accounts.demo_create", target=user, after={"role": account.role}
            )
    return outcome
