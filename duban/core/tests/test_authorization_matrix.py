"""Every URL and API route × every role → the expected status, generated from the URLconf.

A URL added without an entry here fails `test_every_url_has_an_entry`, so nobody ships a
page without deciding who may open it. Roles: anonymous, the office (admin, reviewer), the
leader, and a liaison and head of the lead department of the sample report, plus a liaison of
another department (who must not see that report at all), and the three administrators of
等保三级 (docs/decisions/0026): the 系统管理员 runs the admin site but never reads the audit log,
the 审计管理员 reads the audit log and nothing else, the 安全管理员 neither.
"""

import datetime

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from duban.core.audit import SYSTEM
from duban.core.status import get_profile
from duban.imports.models import ImportBatch
from duban.ledger.services import ChangeAsked, change_request_create
from duban.orgs.services import department_create
from duban.publishing.services import publication_create
from duban.reporting.models import ProgressReport
from duban.reporting.progress_table.apply import progress_table_apply
from duban.reporting.progress_table.preview import progress_table_preview
from duban.reporting.services.periods import period_open
from duban.reporting.services.reports import ReportContent, report_attach, report_save
from duban.supervision.services import slip_issue

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "office_admin",
    "reviewer",
    "leader",
    "liaison",
    "head",
    "other_liaison",
    "system_admin",
    "security_admin",
    "audit_admin",
]

TABLE = (
    "序号,主要工作任务,进展情况,牵头部门,进展状态\n"
    "1,建设轨道上的嘉兴。,1.通车。,市发展改革委、市商务局,按时推进\n"
    "2,扩大消费。,1.增长。,市商务局,部分滞后\n"
)


# The three administrators of 等保三级 see none of the supervision work: refused before any
# object is looked up, so 403 where a stranger to the object would get 404.
ADMINISTRATORS = {"system_admin", "security_admin", "audit_admin"}


def _all(status):
    return dict.fromkeys(ROLES[1:], status)


def _only(status_for_allowed, allowed, others=403, anonymous=302):
    row = {
        role: status_for_allowed if role in allowed else 403 if role in ADMINISTRATORS else others
        for role in ROLES[1:]
    }
    row["anonymous"] = anonymous
    return row


ADMINISTRATORS_REFUSED = dict.fromkeys(ADMINISTRATORS, 403)
SIGNED_IN = {"anonymous": 302, **_all(200), **ADMINISTRATORS_REFUSED}
OFFICE = {"office_admin", "reviewer"}
ADMIN = {"office_admin"}
# 系统管理: the office admin, or the city's separate 系统管理员 (decision 0026).
ACCOUNT_MANAGERS = ADMIN | {"system_admin"}
READERS = {"office_admin", "reviewer", "leader"}
LEAD_DEPARTMENT = {"liaison", "head"}
SEES_REPORT = READERS | LEAD_DEPARTMENT
API_SIGNED_IN = {"anonymous": 401, **_all(200), **ADMINISTRATORS_REFUSED}

# URL name → {role: expected status of a GET}. Object URLs use the sample objects below.
EXPECTED: dict[str, dict[str, int]] = {
    "home": {"anonymous": 302, **_all(302)},
    "favicon": {"anonymous": 302, **_all(302)},  # to the static icon, for everyone
    "accounts:login": {"anonymous": 200, **_all(302)},
    "accounts:logout": {"anonymous": 405, **_all(405)},  # POST only
    "accounts:password_change": {"anonymous": 302, **_all(200)},  # everyone's own password
    "accounts:account_list": _only(200, ACCOUNT_MANAGERS),
    "accounts:account_create": _only(200, ACCOUNT_MANAGERS),
    "accounts:account_edit": _only(200, ACCOUNT_MANAGERS),
    "accounts:account_password_reset": _only(200, ACCOUNT_MANAGERS),
    "accounts:account_unlock": _only(405, ACCOUNT_MANAGERS),  # POST only
    # The second factor (accounts/otp.py): one's own devices, any signed-in role.
    "accounts:otp_setup": {"anonymous": 302, **_all(200)},
    "accounts:otp_verify": {"anonymous": 302, **_all(302)},  # no device yet: to enrolment
    "accounts:otp_backup_codes": {"anonymous": 405, **_all(405)},  # POST only
    # Resetting someone's second factor: the 安全管理员 only (POST).
    "accounts:otp_reset": {**_only(405, {"security_admin"}), "anonymous": 302},
    "reporting:task_list": SIGNED_IN,
    "reporting:task_detail": _only(200, SEES_REPORT, others=404),
    "reporting:task_create": _only(200, ADMIN),
    "reporting:task_edit": _only(200, ADMIN),
    # Only the lead department asks for a change; everyone who sees the task sees the request.
    "reporting:change_request_new": _only(200, LEAD_DEPARTMENT, others=404),
    "reporting:change_request_act": _only(405, SEES_REPORT, others=404),  # POST only
    "reporting:change_evidence_download": _only(200, SEES_REPORT, others=404),
    "reporting:task_closure": _only(200, SEES_REPORT, others=404),
    "reporting:closure_attachment": _only(404, SEES_REPORT, others=404),  # none attached
    "reporting:inbox": _only(200, OFFICE | LEAD_DEPARTMENT | {"other_liaison"}),
    "reporting:report_detail": _only(200, SEES_REPORT, others=404),
    "reporting:report_diff": _only(200, SEES_REPORT, others=404),
    "reporting:attachment_download": _only(200, SEES_REPORT, others=404),
    "reporting:period_list": _only(200, OFFICE),
    "reporting:period_close": _only(404, ADMIN),  # POST only; a GET finds nothing
    "publishing_office:period_list": _only(200, ADMIN),
    "publishing_office:period_publish": _only(200, ADMIN),  # GET: the preview
    "publishing_office:publication_withdraw": _only(302, ADMIN),  # POST only; a GET goes back
    "imports:batch_list": _only(200, ADMIN),
    "imports:batch_detail": _only(200, ADMIN),
    "imports:batch_progress": _only(200, ADMIN),
    # The audit log: the 审计管理员 only — not the office, not the 系统管理员 (decision 0026).
    "audit:audit_list": _only(200, {"audit_admin"}),
    "assessment:review": _only(200, READERS),
    "assessment:disagreement_list": _only(200, READERS),
    "assessment:indicator_review": _only(200, READERS),
    "assessment:status_decide": _only(405, OFFICE),  # POST only
    "supervision:slip_list": SIGNED_IN,  # a department sees its own (我的督办单)
    "supervision:slip_issue": _only(200, OFFICE),
    "supervision:slip_detail": _only(200, SEES_REPORT, others=404),
    "supervision:slip_act": _only(405, SEES_REPORT, others=404),  # POST only
    "supervision:slip_docx": _only(200, SEES_REPORT, others=404),
    "supervision:slip_attachment": _only(404, SEES_REPORT, others=404),  # the slip has none
    "supervision:task_instructions": _only(200, SEES_REPORT, others=404),
    "supervision:proposal_list": _only(200, READERS),
    "supervision:proposals_refresh": _only(405, OFFICE),  # POST only
    "supervision:proposal_decide": _only(405, OFFICE),  # POST only
    "supervision:bulletin_list": _only(200, READERS),
    "supervision:bulletin_create": _only(405, OFFICE),  # POST only
    "supervision:bulletin_download": _only(404, READERS),  # no bulletin in this world
    # appraisal (绩效考核): every role opens it; a department sees only its own unit's lines
    "appraisal:ranking": SIGNED_IN,
    "appraisal:ranking_export": SIGNED_IN,
    "appraisal:scheme": SIGNED_IN,  # read-only except for the office admin (POST)
    # dashboards (驾驶舱): every role; a department sees only its own tasks in the figures
    "dashboards:cockpit": SIGNED_IN,
    "dashboards:task_list": SIGNED_IN,
    "dashboards:changes": SIGNED_IN,
    "api:dashboard": API_SIGNED_IN,
    "notifications:notification_list": {"anonymous": 302, **_all(200)},  # one's own, any role
    "api:token": {"anonymous": 405, **_all(405)},  # POST only, open to all
    "api:logout": {**_all(405), "anonymous": 401},  # POST only, the signed-in owner
    "api:logoutall": {**_all(405), "anonymous": 401},
    "api:period_list": API_SIGNED_IN,
    "api:report_list": API_SIGNED_IN,
    "api:report_detail": {**_only(200, SEES_REPORT, others=404), "anonymous": 401},
    "api:report_submit": {**_all(405), "anonymous": 401},  # POST only
    "api:report_approve": {**_all(405), "anonymous": 401},
    "api:report_return": {**_all(405), "anonymous": 401},
    "api:change_list": API_SIGNED_IN,  # each sees the requests on the tasks it sees
    "api:change_act": {**_all(405), "anonymous": 401},  # POST only
    "api:task_closure": {**_only(200, SEES_REPORT, others=404), "anonymous": 401},
    "api:task_closure_act": {**_all(405), "anonymous": 401},  # POST only
    "api:task_instructions": {**_only(200, SEES_REPORT, others=404), "anonymous": 401},
    "api:instruction_act": {**_all(405), "anonymous": 401},  # POST only
    "healthz": {"anonymous": 200, **_all(200)},  # the load balancer's check
    # The API's description holds no data: any account may read it.
    "api:schema": {"anonymous": 401, **_all(200)},
    "api:docs": {"anonymous": 401, **_all(200)},
    "publishing:publication_list": {"anonymous": 200, **_all(200)},
    "publishing:publication_detail": {"anonymous": 200, **_all(200)},
    "publishing:publication_download": {"anonymous": 200, **_all(200)},
    # Django's admin: only the superusers (the office admin, the 系统管理员) get in; tested on
    # its index. It shows no audit events (core/admin.py).
    "admin:index": {
        **_only(200, ADMIN | {"system_admin"}, others=302),
        "security_admin": 302,
        "audit_admin": 302,
    },
}


def url_names() -> list[str]:
    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace
                joined = f"{namespace}:{inner}" if namespace and inner else inner or namespace
                yield from walk(pattern.url_patterns, joined)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    # The admin's own pages are Django's; its index stands for all of them.
    return sorted(
        {n for n in walk(get_resolver().url_patterns) if not n.startswith("admin:")}
        | {"admin:index"}
    )


def test_every_url_has_an_entry():
    missing = [name for name in url_names() if name not in EXPECTED]
    assert missing == [], f"URL names without an authorization entry: {missing}"


def test_no_entry_for_a_url_that_is_gone():
    assert sorted(set(EXPECTED) - set(url_names())) == []


def build_world(make_user, *, government: str = "嘉兴市", table: str = TABLE, prefix: str = ""):
    """A small plan of `government`: two tasks, the first led by 市发展改革委; 上半年
    published, 1-9月 open; one account of each role, the office and leaders given that
    government (decision 0030), and a report, attachment, change request, slip and batch."""
    preview = progress_table_preview(
        name="t.csv",
        data=table.encode(),
        government_name=government,
        profile=get_profile("jiaxing"),
    )
    first = progress_table_apply(
        preview=preview,
        government_name=government,
        year=2021,
        period_label="上半年",
        as_of=datetime.date(2021, 6, 30),
        actor=SYSTEM,
    )

    def account(role, department=None, *, superuser=False):
        user = make_user(
            role,
            department,
            username=f"{prefix}{role}" if department != "市财政局" else f"{prefix}other_liaison",
            government=government,
        )
        if superuser:
            user.is_staff = user.is_superuser = True
            user.save()
        return user

    admin = account("office_admin", superuser=True)
    assert first.period is not None
    publication = publication_create(
        period=first.period,
        published_at=datetime.datetime(2021, 9, 8, tzinfo=datetime.UTC),
        actor=SYSTEM,
    )
    period = period_open(
        plan=first.plan,
        label="1-9月",
        as_of=datetime.date(2021, 9, 30),
        due_date=datetime.date(2021, 10, 10),
        actor=admin,
    )
    # A department with no task of its own in this plan.
    department_create(government=first.plan.government, name="市财政局", actor=SYSTEM)
    users = {
        "office_admin": admin,
        "reviewer": account("reviewer"),
        "leader": account("leader"),
        "liaison": account("liaison", "市发展改革委"),
        "head": account("head", "市发展改革委"),
        "security_admin": account("security_admin"),
        "audit_admin": account("audit_admin"),
        "system_admin": account("system_admin", superuser=True),
        "other_liaison": account("liaison", "市财政局"),
    }
    report = ProgressReport.objects.get(period=period, task__seq="1")
    report = report_save(
        report=report,
        content=ReportContent(progress="1.开工。"),
        expected_version=report.version,
        actor=users["liaison"],
    )
    attachment = report_attach(
        report=report, name="证明.pdf", data=b"%PDF-1.4\n%%EOF", actor=users["liaison"]
    )
    change = change_request_create(
        task=report.task,
        asked=ChangeAsked(
            text=report.task.text,
            targets_text="",
            deadline=datetime.date(2021, 12, 31),
            deadline_text="",
            reason="项目推迟。",
        ),
        evidence_files=[("批复.pdf", b"%PDF-1.4\n%%EOF")],
        actor=users["liaison"],
        today=datetime.date(2021, 7, 1),
    )
    batch = ImportBatch.objects.create(
        kind="progress_table", original_name="t.csv", params={"government": government}
    )
    return {
        "users": users,
        "report": report,
        "task": report.task,
        "period": period,
        "attachment": attachment,
        "publication": publication,
        "batch": batch,
        "change": change,
        "slip": slip_issue(task=report.task, level="blue", requirements="加快推进。", actor=admin),
    }


@pytest.fixture
def world(make_user):
    return build_world(make_user)


def url_for(name: str, world) -> str:
    report, publication = world["report"], world["publication"]
    account = world["users"]["liaison"].pk
    args = {
        "accounts:account_edit": [account],
        "accounts:account_password_reset": [account],
        "accounts:account_unlock": [account],
        "accounts:otp_reset": [world["users"]["reviewer"].pk],
        "reporting:task_detail": [world["task"].pk],
        "reporting:task_edit": [world["task"].pk],
        "reporting:change_request_new": [world["task"].pk],
        "reporting:change_request_act": [world["change"].pk],
        "reporting:change_evidence_download": [
            world["change"].pk,
            world["change"].attachments.get().pk,
        ],
        "assessment:indicator_review": [world["task"].pk],
        "reporting:task_closure": [world["task"].pk],
        "reporting:closure_attachment": [world["task"].pk, 0],
        "supervision:task_instructions": [world["task"].pk],
        "supervision:slip_detail": [world["slip"].pk],
        "supervision:slip_act": [world["slip"].pk],
        "supervision:slip_docx": [world["slip"].pk],
        "supervision:slip_attachment": [world["slip"].pk, 0],
        "supervision:proposal_decide": [0],
        "supervision:bulletin_download": [0],
        "appraisal:scheme": [world["period"].plan_id],
        # dashboards: no url args (period and filters are query parameters)
        "reporting:report_detail": [report.pk],
        "reporting:report_diff": [report.pk],
        "reporting:attachment_download": [report.pk, world["attachment"].pk],
        "reporting:period_close": [world["period"].pk],
        "publishing_office:period_publish": [world["period"].pk],
        "publishing_office:publication_withdraw": [publication.pk],
        "imports:batch_detail": [world["batch"].pk],
        "imports:batch_progress": [world["batch"].pk],
        "api:report_detail": [report.pk],
        "api:change_act": [world["change"].pk],
        "api:task_closure": [world["task"].pk],
        "api:task_closure_act": [world["task"].pk],
        "api:task_instructions": [world["task"].pk],
        "api:instruction_act": [world["task"].pk, 0],
        "api:report_submit": [report.pk],
        "api:report_approve": [report.pk],
        "api:report_return": [report.pk],
        "publishing:publication_detail": [publication.pk],
        "publishing:publication_download": [publication.pk, "xlsx"],
    }.get(name, [])
    url = reverse(name, args=args)
    return url + "?against=previous" if name == "reporting:report_diff" else url


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_role_matrix(name, world):
    mismatches = []
    for role in ROLES:
        client = Client()
        if role != "anonymous":
            client.force_login(world["users"][role])
        status = client.get(url_for(name, world)).status_code
        if status != EXPECTED[name][role]:
            mismatches.append(f"{role}: got {status}, expected {EXPECTED[name][role]}")
    assert mismatches == [], f"{name}: " + "; ".join(mismatches)
