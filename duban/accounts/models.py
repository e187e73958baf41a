"""The user model: every account belongs to a role and, for departments, to a unit."""

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    OFFICE_ADMIN = "office_admin", "督查室管理员"
    REVIEWER = "reviewer", "督查室审核员"
    LIAISON = "liaison", "部门联络员"
    HEAD = "head", "部门负责人"
    LEADER = "leader", "领导"
    # The three-role separation of 等保三级 (docs/decisions/0026): whoever administers the
    # accounts is not who reads the audit log. None of them sees the supervision work itself.
    SYSTEM_ADMIN = "system_admin", "系统管理员"
    SECURITY_ADMIN = "security_admin", "安全管理员"
    AUDIT_ADMIN = "audit_admin", "审计管理员"


DEPARTMENT_ROLES = {Role.LIAISON, Role.HEAD}
OFFICE_ROLES = {Role.OFFICE_ADMIN, Role.REVIEWER}
# The roles whose work is one government's (docs/decisions/0030): departments take theirs
# from their unit, and the administrators may be instance-wide.
GOVERNMENT_ROLES = OFFICE_ROLES | {Role.LEADER}
# Sign in with a second factor (TOTP) always: the office and the three administrators.
SECOND_FACTOR_ROLES = OFFICE_ROLES | {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN}


class User(AbstractUser):
    """A person who signs in to duban. Department roles need a department."""

    role = models.CharField("角色", max_length=16, choices=Role.choices, blank=True)
    department = models.ForeignKey(
        "orgs.Department",
        verbose_name="所属单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    # The office's and the leaders' government (督查室 and 领导 of 嘉兴市); a department's
    # accounts belong to their department's government and leave this empty. A province
    # runs one instance for its cities: its leaders' government is the province, whose
    # cities hang below it (orgs.selectors.governments_seen_by).
    government = models.ForeignKey(
        "orgs.Department",
        verbose_name="所属政府",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accounts",
        limit_choices_to={"kind": "government"},
    )
    # Set by the services that set a password (accounts/passwords.py), never by a signal;
    # empty: the password is as old as the account (date_joined).
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role__in=["liaison", "head"])
                | models.Q(department__isnull=False),
                name="department_role_needs_department",
            ),
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        # `set_password` keeps the raw password until the save; a new password ends every
        # API token issued under the old one, wherever the change came from.
        password_changed = self.pk is not None and getattr(self, "_password", None) is not None
        super().save(*args, **kwargs)
        if password_changed:
            from knox.models import AuthToken

            AuthToken.objects.filter(user=self).delete()

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username
