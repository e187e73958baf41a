"""`import_table` and `export_table`: the seed summary, dry runs, problems, round trips."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from duban.conftest import SEED_PATH
from duban.core.models import AuditEvent
from duban.exports.renderers import EXTENSIONS
from duban.ledger.models import KeyTask, Plan
from duban.publishing.models import Publication
from duban.reporting.selectors import progress_table_rows

pytestmark = pytest.mark.django_db
IMPORT_ARGS = ["--year", "2021", "--period", "上半年", "--as-of", "2021-06-30"]


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def seed_tail() -> str:
    text = SEED_PATH.read_text(encoding="utf-8")
    return text[text.index("序号") :]


def test_import_json_summary_on_the_seed():
    summary = json.loads(run("import_table", str(SEED_PATH), *IMPORT_ARGS, "--json"))
    assert summary["rows"] == 100
    assert summary["numbered_tasks"] == 96
    assert summary["sub_rows"] == 4
    assert summary["status_counts"] == {"按时推进": 88, "进度较快": 7, "部分滞后": 3, "进度滞后": 1}
    assert summary["empty_status"] == 1
    assert summary["departments"]["created"] == len(summary["departments"]["created_names"]) > 50
    assert summary["departments"]["matched"] == 0
    assert summary["applied"] is True
    assert summary["warnings"] == []
    assert summary["problems"] == []
    # Imported again, every unit is matched and none created.
    again = json.loads(run("import_table", str(SEED_PATH), *IMPORT_ARGS, "--json"))
    assert again["departments"]["created"] == 0
    assert again["departments"]["matched"] == summary["departments"]["created"]


def test_publish_uses_the_pages_date_and_source():
    summary = json.loads(run("import_table", str(SEED_PATH), *IMPORT_ARGS, "--publish", "--json"))
    assert summary["published"]["published_at"] == "2021-09-08 17:17"
    assert summary["published"]["source"] == "市政府办公室"
    assert summary["published"]["title"] == (
        "2021年嘉兴市政府工作报告重点工作及政府绩效考核执行情况(上半年)"
    )
    # Publishing the same content again keeps the published version.
    run("import_table", str(SEED_PATH), *IMPORT_ARGS, "--publish", "--json")
    assert Publication.objects.count() == 1


def test_dry_run_writes_nothing():
    summary = json.loads(run("import_table", str(SEED_PATH), *IMPORT_ARGS, "--dry-run", "--json"))
    assert summary["rows"] == 100
    assert summary["applied"] is False
    assert not Plan.objects.exists()
    assert not AuditEvent.objects.exists()


def test_problems_fail_the_command_and_write_nothing(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "序号,工作任务,进展情况,牵头部门,进展状态\n1,任务。,进展。,市商务局,很好\n", "utf-8"
    )
    out = io.StringIO()
    with pytest.raises(CommandError, match="未写入任何数据"):
        call_command("import_table", str(bad), *IMPORT_ARGS, stdout=out)
    assert "第2行(序号1):进展状态「很好」不在本计划的状态词表中" in out.getvalue()
    assert not KeyTask.objects.exists()


def test_new_unit_in_known_tree_needs_confirmation(tmp_path):
    run("import_table", str(SEED_PATH), *IMPORT_ARGS)
    new = tmp_path / "new.csv"
    new.write_text("序号,工作任务,进展情况,牵头部门\n1,任务。,进展。,市新设局\n", "utf-8")
    args = [str(new), "--year", "2021", "--period", "1-9月", "--as-of", "2021-09-30"]
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_table", *args, stdout=out)
    assert "未确认的新单位:市新设局" in out.getvalue()
    run("import_table", *args, "--create-departments", "--on-conflict", "update")
    assert KeyTask.objects.get(seq="1").responsibilities.get().department.name == "市新设局"


def test_unknown_layout_is_a_clear_error(tmp_path):
    other = tmp_path / "other.csv"
    other.write_text("姓名,电话\n张三,123\n", "utf-8")
    with pytest.raises(CommandError, match="无法识别表格版式"):
        call_command("import_table", str(other), *IMPORT_ARGS, stdout=io.StringIO())


def test_export_text_reproduces_the_seed_character_for_character(tmp_path):
    run("import_table", str(SEED_PATH), *IMPORT_ARGS)
    out = tmp_path / "out.txt"
    run(
        "export_table",
        "--year",
        "2021",
        "--period",
        "上半年",
        "--format",
        "text",
        "--output",
        str(out),
    )
    assert out.read_text(encoding="utf-8") == seed_tail()


def test_export_json_shape(tmp_path):
    run("import_table", str(SEED_PATH), *IMPORT_ARGS)
    out = tmp_path / "out.json"
    run(
        "export_table",
        "--year",
        "2021",
        "--period",
        "上半年",
        "--format",
        "json",
        "--output",
        str(out),
    )
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert len(rows) == 100
    assert rows[0] == {
        "seq": "1",
        "task": rows[0]["task"],
        "progress": rows[0]["progress"],
        "lead": ["嘉善县政府", "长三角发展办"],
        "co": [],
        "departments_printed": "嘉善县政府、\n长三角发展办",
        "status": "按时推进",
    }
    assert rows[11]["seq"] == ""
    assert rows[11]["lead"] == ["嘉通集团", "铁投集团"]
    assert rows[14]["seq"] == "14"
    assert rows[14]["status"] == ""


def test_export_xlsx_and_csv_hold_the_five_columns(tmp_path):
    run("import_table", str(SEED_PATH), *IMPORT_ARGS, "--publish")
    xlsx, csv_path = tmp_path / "t.xlsx", tmp_path / "t.csv"
    common = ["--year", "2021", "--period", "上半年"]
    run("export_table", *common, "--format", "xlsx", "--output", str(xlsx))
    run("export_table", *common, "--format", "csv", "--output", str(csv_path))
    sheet = load_workbook(xlsx).active
    assert [c.value for c in sheet[3]] == [
        "序号",
        "主要工作任务",
        "进展情况",
        "牵头部门",
        "进展状态",
    ]
    assert sheet.max_row == 103
    rows = list(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["序号", "主要工作任务", "进展情况", "牵头部门", "进展状态"]
    assert len(rows) == 101


def _facts(period):
    return [
        (r.seq, r.task, r.progress, tuple(r.departments), r.status)
        for r in progress_table_rows(period=period)
    ]


@pytest.mark.parametrize("fmt", ["text", "html", "xlsx", "csv", "json"])
def test_round_trip_through_every_format(tmp_path, fmt):
    """Importing any export into a fresh period gives back the same data."""
    run("import_table", str(SEED_PATH), *IMPORT_ARGS, "--publish")
    out = tmp_path / f"export.{EXTENSIONS[fmt]}"
    run(
        "export_table",
        "--year",
        "2021",
        "--period",
        "上半年",
        "--format",
        fmt,
        "--output",
        str(out),
    )
    run("import_table", str(out), "--year", "2021", "--period", "复核", "--as-of", "2021-06-30")
    original = Plan.objects.get().periods.get(label="上半年")
    copy = Plan.objects.get().periods.get(label="复核")
    assert _facts(copy) == _facts(original)
    if fmt in {"text", "html", "xlsx", "csv"}:
        # These keep the 牵头部门 cell exactly as printed, line breaks and all.
        texts = [r.departments_text for r in progress_table_rows(period=copy)]
        assert texts == [r.departments_text for r in progress_table_rows(period=original)]


def test_export_of_unknown_period_is_a_clear_error():
    with pytest.raises(CommandError, match="没有找到"):
        call_command("export_table", "--year", "2030", "--period", "上半年", stdout=io.StringIO())
