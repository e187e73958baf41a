"""The left navigation, declared by each app: the same menu, order and marks for every role."""

import re

import pytest
from django.urls import reverse

from duban.core.audit import SYSTEM
from duban.notifications.models import Notification
from duban.orgs.services import department_create, government_get_or_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def unit(db):
    government = government_get_or_create(name="嘉兴市", actor=SYSTEM)
    return department_create(government=government, name="市商务局", actor=SYSTEM)


MENUS = {
    "office_admin": [
        "我的任务",
        "任务台账",
        "填报期次",
        "状态研判",
        "督办",
        "绩效考核",
        "驾驶舱",
        "数据导入",
        "政务公开",
        "系统管理",
    ],
    "reviewer": [
        "我的任务",
        "任务台账",
        "填报期次",
        "状态研判",
        "督办",
        "绩效考核",
        "驾驶舱",
    ],
    "leader": ["任务台账", "督办", "绩效考核", "驾驶舱"],
    "liaison": ["我的任务", "任务台账", "督办", "绩效考核"],
    # The three administrators (decision 0026): only the 审计管理员 has a module, the log.
    "audit_admin": ["审计日志"],
    "system_admin": ["系统管理"],
    "security_admin": [],
}


def _menu(html: str) -> list[str]:
    nav = re.search(r'<nav class="sidenav".*?</nav>', html, re.S)
    assert nav is not None
    return re.findall(r"<a [^>]*>([^<]+)</a>", nav.group(0))


@pytest.mark.parametrize("role", MENUS)
def test_each_role_sees_its_modules_in_order(client, make_user, role):
    department = "市商务局" if role == "liaison" else None
    client.force_login(make_user(role, department))
    html = client.get(reverse("notifications:notification_list")).content.decode()
    assert _menu(html) == MENUS[role]


def test_the_current_module_is_marked(client, make_user):
    client.force_login(make_user("audit_admin"))
    html = client.get(reverse("audit:audit_list")).content.decode()
    assert (
        f'<a href="{reverse("audit:audit_list")}" aria-current="page" class="active">审计日志'
        in html
    )


def test_the_top_bar_shows_role_and_unread_count(client, make_user):
    user = make_user("audit_admin")
    Notification.objects.create(recipient=user, subject="新的报告")
    client.force_login(user)
    html = client.get(reverse("audit:audit_list")).content.decode()
    assert '<span class="count-badge">1</span>' in html
    assert "(审计管理员)</span>" in html
