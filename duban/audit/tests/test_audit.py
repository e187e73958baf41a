"""The audit trail: append-only, every sign-in attempt, lock-out, the office's page and export."""

import datetime
import io

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from duban.core.audit import SYSTEM, UNKNOWN_VERB, UnknownAuditVerbError, record_event
from duban.core.models import AuditEvent

pytestmark = pytest.mark.django_db
PASSWORD = "Correct-horse-2021"


@pytest.fixture
def liaison(db):
    return get_user_model().objects.create_user("zhang", password=PASSWORD, role="reviewer")


def login(client, password):
    return client.post(reverse("accounts:login"), {"username": "zhang", "password": password})


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
    office = make_user("reviewer")
    client.force_login(office)
    record_event(actor=office, verb="reporting.report_submit")
    page = client.get(reverse("audit:audit_list")).content.decode()
    assert ">提交报告</td>" in page
    filtered = client.get(reverse("audit:audit_list"), {"verb": "reporting.report_submit"})
    assert "共 1 条" in filtered.content.decode()


def test_sign_ins_and_failures_are_audited(client, liaison):
    login(client, "wrong")
    login(client, PASSWORD)
    failed = AuditEvent.objects.get(verb="accounts.login_failed")
    assert failed.target_label == "zhang"
    assert failed.success is False
    ok = AuditEvent.objects.get(verb="accounts.login")
    assert ok.actor == liaison


def test_lock_out_after_five_failures_even_with_the_right_password(client, liaison):
    for _ in range(5):
        login(client, "wrong")
    response = login(client, PASSWORD)
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # After the lock window the right password works again.
    with time_machine.travel(
        datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(minutes=16)
    ):
        response = login(client, PASSWORD)
        assert response.status_code == 302


def test_a_success_resets_the_failure_count(client, liaison):
    for _ in range(4):
        login(client, "wrong")
    assert login(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        login(client, "wrong")
    assert login(client, PASSWORD).status_code == 302


def test_idle_session_times_out(client, liaison):
    client.force_login(liaison)
    assert client.get(reverse("reporting:inbox")).status_code == 200
    with time_machine.travel(
        datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(minutes=31)
    ):
        response = client.get(reverse("reporting:inbox"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_forms_need_the_csrf_token(liaison):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "zhang", "password": PASSWORD})
    assert response.status_code == 403


def test_password_validators_refuse_weak_passwords():
    with pytest.raises(ValidationError):
        validate_password("12345678")


def test_office_filters_and_exports_the_log(client, make_user):
    office = make_user("reviewer")
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


@pytest.mark.parametrize("role", ["liaison", "head", "leader"])
def test_only_the_office_reads_the_log(client, make_user, role, seed_period):
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
