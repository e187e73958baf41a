"""The audit trail: append-only, the office's page and export (sign-ins: accounts/tests)."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from duban.core.audit import SYSTEM, UNKNOWN_VERB, UnknownAuditVerbError, record_event
from duban.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_audit_rows_cannot_be_changed_or_deleted():
    event = record_event(actor=SYSTEM, verb="reporting.report_save", after={"x": 1})
    event.reason = "changed"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).reason == ""


def test_an_unregistered_verb_is_refused():
    with pytest.raises(UnknownAuditVerbError) as refused:
        record_event(actor=SYSTEM, verb="reporting.report_frobnicate")
    assert str(refused.value) == UNKNOWN_VERB.format(verb="reporting.report_frobnicate")
    assert not AuditEvent.objects.exists()


def test_the_log_shows_what_happened_in_the_offices_words(client, make_user):
    office = make_user("audit_admin")
    client.force_login(office)
    record_event(actor=office, verb="reporting.report_submit")
    page = client.get(reverse("audit:audit_list")).content.decode()
    assert ">提交报告</td>" in page
    filtered = client.get(reverse("audit:audit_list"), {"verb": "reporting.report_submit"})
    assert "共 1 条" in filtered.content.decode()


def test_the_auditor_filters_and_exports_the_log(client, make_user):
    office = make_user("audit_admin")
    client.force_login(office)
    record_event(actor=office, verb="reporting.report_save", after={"x": 1})
    record_event(actor=None, verb="accounts.login_failed", success=False, target_label="li")
    page = client.get(reverse("audit:audit_list"), {"failures": "1"}).content.decode()
    assert "共 1 条" in page
    response = client.get(reverse("audit:audit_list"), {"verb": "reporting", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=2, column=1).value == "时间"
    assert sheet.max_row == 3
    assert sheet.cell(row=3, column=3).value == "保存报告"
    assert AuditEvent.objects.filter(verb="audit.export").exists()


@pytest.mark.parametrize(
    "role",
    ["liaison", "head", "leader", "office_admin", "reviewer", "system_admin", "security_admin"],
)
def test_only_the_audit_admin_reads_the_log(client, make_user, role, seed_period):
    client.force_login(make_user(role, "市商务局" if role in {"liaison", "head"} else None))
    assert client.get(reverse("audit:audit_list")).status_code == 403


def test_admin_cannot_edit_the_log(client, make_user):
    admin = make_user("office_admin")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    event = record_event(actor=SYSTEM, verb="reporting.report_save")
    url = reverse("admin:core_auditevent_change", args=[event.pk])
    response = client.post(url, {"verb": "y"})
    assert response.status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).verb == "reporting.report_save"


def test_the_admin_site_does_not_show_the_log(client, make_user):
    admin = make_user("system_admin")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    event = record_event(actor=SYSTEM, verb="reporting.report_save")
    assert client.get(reverse("admin:core_auditevent_changelist")).status_code == 403
    assert client.get(reverse("admin:core_auditevent_change", args=[event.pk])).status_code == 403
