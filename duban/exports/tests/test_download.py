"""Every download: one file-name rule (RFC 5987), one content-type table, internal ones audited."""

from urllib.parse import unquote

import pytest
from django.urls import reverse

from duban.core.audit import SYSTEM
from duban.core.models import AuditEvent
from duban.exports.download import CONTENT_TYPES, internal_download, public_download


def _utf8_name(response) -> str:
    return unquote(response["Content-Disposition"].split("filename*=UTF-8''", 1)[1])


@pytest.mark.parametrize(
    ("name", "fmt", "expected"),
    [
        ("嘉兴市2021年重点工作", "xlsx", "嘉兴市2021年重点工作.xlsx"),
        ("督查通报2021年第1期(上半年)", "docx", "督查通报2021年第1期(上半年).docx"),
        ("a/b:c", "csv", "a_b_c.csv"),
    ],
)
def test_public_files_carry_the_chinese_name_and_an_ascii_fallback(name, fmt, expected):
    response = public_download(data=b"x", fmt=fmt, name=name, fallback="table")
    assert response["Content-Type"] == CONTENT_TYPES[fmt]
    assert f'filename="table.{expected.rsplit(".", 1)[1]}"' in response["Content-Disposition"]
    assert _utf8_name(response) == expected


@pytest.mark.django_db
def test_an_internal_download_is_audited():
    response = internal_download(
        data=b"x",
        fmt="xlsx",
        name="任务台账",
        fallback="tasks",
        actor=SYSTEM,
        verb="reporting.ledger_export",
        after={"rows": 1},
    )
    assert _utf8_name(response) == "任务台账.xlsx"
    assert AuditEvent.objects.get().after == {"rows": 1}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url_name", "verb"),
    [
        ("reporting:task_list", "reporting.ledger_export"),
        ("dashboards:task_list", "dashboards.cockpit_export"),
    ],
)
def test_ledger_and_cockpit_exports_are_audited(client, make_user, seed_period, url_name, verb):
    client.force_login(make_user("reviewer"))
    response = client.get(reverse(url_name), {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES["xlsx"]
    assert AuditEvent.objects.filter(verb=verb).count() == 1
