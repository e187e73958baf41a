"""The Django admin: every edit audited; state, versions and roles not editable there."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from duban.core.models import AuditEvent
from duban.reporting.models import ProgressReport, ReportingPeriod

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client, db):
    admin = get_user_model().objects.create_user(
        "root", password="x", role="office_admin", is_staff=True, is_superuser=True
    )
    client.force_login(admin)
    return client


def change_form(client, model, pk):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[pk])
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        data[name] = (
            [v.pk if hasattr(v, "pk") else v for v in value]
            if isinstance(value, list)
            else (value.pk if hasattr(value, "pk") else value)
        )
    return url, data, form


def test_a_report_edited_in_the_admin_is_audited_and_keeps_its_state(superuser_client, open_period):
    report = ProgressReport.objects.filter(period=open_period).earliest("pk")
    url, data, form = change_form(superuser_client, ProgressReport, report.pk)
    assert "state" not in form.fields
    assert "version" not in form.fields
    data.update(progress="改写的进展", state="approved", version=99)
    response = superuser_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    report.refresh_from_db()
    assert report.progress == "改写的进展"
    assert report.state == "draft"
    assert report.version != 99
    event = AuditEvent.objects.get(verb="admin.change", target_id=str(report.pk))
    assert event.after is not None
    assert event.actor is not None
    assert event.after["progress"] == "改写的进展"
    assert event.actor.username == "root"


def test_a_closed_period_cannot_be_reopened_in_the_admin(superuser_client, open_period):
    ReportingPeriod.objects.filter(pk=open_period.pk).update(state="closed")
    url, data, form = change_form(superuser_client, ReportingPeriod, open_period.pk)
    assert "state" not in form.fields
    data.update(state="open", label="改名")
    assert superuser_client.post(url, data).status_code == 302
    open_period.refresh_from_db()
    assert open_period.state == "closed"
    assert AuditEvent.objects.filter(verb="admin.change", target_id=str(open_period.pk)).exists()


def test_a_liaison_cannot_be_made_superuser_in_the_admin(superuser_client, make_user, seed_period):
    liaison = make_user("liaison", "市发展改革委")
    url = reverse("admin:accounts_user_change", args=[liaison.pk])
    form = superuser_client.get(url).context["adminform"].form
    for name in ("role", "is_superuser", "is_staff", "groups", "user_permissions"):
        assert name not in form.fields
    superuser_client.post(
        url,
        {
            "username": liaison.username,
            "department": liaison.department_id,
            "is_active": "on",
            "is_superuser": "on",
            "is_staff": "on",
            "role": "office_admin",
            "email": "x@example.org",
        },
    )
    liaison.refresh_from_db()
    assert (liaison.is_superuser, liaison.is_staff, liaison.role) == (False, False, "liaison")
    assert liaison.email == "x@example.org"
    assert AuditEvent.objects.filter(verb="admin.change", target_id=str(liaison.pk)).exists()


def test_deleting_in_the_admin_is_audited(superuser_client, seed_period):
    from duban.orgs.models import DepartmentAlias

    alias = DepartmentAlias.objects.first()
    if alias is None:
        pytest.skip("the seed has no alias")
    url = reverse("admin:orgs_departmentalias_delete", args=[alias.pk])
    assert superuser_client.post(url, {"post": "yes"}).status_code == 302
    assert AuditEvent.objects.filter(verb="admin.delete", target_label=str(alias)).exists()
