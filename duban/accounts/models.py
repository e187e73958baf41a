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


DEPARTMENT_ROLES = {Role.LIAISON, Role.HEAD}
OFFICE_ROLES = {Role.OFFICE_ADMIN, Role.REVIEWER}


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
