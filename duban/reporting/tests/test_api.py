"""The reporting API: tokens, listing, PATCH with versions (409), workflow actions, 403s."""

import datetime

import pytest
from rest_framework.test import APIClient

from duban.core.models import AuditEvent
from duban.reporting.forms import REPORT_TEXT_MAX_CHARS, REPORT_TEXT_TOO_LONG
from duban.reporting.models import ProgressReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(open_period):
    return open_period


@pytest.fixture
def users(make_user, period):
    liaison = make_user("liaison", "市发展改革委", username="fgw")
    liaison.set_password("Liaison-pass-2021")
    liaison.save()
    return {
        "liaison": liaison,
        "head": make_user("head", "市发展改革委"),
        "reviewer": make_user("reviewer"),
        "other": make_user("liaison", "市商务局"),
        "leader": make_user("leader"),
    }


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def report(period):
    return ProgressReport.objects.get(period=period, task__seq="8")


def test_token_sign_in_and_use(users, report):
    anonymous = APIClient()
    response = anonymous.post(
        "/api/v1/auth/token/", {"username": "fgw", "password": "Liaison-pass-2021"}
    )
    assert response.status_code == 200
    token = response.json()["token"]
    anonymous.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert anonymous.get(f"/api/v1/reports/{report.pk}/").status_code == 200
    assert AuditEvent.objects.filter(verb="accounts.login", target_label="fgw").exists()


def test_token_with_a_wrong_password_is_refused_and_audited(users):
    response = APIClient().post("/api/v1/auth/token/", {"username": "fgw", "password": "nope"})
    assert response.status_code == 400
    assert AuditEvent.objects.filter(verb="accounts.login_failed", target_label="fgw").count() == 1


def test_requests_without_credentials_are_401():
    assert APIClient().get("/api/v1/periods/").status_code == 401


def test_report_json_shape(users, report):
    data = client_for(users["liaison"]).get(f"/api/v1/reports/{report.pk}/").json()
    for key in (
        "id",
        "task",
        "period",
        "department",
        "state",
        "version",
        "progress",
        "problems",
        "next_steps",
        "self_status",
        "return_reason",
    ):
        assert key in data
    assert data["department"] == "市发展改革委"
    assert data["state"] == "draft"


def test_mine_lists_only_my_departments_reports(users, period):
    page = client_for(users["liaison"]).get(f"/api/v1/reports/?period={period.pk}&mine=1").json()
    rows = page["results"]
    assert rows
    assert {r["department"] for r in rows} == {"市发展改革委"}
    assert (
        len(rows)
        == ProgressReport.objects.filter(period=period, department__name="市发展改革委").count()
    )


def test_other_department_cannot_see_the_report(users, report):
    assert client_for(users["other"]).get(f"/api/v1/reports/{report.pk}/").status_code == 404


def test_patch_with_version_and_stale_version_409(users, report):
    client = client_for(users["liaison"])
    first = client.patch(
        f"/api/v1/reports/{report.pk}/",
        {"version": report.version, "progress": "1.甲。"},
        format="json",
    )
    assert first.status_code == 200
    assert first.json()["version"] == report.version + 1
    stale = client.patch(
        f"/api/v1/reports/{report.pk}/",
        {"version": report.version, "progress": "1.乙。"},
        format="json",
    )
    assert stale.status_code == 409
    assert stale.json()["current_version"] == report.version + 1
    report.refresh_from_db()
    assert report.progress == "1.甲。"


def test_workflow_through_the_api(users, report):
    base = f"/api/v1/reports/{report.pk}"
    liaison, head, reviewer = (client_for(users[k]) for k in ("liaison", "head", "reviewer"))
    liaison.patch(f"{base}/", {"version": report.version, "progress": "1.进展。"}, format="json")
    assert liaison.post(f"{base}/submit/").json()["state"] == "pending_head"
    assert head.post(f"{base}/approve/").json()["state"] == "submitted"
    returned = reviewer.post(f"{base}/return/", {"reason": "请补充数据。"}, format="json").json()
    assert returned["state"] == "returned"
    assert returned["return_reason"] == "请补充数据。"


@pytest.mark.parametrize(
    ("who", "action"),
    [
        ("other", "submit"),
        ("liaison", "approve"),
        ("head", "submit"),
        ("leader", "approve"),
        ("reviewer", "approve"),
    ],
)
def test_forbidden_actions_return_403_with_a_reason(users, report, who, action):
    ProgressReport.objects.filter(pk=report.pk).update(progress="1.进展。")
    response = client_for(users[who]).post(f"/api/v1/reports/{report.pk}/{action}/")
    expected = 404 if who == "other" else 403
    assert response.status_code == expected
    report.refresh_from_db()
    assert report.state == "draft"


def test_return_without_reason_is_400(users, report):
    response = client_for(users["reviewer"]).post(f"/api/v1/reports/{report.pk}/return/", {})
    assert response.status_code == 400


def test_schema_and_docs_are_served(users):
    client = client_for(users["liaison"])
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/reports/{id}/submit/" in schema.content
    assert client.get("/api/v1/docs/").status_code == 200


def test_patch_with_a_text_over_the_limit_is_400_naming_the_field(users, report):
    too_long = "步" * (REPORT_TEXT_MAX_CHARS + 1)
    response = client_for(users["liaison"]).patch(
        f"/api/v1/reports/{report.pk}/",
        {"version": report.version, "next_steps": too_long},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "next_steps": [
            REPORT_TEXT_TOO_LONG.format(
                field="下一步措施", limit=REPORT_TEXT_MAX_CHARS, length=len(too_long)
            )
        ]
    }


def test_report_list_paginates_past_the_page_size(users, period):
    from rest_framework.settings import api_settings

    reviewer = client_for(users["reviewer"])
    total = ProgressReport.objects.filter(period=period).count()
    page_size = api_settings.PAGE_SIZE
    if total <= page_size:  # the seed period alone: add periods until the rows exceed a page
        from duban.reporting.services.periods import period_open

        for month in (3, 6):
            period_open(
                plan=period.plan,
                label=f"1-{month}月",
                as_of=datetime.date(2021, month, 28),
                due_date=datetime.date(2021, month, 28),
                actor=users["reviewer"],
            )
    total = ProgressReport.objects.filter(period__plan=period.plan).count()
    assert total > page_size
    first = reviewer.get("/api/v1/reports/").json()
    assert first["count"] == total
    assert len(first["results"]) == page_size
    seen = [row["id"] for row in first["results"]]
    url = first["next"]
    while url:
        page = reviewer.get(url).json()
        seen += [row["id"] for row in page["results"]]
        url = page["next"]
    assert sorted(seen) == sorted(ProgressReport.objects.values_list("pk", flat=True))


def test_period_list_is_paginated(users, period):
    from duban.reporting.models import ReportingPeriod

    data = client_for(users["reviewer"]).get("/api/v1/periods/").json()
    assert data["count"] == ReportingPeriod.objects.count()
    assert "1-9月" in {row["label"] for row in data["results"]}
