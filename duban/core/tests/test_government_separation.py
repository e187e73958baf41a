"""Many governments, one instance (docs/decisions/0030): the URL × role matrix again, across
two cities under one province.

嘉兴市 and 湖州市 each get the authorization matrix's whole world — the same unit names, the
same roles, a report, an attachment, a change request, a slip, an import batch — and 浙江省
sits above both. Every role of 嘉兴 asks for every one of 湖州's objects (GET, and POST where
the URL writes) and must find nothing; every page and API list it opens must not name 湖州;
the province's leader reads both cities and acts in neither.
"""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import NoReverseMatch, reverse
from openpyxl import load_workbook

from duban.core.audit import SYSTEM
from duban.ledger.models import KeyTask, Plan
from duban.orgs.models import Department
from duban.orgs.services import government_add
from duban.publishing.models import Publication
from duban.reporting.choices import PeriodState, ReportState
from duban.reporting.models import ReportingPeriod
from duban.reporting.services.reports import report_act
from duban.supervision.models import SupervisionSlip

from .test_authorization_matrix import EXPECTED, ROLES, build_world, url_for

pytestmark = pytest.mark.django_db

# 湖州's own tasks: a word no page of 嘉兴 may print.
HUZHOU_MARK = "南太湖"
HUZHOU_TABLE = (
    "序号,主要工作任务,进展情况,牵头部门,进展状态\n"
    "1,建设南太湖新区。,1.开工。,市发展改革委、市商务局,按时推进\n"
    "2,做强南太湖数字经济。,1.增长。,市商务局,部分滞后\n"
)
JIAXING_MARK = "轨道上的嘉兴"
PUBLIC = ("publishing:", "healthz", "api:schema", "api:docs", "favicon", "home")
# The audit log is the instance's, read by its one 审计管理员 (decision 0030): it records
# every government's events by design.
INSTANCE_WIDE = ("audit:",)


@pytest.fixture
def cities(make_user):
    jiaxing = build_world(make_user)
    huzhou = build_world(make_user, government="湖州市", table=HUZHOU_TABLE, prefix="hz_")
    # 湖州's report waits for 湖州's office: a to-do that must not reach 嘉兴's (我的任务).
    for action, role in (("submit", "liaison"), ("approve", "head")):
        huzhou["report"] = report_act(
            report=huzhou["report"], action=action, actor=huzhou["users"][role]
        )
    assert huzhou["report"].state == ReportState.SUBMITTED
    government_add(name="嘉兴市", parent_name="浙江省", actor=SYSTEM)
    government_add(name="湖州市", parent_name="浙江省", actor=SYSTEM)
    province_leader = make_user("leader", username="province_leader", government="浙江省")
    return jiaxing, huzhou, province_leader


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _object_urls(jiaxing, huzhou) -> list[str]:
    """The URL names that open one object (their URL differs between the two worlds)."""
    return [
        name
        for name in sorted(EXPECTED)
        if not name.startswith(PUBLIC) and url_for(name, jiaxing) != url_for(name, huzhou)
    ]


def test_every_object_of_another_government_is_not_found(cities):
    jiaxing, huzhou, _province = cities
    names = _object_urls(jiaxing, huzhou)
    assert len(names) >= 30, names  # the check reaches every object page
    leaks = []
    for role in ROLES[1:]:
        client = _client(jiaxing["users"][role])
        for name in names:
            expected_here = EXPECTED[name][role]
            status = client.get(url_for(name, huzhou)).status_code
            # Where the role opens its own government's object, the other's is not found;
            # where it is refused or the URL takes no GET, the answer of home or not found.
            wanted = {404} if expected_here == 200 else {expected_here, 404}
            if status not in wanted:
                leaks.append(f"{role} {name}: {status}, expected {sorted(wanted)}")
    assert leaks == []


def _list_urls() -> list[str]:
    return [
        name
        for name in sorted(EXPECTED)
        if not name.startswith(PUBLIC + INSTANCE_WIDE) and not _takes_args(name)
    ]


def _takes_args(name: str) -> bool:
    try:
        reverse(name)
    except NoReverseMatch:
        return True
    return False


def _text(response) -> str:
    """What a response shows: the page or JSON, or every cell of a spreadsheet export."""
    if "spreadsheet" not in response.get("Content-Type", ""):
        return response.content.decode()
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    return " ".join(
        str(cell)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    )


def test_no_page_or_api_list_names_another_government(cities):
    jiaxing, huzhou, _province = cities
    names = _list_urls()
    assert {"reporting:task_list", "dashboards:cockpit", "api:report_list"} <= set(names)
    period, plan = huzhou["period"], huzhou["period"].plan
    leaks = []
    for role in ROLES[1:]:
        client = _client(jiaxing["users"][role])
        for name in names:
            if EXPECTED[name][role] != 200:
                continue
            base = reverse(name)
            for url in (base, f"{base}?period={period.pk}", f"{base}?plan={plan.pk}"):
                response = client.get(url)
                body = _text(response)
                if response.status_code >= 500 or HUZHOU_MARK in body or "湖州" in body:
                    leaks.append(f"{role} {url}: {response.status_code}")
    assert leaks == []


def test_each_office_sees_its_own_city(cities):
    jiaxing, huzhou, _province = cities
    for world, own, other in ((jiaxing, JIAXING_MARK, HUZHOU_MARK), (huzhou, HUZHOU_MARK, "嘉兴")):
        page = _client(world["users"]["office_admin"]).get(reverse("reporting:task_list"))
        body = page.content.decode()
        assert own in body
        assert other not in body


def _post(client: Client, name: str, world, data=None) -> int:
    return client.post(url_for(name, world), data or {}).status_code


def test_no_write_reaches_another_government(cities):
    jiaxing, huzhou, _province = cities
    office = _client(jiaxing["users"]["office_admin"])
    period = huzhou["period"]
    refused = {
        "reporting:period_close": _post(office, "reporting:period_close", huzhou),
        "publishing_office:period_publish": _post(
            office,
            "publishing_office:period_publish",
            huzhou,
            {"published_at": "2021-10-12T10:00", "source": "市政府办公室"},
        ),
        "publishing_office:publication_withdraw": _post(
            office, "publishing_office:publication_withdraw", huzhou, {"note": "撤回。"}
        ),
        "supervision:slip_act": _post(office, "supervision:slip_act", huzhou, {"action": "close"}),
        "reporting:change_request_act": _post(
            office, "reporting:change_request_act", huzhou, {"action": "approve"}
        ),
        "assessment:status_decide": office.post(
            reverse("assessment:status_decide"),
            {"period": period.pk, "task": huzhou["task"].pk, "choice": "AHEAD"},
        ).status_code,
        "supervision:bulletin_create": office.post(
            reverse("supervision:bulletin_create"), {"period": period.pk}
        ).status_code,
        "supervision:proposals_refresh": office.post(
            reverse("supervision:proposals_refresh"), {"period": period.pk}
        ).status_code,
        "api:report_approve": _post(office, "api:report_approve", huzhou),
        "api:report_return": _post(office, "api:report_return", huzhou, {"reason": "退回。"}),
        "api:change_act": _post(office, "api:change_act", huzhou, {"action": "approve"}),
        "accounts:account_edit": _post(
            office, "accounts:account_edit", huzhou, {"role": "reviewer", "is_active": "on"}
        ),
        "accounts:account_unlock": _post(office, "accounts:account_unlock", huzhou),
        "accounts:otp_reset": _post(
            _client(jiaxing["users"]["security_admin"]), "accounts:otp_reset", huzhou
        ),
    }
    assert {name: status for name, status in refused.items() if status != 404} == {}
    # and nothing of 湖州 changed
    period.refresh_from_db()
    assert period.state == PeriodState.OPEN
    assert Publication.objects.filter(period__plan=period.plan).count() == 1
    assert Publication.objects.filter(pk=huzhou["publication"].pk, withdrawal=None).exists()
    assert SupervisionSlip.objects.get(pk=huzhou["slip"].pk).state == huzhou["slip"].state
    assert (
        huzhou["users"]["liaison"].__class__.objects.get(pk=huzhou["users"]["liaison"].pk).role
        == "liaison"
    )


def test_the_province_reads_every_city_and_acts_in_none(cities):
    jiaxing, huzhou, province_leader = cities
    client = _client(province_leader)
    plans = client.get(reverse("reporting:task_list")).context["plans"]
    assert {plan.government.name for plan in plans} == {"嘉兴市", "湖州市"}
    for world, mark in ((jiaxing, JIAXING_MARK), (huzhou, HUZHOU_MARK)):
        assert client.get(url_for("reporting:task_detail", world)).status_code == 200
        cockpit = client.get(reverse("dashboards:cockpit"), {"period": world["period"].pk})
        assert cockpit.status_code == 200
        tasks = client.get(reverse("reporting:task_list"), {"plan": world["period"].plan_id})
        assert mark in tasks.content.decode()
    # Reading is not acting: a city's change request waits for that city's own leader.
    assert _post(client, "reporting:change_request_act", huzhou, {"action": "approve"}) in (
        302,
        403,
        404,
    )
    change = huzhou["change"].__class__.objects.get(pk=huzhou["change"].pk)
    assert change.state == huzhou["change"].state


def test_an_office_creates_accounts_of_its_own_government_only(cities):
    jiaxing, _huzhou, _province = cities
    office = _client(jiaxing["users"]["office_admin"])
    huzhou_unit = Department.objects.get(government__name="湖州市", name="市发展改革委")
    jiaxing_unit = Department.objects.get(government__name="嘉兴市", name="市发展改革委")
    page = office.get(reverse("accounts:account_create")).content.decode()
    assert f'value="{jiaxing_unit.pk}"' in page
    assert f'value="{huzhou_unit.pk}"' not in page
    posted = {
        "username": "new_liaison",
        "first_name": "张三",
        "role": "liaison",
        "department": huzhou_unit.pk,
        "new_password1": "Lantern-river-2024",
        "new_password2": "Lantern-river-2024",
    }
    refused = office.post(reverse("accounts:account_create"), posted)
    assert refused.status_code == 200  # the form again, with the error
    assert "new_liaison" not in {u.username for u in jiaxing["users"].values()}
    assert not huzhou_unit.users.filter(username="new_liaison").exists()
    # An office reviewer posted with another government stays in the office's own.
    office.post(
        reverse("accounts:account_create"),
        {
            **posted,
            "username": "new_reviewer",
            "role": "reviewer",
            "department": "",
            "government": huzhou_unit.government_id,
        },
    )
    created = get_user_model().objects.get(username="new_reviewer")
    assert created.government_id == jiaxing_unit.government_id


def test_an_office_imports_for_its_own_government_only(cities):
    jiaxing, _huzhou, _province = cities
    office = _client(jiaxing["users"]["office_admin"])
    page = office.get(reverse("imports:batch_list")).content.decode()
    assert 'value="嘉兴市"' in page
    assert "湖州" not in page
    from django.core.files.uploadedfile import SimpleUploadedFile

    office.post(
        reverse("imports:batch_list"),
        {
            "kind": "progress_table",
            "file": SimpleUploadedFile("t.csv", HUZHOU_TABLE.encode()),
            "government": "湖州市",
            "year": 2021,
            "period": "1-9月",
            "as_of": datetime.date(2021, 9, 30).isoformat(),
            "profile": "jiaxing",
        },
    )
    from duban.imports.models import ImportBatch

    newest = ImportBatch.objects.order_by("-pk").first()
    assert newest is not None
    assert newest.params["government"] == "嘉兴市"
    assert KeyTask.objects.filter(plan__government__name="湖州市").count() == 2
    assert Plan.objects.filter(government__name="湖州市").count() == 1
    assert ReportingPeriod.objects.filter(plan__government__name="湖州市").count() == 2


def test_an_office_account_given_no_government_sees_nothing_and_is_told(cities, make_user):
    stray = _client(make_user("office_admin", username="stray"))
    page = stray.get(reverse("reporting:task_list")).content.decode()
    assert "本账号尚未指定所属政府" in page
    assert JIAXING_MARK not in page
    assert HUZHOU_MARK not in page
