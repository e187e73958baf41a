"""Password age: an expired password sees only the change page; services stamp the date."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from duban.accounts.passwords import password_expired, password_set
from duban.accounts.services import user_create
from duban.core.audit import SYSTEM
from duban.core.models import AuditEvent

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("role", "age_days", "expired"),
    [
        ("office_admin", 89, False),
        ("office_admin", 90, True),
        ("reviewer", 120, True),
        ("leader", 91, True),
        ("audit_admin", 91, True),
        ("liaison", 400, False),  # departments: never, by default
        ("head", 400, False),
    ],
)
def test_who_must_change_and_when(settings, make_user, seed_period, role, age_days, expired):
    settings.DUBAN_PASSWORD_MAX_AGE_DAYS = 90
    settings.DUBAN_DEPARTMENT_PASSWORD_MAX_AGE_DAYS = 0
    user = make_user(role, "市商务局" if role in {"liaison", "head"} else None)
    user.password_changed_at = NOW - datetime.timedelta(days=age_days)
    assert password_expired(user, now=NOW) is expired


def test_departments_expire_when_configured(settings, make_user, seed_period):
    settings.DUBAN_DEPARTMENT_PASSWORD_MAX_AGE_DAYS = 180
    user = make_user("liaison", "市商务局")
    user.password_changed_at = NOW - datetime.timedelta(days=181)
    assert password_expired(user, now=NOW)


def test_without_a_stamp_the_password_is_as_old_as_the_account(settings, make_user):
    settings.DUBAN_PASSWORD_MAX_AGE_DAYS = 90
    user = make_user("reviewer")
    user.date_joined = NOW - datetime.timedelta(days=100)
    user.password_changed_at = None
    assert password_expired(user, now=NOW)


def test_the_services_that_set_a_password_stamp_it(make_user):
    created = user_create(username="xin", password="Xin-mima-2021", role="reviewer", actor=SYSTEM)
    assert created.password_changed_at is not None
    user = make_user("reviewer")
    password_set(user=user, password="Ling-yi-ge-2026", actor=user)
    user.refresh_from_db()
    assert user.check_password("Ling-yi-ge-2026")
    assert timezone.now() - user.password_changed_at < datetime.timedelta(minutes=1)
    assert AuditEvent.objects.filter(verb="accounts.password_change", actor=user).exists()


@pytest.mark.urls("duban.accounts.tests.urls_with_password_change")
def test_an_expired_password_is_sent_to_the_change_page(settings, client, make_user):
    settings.DUBAN_PASSWORD_MAX_AGE_DAYS = 90
    user = make_user("reviewer")
    user.password_changed_at = timezone.now() - datetime.timedelta(days=91)
    user.save()
    client.force_login(user)
    sent = client.get(reverse("notifications:notification_list"))
    assert sent.status_code == 302
    assert sent.url.startswith(reverse("accounts:password_change") + "?next=")
    assert client.get(reverse("accounts:password_change")).status_code == 200
    password_set(user=user, password="Xin-mima-2026", actor=user)
    client.force_login(user)
    assert client.get(reverse("notifications:notification_list")).status_code == 200
