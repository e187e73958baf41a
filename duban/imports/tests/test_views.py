"""Upload → preview → confirm in the browser's requests, with the jobs really run."""

import io
import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from duban.conftest import SEED_PATH
from duban.imports.forms import SUFFIX_REFUSED
from duban.imports.models import ImportBatch, ImportStatus
from duban.ledger.models import KeyTask
from duban.orgs.models import Department, DepartmentAlias

pytestmark = pytest.mark.django_db
FORM = {
    "government": "嘉兴市",
    "year": "2021",
    "period": "上半年",
    "as_of": "2021-06-30",
    "profile": "jiaxing",
}


@pytest.fixture
def office(office_client):
    return office_client


def upload(client, name, data, **extra):
    form = {**FORM, **extra, "file": SimpleUploadedFile(name, data)}
    return client.post(reverse("imports:batch_list"), form)


def test_upload_preview_confirm(office, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(office, "seed.txt", SEED_PATH.read_bytes())
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("imports:batch_detail", args=[batch.pk])
    assert batch.status == ImportStatus.PREVIEW
    assert not KeyTask.objects.exists()  # nothing written before confirming
    page = office.get(response.url).content.decode()
    assert "共 100 行:带序号任务 96 项,子项 4 项" in page
    assert "按时推进 88" in page
    with django_capture_on_commit_callbacks(execute=True):
        office.post(response.url, {})
    batch.refresh_from_db()
    assert batch.status == ImportStatus.APPLIED
    assert KeyTask.objects.count() == 100
    assert "已导入" in office.get(response.url).content.decode()


def test_problems_are_listed_and_confirm_is_refused(office, django_capture_on_commit_callbacks):
    bad = (
        "序号,工作任务,进展情况,牵头部门,进展状态\n"
        "1,任务。,进展。,市商务局,很好\n2,任务。,,市商务局,按时推进\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        upload(office, "bad.csv", bad.encode())
    batch = ImportBatch.objects.get()
    page = office.get(reverse("imports:batch_detail", args=[batch.pk])).content.decode()
    assert "问题(2 处)— 未写入任何数据" in page
    assert "第2行(序号1):进展状态「很好」不在本计划的状态词表中" in page
    assert "第3行(序号2):「进展情况」为空。" in page
    response = office.post(reverse("imports:batch_detail", args=[batch.pk]), {}, follow=True)
    assert "文件还有2处问题" in response.content.decode()
    assert not KeyTask.objects.exists()


def test_new_units_need_a_decision_each(office, django_capture_on_commit_callbacks):
    call_command("load_demo")
    # A new task (序号900): a row replacing task 1's text would be a conflict to decide.
    data = "序号,工作任务,进展情况,牵头部门\n900,任务。,进展。,市新设局、商务局新办\n".encode()
    with django_capture_on_commit_callbacks(execute=True):
        upload(office, "new.csv", data, period="1-9月", as_of="2021-09-30")
    batch = ImportBatch.objects.get()
    url = reverse("imports:batch_detail", args=[batch.pk])
    assert batch.summary["needs_decision"] == ["市新设局", "商务局新办"]
    # Deciding only one of the two is refused; nothing is written.
    response = office.post(url, {"decision-0": "create"}, follow=True)
    assert "还有1个新单位未确认:商务局新办" in response.content.decode()
    commerce = Department.objects.get(name="市商务局")
    with django_capture_on_commit_callbacks(execute=True):
        office.post(url, {"decision-0": "create", "decision-1": str(commerce.pk)})
    batch.refresh_from_db()
    assert batch.status == ImportStatus.APPLIED
    assert Department.objects.filter(name="市新设局").exists()
    assert DepartmentAlias.objects.get(alias="商务局新办").department == commerce


def test_upload_form_rejects_other_files(office):
    response = upload(office, "virus.exe", b"MZ")
    assert SUFFIX_REFUSED in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_file_not_recognised_asks_for_its_columns(office, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(office, "other.csv", "姓名,电话\n张三,1\n".encode())
    batch = ImportBatch.objects.get()
    # Not a dead end: the office says which column is which (the mapping step).
    assert batch.status == ImportStatus.NEEDS_MAPPING
    assert "无法识别表格版式" in batch.error
    page = office.get(response.url).content.decode()
    assert "对应各列" in page
    assert "张三" in page


def test_only_the_office_may_import(client):
    url = reverse("imports:batch_list")
    assert client.get(url).status_code == 302  # anonymous: to the login page
    user = get_user_model().objects.create_user("someone", password="x")
    client.force_login(user)
    assert client.get(url).status_code == 403


@pytest.mark.django_db(transaction=True)
@override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
)
def test_jobs_run_on_the_database_worker(client):
    """The real queue: the upload only enqueues; `db_worker` reads and later writes."""
    user = get_user_model().objects.create_user("office", password="x", role="office_admin")
    client.force_login(user)
    upload(client, "seed.txt", SEED_PATH.read_bytes())
    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.QUEUED
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.PREVIEW
    client.post(reverse("imports:batch_detail", args=[batch.pk]), {})
    assert KeyTask.objects.count() == 0
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.APPLIED
    assert KeyTask.objects.count() == 100


def test_progress_is_shown_while_writing(office):
    """A long import shows how far the worker got, read from outside its transaction."""
    from duban.imports.services import progress_report

    batch = ImportBatch.objects.create(
        kind="progress_table",
        original_name="long.xlsx",
        params=FORM,
        status=ImportStatus.APPLYING,
        progress_total=400,
    )
    progress_report(batch.pk, 120, 400)
    page = office.get(reverse("imports:batch_detail", args=[batch.pk])).content.decode()
    assert "已处理 120 / 400 行(30%)" in page
    # The fragment is polled; the page itself never reloads on a timer (an accessibility
    # failure: it steals focus and rereads the page to screen readers).
    assert 'http-equiv="refresh"' not in page
    assert "imports/batch_progress.js" in page
    poll = reverse("imports:batch_progress", args=[batch.pk])
    assert f'data-poll="{poll}"' in page
    progress_report(batch.pk, 200, 400)
    fragment = office.get(poll).content.decode()
    assert "已处理 200 / 400 行(50%)" in fragment
    assert 'data-working="1"' in fragment
    assert "<html" not in fragment
    batch.status = ImportStatus.PREVIEW
    batch.save()
    assert 'data-working="0"' in office.get(poll).content.decode()


def test_problems_are_capped_in_the_preview_and_counted_in_full(
    office, django_capture_on_commit_callbacks, settings
):
    settings.DUBAN_IMPORT_MAX_PROBLEMS = 200
    rows = "".join(f"{n},任务{n}。,进展。,市商务局,很好\n" for n in range(1, 251))
    data = ("序号,工作任务,进展情况,牵头部门,进展状态\n" + rows).encode()
    with django_capture_on_commit_callbacks(execute=True):
        upload(office, "bad.csv", data)
    batch = ImportBatch.objects.get()
    assert len(batch.problems) == 201
    assert batch.problems[-1] == "另有 50 处问题未列出。"
    page = office.get(reverse("imports:batch_detail", args=[batch.pk])).content.decode()
    assert "问题(250 处)— 未写入任何数据" in page
    response = office.post(reverse("imports:batch_detail", args=[batch.pk]), {}, follow=True)
    assert "文件还有250处问题" in response.content.decode()


def test_a_50_mb_upload_is_refused_by_the_service_before_anything_reads_it(make_user):
    from django.core.files.uploadedfile import InMemoryUploadedFile

    from duban.core.exceptions import DomainError
    from duban.imports.services import UPLOAD_TOO_LARGE, import_batch_create

    size = 50 * 2**20
    upload = InMemoryUploadedFile(io.BytesIO(b""), "file", "big.csv", "text/csv", size, None)
    with pytest.raises(DomainError) as caught:
        import_batch_create(
            kind="progress_table", upload=upload, params=FORM, actor=make_user("reviewer")
        )
    assert caught.value.message == UPLOAD_TOO_LARGE.format(name="big.csv", limit=20)
    assert not ImportBatch.objects.exists()


def test_word_upload_is_previewed_with_its_rows(office, django_capture_on_commit_callbacks):
    word = Path(__file__).parent / "fixtures" / "04-shaoxing-2020-q1.docx"
    with django_capture_on_commit_callbacks(execute=True):
        upload(office, word.name, word.read_bytes(), year="2020", as_of="2020-03-31")
    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.PREVIEW, batch.error
    assert batch.summary["format"] == "docx"
    assert batch.summary["rows"] == 3


def test_import_table_command_reads_old_excel():
    xls = Path(__file__).parent / "fixtures" / "04-shaoxing-2020-q1.xls"
    out = io.StringIO()
    args = ["--year", "2020", "--period", "一季度", "--as-of", "2020-03-31"]
    call_command("import_table", str(xls), *args, "--dry-run", "--json", stdout=out)
    summary = json.loads(out.getvalue())
    assert summary["format"] == "xls"
    assert summary["rows"] == 3
