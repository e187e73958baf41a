"""Which governments an account sees, and adding governments to an instance (decision 0030)."""

import pytest
from django.core.management import CommandError, call_command

from duban.core.audit import SYSTEM
from duban.core.models import AuditEvent
from duban.orgs.models import Department
from duban.orgs.selectors import (
    governments_seen_by,
    reads_government,
    works_for_government,
)
from duban.orgs.services import department_create, government_add, government_get_or_create

pytestmark = pytest.mark.django_db


def government_get(*, name: str) -> Department:
    return Department.objects.get(kind="government", government=None, name=name)


@pytest.fixture
def province():
    """浙江省 over 嘉兴市 and 湖州市, each with a 市发展改革委; 杭州市 outside the province."""
    for city in ("嘉兴市", "湖州市"):
        government_add(name=city, parent_name="浙江省", actor=SYSTEM)
        department_create(government=government_get(name=city), name="市发展改革委", actor=SYSTEM)
    government_get_or_create(name="杭州市", actor=SYSTEM)
    return {name: government_get(name=name).pk for name in ("浙江省", "嘉兴市", "湖州市", "杭州市")}


# role, the account's government, its unit (government, name) → the governments it sees
CASES = [
    ("office_admin", "嘉兴市", None, {"嘉兴市"}),
    ("reviewer", "湖州市", None, {"湖州市"}),
    ("leader", "嘉兴市", None, {"嘉兴市"}),
    ("leader", "浙江省", None, {"浙江省", "嘉兴市", "湖州市"}),
    ("office_admin", "浙江省", None, {"浙江省"}),
    ("liaison", None, ("湖州市", "市发展改革委"), {"湖州市"}),
    ("head", None, ("嘉兴市", "市发展改革委"), {"嘉兴市"}),
    ("office_admin", None, None, set()),  # several governments: it must be given one
    ("leader", None, None, set()),
    ("system_admin", "嘉兴市", None, set()),  # administrators see no government's work
    ("audit_admin", None, None, set()),
]


@pytest.mark.parametrize(("role", "government", "unit", "seen"), CASES)
def test_governments_seen_by(province, make_user, role, government, unit, seen):
    if unit is not None:
        user = make_user(role, unit[1], government=unit[0])
    else:
        user = make_user(role, government=government)
    assert governments_seen_by(user=user) == frozenset(province[name] for name in seen)


def test_a_province_leader_reads_a_city_but_works_for_none(province, make_user):
    leader = make_user("leader", government="浙江省")
    assert reads_government(leader, province["湖州市"])
    assert not works_for_government(leader, province["湖州市"])
    assert not reads_government(leader, province["杭州市"])


def test_one_government_needs_no_saying(make_user):
    government_get_or_create(name="嘉兴市", actor=SYSTEM)
    office = make_user("office_admin")
    assert governments_seen_by(user=office) == {government_get(name="嘉兴市").pk}


def test_a_second_government_keeps_the_first_ones_accounts(make_user):
    first = government_get_or_create(name="嘉兴市", actor=SYSTEM)
    office, leader = make_user("office_admin"), make_user("leader")
    admin = make_user("system_admin")
    government_get_or_create(name="湖州市", actor=SYSTEM)
    for account in (office, leader):
        account.refresh_from_db()
        assert account.government == first
        assert governments_seen_by(user=account) == {first.pk}
    admin.refresh_from_db()
    assert admin.government is None  # an administrator stays instance-wide
    event = AuditEvent.objects.get(verb="orgs.accounts_government_set")
    assert event.after is not None
    assert sorted(event.after["accounts"]) == sorted([office.username, leader.username])


def test_add_government_places_a_city_under_its_province():
    call_command("add_government", "嘉兴市")
    call_command("add_government", "嘉兴市", "--parent", "浙江省")
    jiaxing = government_get(name="嘉兴市")
    assert jiaxing.parent == government_get(name="浙江省")
    assert Department.objects.filter(kind="government", government=None).count() == 2
    assert AuditEvent.objects.filter(verb="orgs.government_parent_set").count() == 1


def test_a_government_cannot_sit_under_itself():
    call_command("add_government", "嘉兴市", "--parent", "浙江省")
    with pytest.raises(CommandError, match="循环"):
        call_command("add_government", "浙江省", "--parent", "嘉兴市")
    with pytest.raises(CommandError, match="循环"):
        call_command("add_government", "浙江省", "--parent", "浙江省")
