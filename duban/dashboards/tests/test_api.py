"""GET /api/v1/dashboard/: the cockpit's figures as JSON, scoped like the page."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from duban.ledger.models import KeyTask

pytestmark = pytest.mark.django_db

URL = reverse("api:dashboard")


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_dashboard_shape_for_a_leader(seed_period, make_user):
    response = _client(make_user("leader")).get(URL, {"period": seed_period.pk})

    assert response.status_code == 200
    data = response.json()
    assert data["period"] == {"id": seed_period.pk, "label": "上半年", "as_of": "2021-06-30"}
    assert data["status_counts"] == {"AHEAD": 7, "ON_TRACK": 88, "PARTLY_BEHIND": 3, "BEHIND": 1}
    assert data["status_labels"]["ON_TRACK"] == "按时推进"
    assert data["status_share_percent"] == {
        "AHEAD": 7.0,
        "ON_TRACK": 88.0,
        "PARTLY_BEHIND": 3.0,
        "BEHIND": 1.0,
    }
    assert (data["total"], data["undecided"], data["on_schedule"]) == (100, 1, 95)
    commerce = next(row for row in data["by_department"] if row["name"] == "市商务局")
    assert commerce == {
        "id": commerce["id"],
        "name": "市商务局",
        "total": 13,
        "on_schedule": 13,
        "status_counts": {"AHEAD": 4, "ON_TRACK": 9},
    }
    assert len(data["by_county"]) == 7
    assert [(t["seq"], t["status"], t["gap_text"]) for t in data["lagging"][:2]] == [
        ("10", "BEHIND", ""),
        ("79", "PARTLY_BEHIND", "落后1.4个百分点"),
    ]
    assert data["lagging"][1]["gap"] == pytest.approx(1.4)
    assert data["lagging"][1]["gap_unit"] == "个百分点"
    assert data["trend"][0]["status_counts"]["ON_TRACK"] == 88


def test_dashboard_without_period_takes_the_latest_assessed(seed_period, open_period, make_user):
    response = _client(make_user("reviewer")).get(URL)
    assert response.status_code == 200
    assert response.json()["period"]["id"] == seed_period.pk


def test_department_user_gets_its_own_tasks_only(seed_period, make_user):
    data = _client(make_user("liaison", "市商务局")).get(URL, {"period": seed_period.pk}).json()
    own = (
        KeyTask.objects.filter(plan=seed_period.plan, responsibilities__department__name="市商务局")
        .distinct()
        .count()
    )
    assert data["total"] == own < 100
    assert sum(data["status_counts"].values()) + data["undecided"] == own


def test_token_sign_in_works_too(seed_period, make_user):
    from knox.models import AuthToken

    _, token = AuthToken.objects.create(user=make_user("leader"))
    response = Client().get(
        URL, {"period": seed_period.pk}, headers={"Authorization": f"Token {token}"}
    )
    assert response.status_code == 200


def test_anonymous_gets_401(seed_period):
    assert Client().get(URL, {"period": seed_period.pk}).status_code == 401


def test_user_without_role_gets_403(seed_period, make_user):
    response = _client(make_user("")).get(URL, {"period": seed_period.pk})
    assert response.status_code == 403
    assert response.json()["detail"] == "您的账号没有可用的角色。"


@pytest.mark.parametrize("period", ["999999", "abc"])
def test_unknown_period_is_404(seed_period, make_user, period):
    assert _client(make_user("leader")).get(URL, {"period": period}).status_code == 404


def test_dashboard_is_in_the_api_schema(make_user):
    schema = _client(make_user("leader")).get(reverse("api:schema")).content.decode()
    assert "/api/v1/dashboard/" in schema
