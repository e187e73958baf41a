"""The organization tree of one government: its departments, county governments, zones, groups."""

from django.db import models


class DepartmentKind(models.TextChoices):
    GOVERNMENT = "government", "人民政府"
    DEPARTMENT = "department", "市级部门"
    COUNTY = "county", "县(市、区)政府"
    ZONE = "zone", "开发区"
    ENTERPRISE = "enterprise", "国有企业"
    PARTY = "party", "党群机关"
    GROUP = "group", "单位组"
    OTHER = "other", "其他"


class Department(models.Model):
    """One responsible unit (牵头/配合单位), or a group of them, within one government's tree.

    The root of a tree is the government itself (kind GOVERNMENT, no `government`). A group
    (kind GROUP, e.g. 各县(市、区)政府) is listed on tasks as one name and expands to `members`.
    """

    government = models.ForeignKey(
        "self",
        verbose_name="所属政府",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
        limit_choices_to={"kind": DepartmentKind.GOVERNMENT},
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=16, choices=DepartmentKind.choices)
    members = models.ManyToManyField(
        "self", verbose_name="组成单位", symmetrical=False, blank=True, related_name="groups"
    )
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["sort_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["government", "name"], name="department_unique_name_per_government"
            ),
            # The constraint above never holds for roots: NULL equals no other NULL, so two
            # simultaneous first imports made two 嘉兴市. A partial unique index (SQLite and
            # PostgreSQL alike) allows one root per name.
            models.UniqueConstraint(
                fields=["name"],
                condition=models.Q(government__isnull=True),
                name="government_unique_name",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class DepartmentAlias(models.Model):
    """Another name a department is printed under (交通运输局 for 市交通运输局)."""

    government = models.ForeignKey(
        Department, verbose_name="所属政府", on_delete=models.CASCADE, related_name="+"
    )
    alias = models.CharField("别名", max_length=100)
    department = models.ForeignKey(
        Department, verbose_name="单位", on_delete=models.CASCADE, related_name="aliases"
    )

    class Meta:
        verbose_name = "单位别名"
        verbose_name_plural = "单位别名"
        constraints = [
            models.UniqueConstraint(
                fields=["government", "alias"], name="alias_unique_per_government"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.alias} → {self.department.name}"
