"""Writing an imported table: all or nothing, one unit per name, re-imports update in place."""

import datetime

import pytest

from duban.core.audit import SYSTEM
from duban.core.exceptions import DomainError
from duban.core.models import AuditEvent
from duban.core.status import TaskStatus, get_profile
from duban.demo.jiaxing import JIAXING_ALIASES, JIAXING_GROUPS, JIAXING_NAME, JIAXING_UNITS
from duban.ledger.models import KeyTask, Plan
from duban.orgs.models import Department, DepartmentAlias
from duban.orgs.services import government_structure_load
from duban.reporting.models import ProgressReport, StatusDecision
from duban.reporting.progress_table.apply import progress_table_apply
from duban.reporting.progress_table.decisions import DepartmentDecision
from duban.reporting.progress_table.preview import progress_table_preview
from duban.reporting.selectors import progress_table_rows

pytestmark = pytest.mark.django_db
JIAXING = get_profile("jiaxing")
AS_OF = datetime.date(2021, 6, 30)
HEADER = "序号,主要工作任务,进展情况,牵头部门,进展状态\r\n"


def apply(data: bytes, name: str = "t.csv", decisions=None, period: str = "上半年"):
    preview = progress_table_preview(
        name=name, data=data, government_name="嘉兴市", profile=JIAXING
    )
    return progress_table_apply(
        preview=preview,
        government_name="嘉兴市",
        year=2021,
        period_label=period,
        as_of=AS_OF,
        decisions=decisions,
        # These tests replace the seed's tasks on purpose: the office chose "update".
        on_conflict="update",
        actor=SYSTEM,
    )


def test_seed_import_builds_the_ledger(seed_period):
    plan = seed_period.plan
    assert plan.title == "2021年嘉兴市政府工作报告重点工作及政府绩效考核执行情况"
    assert KeyTask.objects.filter(plan=plan).count() == 100
    assert KeyTask.objects.filter(plan=plan, parent__isnull=False).count() == 4
    sub = KeyTask.objects.get(plan=plan, parent__seq="11")
    assert sub.seq == ""
    assert sub.position == 12
    task8 = KeyTask.objects.get(plan=plan, seq="8")
    lead = task8.responsibilities.get(position=0)
    assert lead.department.name == "市发展改革委"
    assert lead.is_lead
    assert ProgressReport.objects.filter(period=seed_period).count() == 100
    statuses = StatusDecision.objects.filter(period=seed_period)
    assert statuses.filter(status=TaskStatus.ON_TRACK).count() == 88
    assert statuses.get(task__seq="14").status == ""


def test_founding_import_makes_one_unit_per_name(seed_period):
    government = seed_period.plan.government
    # 交通运输局 and 市交通运输局 are one unit; so are 经信局/市经信局 and 生态环境局/市生态环境局.
    for short, full in JIAXING_ALIASES.items():
        assert not Department.objects.filter(government=government, name=short).exists()
        alias = DepartmentAlias.objects.get(government=government, alias=short)
        assert alias.department.name == full
    task9 = KeyTask.objects.get(plan=seed_period.plan, seq="9")
    assert task9.responsibilities.get().department.name == "市交通运输局"
    assert task9.responsibilities.get().printed_name == "交通运输局"
    group = Department.objects.get(government=government, name="各县(市、区)政府")
    assert group.members.count() == 7


def test_import_into_known_tree_matches_every_unit(seed_bytes):
    government_structure_load(
        name=JIAXING_NAME,
        units=JIAXING_UNITS,
        aliases=JIAXING_ALIASES,
        groups=JIAXING_GROUPS,
        actor=SYSTEM,
    )
    before = Department.objects.count()
    apply(seed_bytes, name="seed.txt")
    assert Department.objects.count() == before


def test_unknown_unit_blocks_until_decided(seed_period):
    data = (HEADER + "1,任务。,进展。,市新设局,按时推进\r\n").encode()
    with pytest.raises(DomainError, match="市新设局"):
        apply(data, period="1-9月")
    assert not KeyTask.objects.filter(text="任务。").exists()
    commerce = Department.objects.get(name="市商务局")
    apply(data, period="1-9月", decisions={"市新设局": DepartmentDecision("map", commerce.pk)})
    assert DepartmentAlias.objects.get(alias="市新设局").department == commerce


def test_decision_to_create_a_unit(seed_period):
    data = (HEADER + "1,任务。,进展。,市新设局,按时推进\r\n").encode()
    apply(data, period="1-9月", decisions={"市新设局": DepartmentDecision("create")})
    assert Department.objects.filter(name="市新设局").count() == 1


def test_problems_write_nothing():
    data = (HEADER + "1,任务。,进展。,市商务局,进度很快\r\n").encode()
    with pytest.raises(DomainError, match="1处问题"):
        apply(data)
    assert not Plan.objects.exists()
    assert not Department.objects.exists()


def test_failure_midway_rolls_everything_back(seed_period, monkeypatch):
    """A failure after some rows were written leaves the ledger as it was."""
    from duban.reporting.progress_table import apply as services

    original = services.status_decision_set
    calls = {"n": 0}

    def failing(**kwargs):
        calls["n"] += 1
        if calls["n"] == 50:
            raise RuntimeError("disk full")
        return original(**kwargs)

    monkeypatch.setattr(services, "status_decision_set", failing)
    changed = [r.progress for r in progress_table_rows(period=seed_period)]
    data = HEADER + "".join(
        f"{i},任务{i}。,新进展{i}。,市商务局,按时推进\r\n" for i in range(1, 97)
    )
    with pytest.raises(RuntimeError):
        apply(data.encode())
    assert [r.progress for r in progress_table_rows(period=seed_period)] == changed


def test_reimport_updates_in_place_and_audits_changes(seed_period, seed_bytes):
    text = seed_bytes.decode().replace("3.口支援", "3.对口支援")
    task7 = KeyTask.objects.get(plan=seed_period.plan, seq="7")
    events = AuditEvent.objects.count()
    result = apply(text.encode(), name="seed.txt")
    assert result.tasks_created == 0
    assert result.tasks_updated == 100
    assert KeyTask.objects.get(pk=task7.pk).reports.get().progress.count("3.对口支援") == 1
    updates = AuditEvent.objects.filter(verb="reporting.report_update")
    assert updates.count() == 1
    before = updates.get().before
    assert before is not None
    assert "3.口支援" in before["progress"]
    # Unchanged rows write no events: one report update plus the import itself.
    assert AuditEvent.objects.count() == events + 2


def test_second_period_reuses_tasks(seed_period, seed_bytes):
    apply(seed_bytes, name="seed.txt", period="1-9月")
    assert KeyTask.objects.filter(plan=seed_period.plan).count() == 100
    assert ProgressReport.objects.filter(task__plan=seed_period.plan).count() == 200


def test_table_rows_reproduce_the_seed_in_order(seed_period):
    rows = progress_table_rows(period=seed_period)
    assert [r.seq for r in rows[:13]] == [str(i) for i in range(1, 12)] + ["", "12"]
    assert rows[0].departments == ["嘉善县政府", "长三角发展办"]
    assert rows[0].departments_text == "嘉善县政府、\n长三角发展办"
