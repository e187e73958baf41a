"""What 等保三级 asks of the running site: `check --deploy` clean under the production settings,
a Content-Security-Policy on every response, and XML from users parsed safely."""

import io
import os
import secrets
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import openpyxl.xml
import pytest
from defusedxml import DefusedXmlException
from django.urls import reverse

from duban.core.security import DEFAULT_POLICY

ROOT = Path(__file__).resolve().parents[3]


def test_check_deploy_is_clean_under_the_production_settings():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "duban.example.gov.cn",
    }
    for name in ("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_COOKIES", "DEBUG"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_every_page_carries_the_content_security_policy(client):
    for url in (reverse("accounts:login"), reverse("publishing:publication_list")):
        assert client.get(url).headers["Content-Security-Policy"] == DEFAULT_POLICY


def test_no_template_has_an_inline_script_or_handler():
    templates = [
        path
        for path in (ROOT / "duban").rglob("templates/**/*.html")
        if "exports" not in path.parts  # files people download, never served as a page
    ]
    offending = []
    for path in templates:
        text = path.read_text(encoding="utf-8")
        if "<script>" in text or " onchange=" in text or " onclick=" in text:
            offending.append(str(path.relative_to(ROOT)))
    assert offending == []


ENTITIES = (
    '<!DOCTYPE worksheet [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
)


def test_openpyxl_parses_uploaded_xlsx_through_defusedxml():
    assert openpyxl.xml.DEFUSEDXML is True
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "占位"
    buffer = io.BytesIO()
    workbook.save(buffer)
    bombed = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source,
        zipfile.ZipFile(bombed, "w") as target,
    ):
        for item in source.infolist():
            data = source.read(item.filename)
            # Sheets are streamed through iterparse, which openpyxl takes from defusedxml;
            # its other parts go through lxml with entities left unresolved.
            if item.filename == "xl/worksheets/sheet1.xml":
                data = ENTITIES.encode() + data
            target.writestr(item, data)
    with pytest.raises(ValueError, match="invalid XML") as refused:
        openpyxl.load_workbook(io.BytesIO(bombed.getvalue()))
    assert isinstance(refused.value.__context__, DefusedXmlException)
