"""系统管理: the office admin manages accounts in the app; everyone changes their own password.
Every change is audited and the pages are only the office admin's."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from duban.accounts.forms import DEPARTMENT_NEEDED, OLD_PASSWORD_WRONG, PASSWORDS_DIFFER
from duban.accounts.services import login_is_locked
from duban.accounts.views_admin import ACCOUNT_UNLOCKED
from duban.core.audit import SYSTEM
from duban.core.models import AuditEvent
from duban.orgs.services import department_create, government_get_or_create

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Lantern-river-2024"


@pytest.fixture
def unit(db):
    government = government_get_or_create(name="嘉兴市", actor=SYSTEM)
    return department_create(government=government, name="市发展改革委", actor=SYSTEM)


def test_the_office_admin_creates_an_account_with_role_and_unit(office_client, unit):
    response = office_client.post(
        reverse("accounts:account_create"),
        {
            "username": "li",
            "first_name": "李四",
            "email": "",
            "role": "liaison",
            "department": unit.pk,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(username="li")
    assert (user.role, user.department, user.first_name) == ("liaison", unit, "李四")
    assert user.check_password(NEW_PASSWORD)
    event = AuditEvent.objects.get(verb="accounts.user_create")
    assert event.actor_label == "office"
    assert (
        Client()
        .post(reverse("accounts:login"), {"username": "li", "password": NEW_PASSWORD})
        .status_code
        == 302
    )


def test_a_department_role_needs_a_unit_and_passwords_must_match(office_client, unit):
    response = office_client.post(
        reverse("accounts:account_create"),
        {
            "username": "li",
            "role": "head",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD + "x",
        },
    )
    page = response.content.decode()
    assert DEPARTMENT_NEEDED in page
    assert PASSWORDS_DIFFER in page
    assert not get_user_model().objects.filter(username="li").exists()


def test_changing_role_and_unit_is_audited_with_before_and_after(office_client, unit, make_user):
    user = make_user("reviewer", username="wang")
    response = office_client.post(
        reverse("accounts:account_edit", args=[user.pk]),
        {
            "first_name": "王五",
            "email": "",
            "role": "head",
            "department": unit.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.role, user.department) == ("head", unit)
    event = AuditEvent.objects.get(verb="accounts.user_update")
    assert (event.before or {})["role"] == "reviewer"
    assert (event.after or {})["department"] == "市发展改革委"


def test_a_reset_password_works_and_the_audit_never_holds_it(office_client, make_user):
    user = make_user("reviewer", username="wang")
    office_client.post(
        reverse("accounts:account_password_reset", args=[user.pk]),
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    event = AuditEvent.objects.get(verb="accounts.password_reset")
    assert NEW_PASSWORD not in str(event.after) + str(event.before)


def test_the_office_unlocks_a_locked_account(office_client, make_user):
    user = make_user("reviewer", username="wang")
    for _ in range(5):
        Client().post(reverse("accounts:login"), {"username": "wang", "password": "wrong"})
    assert login_is_locked(username="wang")
    assert "已锁定" in office_client.get(reverse("accounts:account_list")).content.decode()
    response = office_client.post(reverse("accounts:account_unlock", args=[user.pk]), follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        ACCOUNT_UNLOCKED.format(name='<span class="username">wang</span>')
    ]
    assert not login_is_locked(username="wang")
    assert AuditEvent.objects.filter(verb="accounts.unlock", target_label="wang").exists()
    assert (
        Client().post(reverse("accounts:login"), {"username": "wang", "password": "x"}).status_code
        == 302
    )


def test_a_user_changes_their_own_password(client, make_user):
    user = make_user("leader", username="zhao")
    client.force_login(user)
    page = client.get(reverse("accounts:password_change")).content.decode()
    assert "原密码" in page
    assert "修改密码" in page
    wrong = client.post(
        reverse("accounts:password_change"),
        {"old_password": "nope", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert OLD_PASSWORD_WRONG in wrong.content.decode()
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "x", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.get(verb="accounts.password_change").actor == user
    # Still signed in after the change.
    assert client.get(reverse("accounts:password_change")).status_code == 200


def test_the_menu_shows_system_management_only_to_the_office_admin(
    office_client, client, make_user
):
    assert "系统管理" in office_client.get(reverse("accounts:password_change")).content.decode()
    client.force_login(make_user("reviewer"))
    assert "系统管理" not in client.get(reverse("accounts:password_change")).content.decode()


def test_the_admin_user_form_shows_role_and_edits_the_unit(client, make_user):
    admin_user = make_user("office_admin", username="root")
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    page = client.get(reverse("admin:accounts_user_change", args=[admin_user.pk])).content.decode()
    # The role changes through the office's own pages only (audited); the admin shows it.
    assert 'name="role"' not in page
    assert "角色" in page
    assert 'name="department"' in page
