"""The organization tree: aliases, groups, one unit per name, audit events."""

import pytest

from duban.core.audit import SYSTEM
from duban.core.exceptions import DomainError
from duban.core.models import AuditEvent
from duban.demo.jiaxing import JIAXING_ALIASES, JIAXING_GROUPS, JIAXING_NAME, JIAXING_UNITS
from duban.orgs.models import Department, DepartmentKind
from duban.orgs.selectors import DepartmentDirectory, government_get
from duban.orgs.services import (
    department_alias_add,
    department_create,
    government_get_or_create,
    government_structure_load,
    group_members_set,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def jiaxing():
    return government_structure_load(
        name=JIAXING_NAME,
        units=JIAXING_UNITS,
        aliases=JIAXING_ALIASES,
        groups=JIAXING_GROUPS,
        actor=SYSTEM,
    )


@pytest.mark.parametrize(
    ("printed", "canonical"),
    [
        ("交通运输局", "市交通运输局"),
        ("生态环境局", "市生态环境局"),
        ("经信局", "市经信局"),
        ("市交通运输局", "市交通运输局"),
        # Without an explicit alias, the spelling without 市 still finds the unit.
        ("商务局", "市商务局"),
        ("各县(市、区)政府", "各县(市、区)政府"),
    ],
)
def test_directory_resolves_aliases_and_municipal_spellings(jiaxing, printed, canonical):
    directory = DepartmentDirectory.for_government(jiaxing)
    unit = directory.resolve(printed)
    assert unit is not None
    assert unit.name == canonical


def test_directory_does_not_invent_units(jiaxing):
    assert DepartmentDirectory.for_government(jiaxing).resolve("市不存在局") is None


def test_group_is_one_unit_whose_members_are_the_county_governments(jiaxing):
    group = Department.objects.get(government=jiaxing, name="各县(市、区)政府")
    assert group.kind == DepartmentKind.GROUP
    assert sorted(group.members.values_list("name", flat=True)) == sorted(JIAXING_UNITS["county"])
    assert all(m.kind == DepartmentKind.COUNTY for m in group.members.all())


def test_structure_load_is_idempotent(jiaxing):
    count = Department.objects.count()
    government_structure_load(
        name=JIAXING_NAME,
        units=JIAXING_UNITS,
        aliases=JIAXING_ALIASES,
        groups=JIAXING_GROUPS,
        actor=SYSTEM,
    )
    assert Department.objects.count() == count


def test_department_create_refuses_a_second_unit_of_the_same_name(jiaxing):
    with pytest.raises(DomainError, match="已存在"):
        department_create(government=jiaxing, name="市商务局", actor=SYSTEM)


def test_alias_cannot_point_two_ways(jiaxing):
    other = Department.objects.get(government=jiaxing, name="市商务局")
    with pytest.raises(DomainError, match="已指向"):
        department_alias_add(department=other, alias="交通运输局", actor=SYSTEM)


def test_alias_cannot_be_another_units_name(jiaxing):
    unit = Department.objects.get(government=jiaxing, name="市商务局")
    with pytest.raises(DomainError, match="正式名称"):
        department_alias_add(department=unit, alias="市财政局", actor=SYSTEM)


def test_group_members_only_for_groups(jiaxing):
    unit = Department.objects.get(government=jiaxing, name="市商务局")
    with pytest.raises(DomainError, match="不是单位组"):
        group_members_set(group=unit, members=[], actor=SYSTEM)


def test_writes_are_audited(jiaxing):
    units_and_groups = sum(len(v) for v in JIAXING_UNITS.values()) + len(JIAXING_GROUPS)
    assert AuditEvent.objects.filter(verb="orgs.department_create").count() == units_and_groups
    assert AuditEvent.objects.filter(verb="orgs.alias_add").count() == len(JIAXING_ALIASES)


def test_government_lookup_accepts_full_name(jiaxing):
    assert government_get(name="嘉兴市人民政府") == jiaxing
    assert government_get_or_create(name="嘉兴市", actor=SYSTEM) == jiaxing
