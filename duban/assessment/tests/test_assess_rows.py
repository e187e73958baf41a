"""The assess_rows and eval_extractor commands, run on temporary files (no database)."""

import json
from io import StringIO
from pathlib import Path
from typing import Any

from django.core.management import call_command

from .test_evaluation import OTHER_GOVERNMENTS


def _run(tmp_path: Path, lines: list[str], *extra: str) -> list[dict[str, Any]]:
    source = tmp_path / "in.jsonl"
    target = tmp_path / "out.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    call_command(
        "assess_rows", "--input", str(source), "--output", str(target), *extra, stdout=StringIO()
    )
    return [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]


def test_assess_rows_writes_one_record_per_row(tmp_path: Path) -> None:
    row = {
        "id": "jx-86",
        "seq": "86",
        "as_of": "2021-06-30",
        "task": "新增城镇就业16万人。",
        "progress": "截至6月,全市城镇新增就业7.2万人。",
    }
    [record] = _run(tmp_path, [json.dumps(row, ensure_ascii=False)])
    assert record["id"] == "jx-86"
    assert record["targets"][0]["value"] == 160000
    assert record["pairs"][0] == {
        "target": 0,
        "actual_text": "全市城镇新增就业7.2万人",
        "actual_value": 72000,
        "actual_unit": "人",
        "actual_kind": "amount",
        "months": [1, 6],
        "completion": 45.0,
        "time_share": 50.0,
        "gap_pp": 5.0,
    }
    assert (record["status"], record["label"]) == ("PARTLY_BEHIND", "部分滞后")
    assert record["reasons"][0].endswith("→ 部分滞后")


def test_assess_rows_survives_malformed_lines(tmp_path: Path) -> None:
    lines = [
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"id": "no-progress", "task": "x", "as_of": "2021-06-30"}),
        json.dumps({"id": "bad-date", "task": "x", "progress": "y", "as_of": "30/06/2021"}),
        json.dumps(
            {
                "id": "ok",
                "task": "争创全国法治政府建设示范市。",
                "progress": "推进中",
                "as_of": "2021-06-30",
            },
            ensure_ascii=False,
        ),
        "",
    ]
    records = _run(tmp_path, lines)
    assert [record["id"] for record in records] == [None, None, "no-progress", "bad-date", "ok"]
    assert all(record["status"] == "NOT_ASSESSABLE" for record in records)
    assert all(record["reasons"] and record["label"] == "" for record in records)


def test_assess_rows_standard_profile_prints_completed(tmp_path: Path) -> None:
    row = {
        "id": 1,
        "as_of": "2021-06-30",
        "task": "新增绿色工厂25家。",
        "progress": "1-6月新增绿色工厂26家。",
    }
    [record] = _run(tmp_path, [json.dumps(row, ensure_ascii=False)], "--profile", "standard")
    assert (record["status"], record["label"]) == ("COMPLETED", "已完成")


def test_eval_extractor_prints_json_figures() -> None:
    out = StringIO()
    call_command("eval_extractor", "--labels", str(OTHER_GOVERNMENTS), "--json", stdout=out)
    figures = json.loads(out.getvalue())
    assert figures["targets"]["f1"] >= 0.92
    assert figures["pairs"]["f1"] >= 0.80
