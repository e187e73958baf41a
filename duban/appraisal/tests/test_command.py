"""`score_departments` on the seed: the ranking, the JSON lines, and that every department's
lines add up to its total."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from duban.appraisal.models import ScoringScheme
from duban.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("score_departments", *args, stdout=out)
    return out.getvalue()


def run_json(capsys, *args: str) -> list[dict]:
    call_command("score_departments", "--json", *args)
    return json.loads(capsys.readouterr().out)


def test_json_lines_add_up_for_every_department(seed_period, capsys):
    data = run_json(capsys, "--year", "2021", "--period", "上半年", "--government", "嘉兴市")
    assert len(data) > 30
    for department in data:
        total = sum((Decimal(str(line["points"])) for line in department["lines"]), Decimal(0))
        assert total == Decimal(str(department["total"])), department["department"]
        for line in department["lines"]:
            assert set(line) == {"task", "period", "rule", "points", "evidence"}
            assert line["period"] == "2021年上半年"
            assert line["rule"]
            assert line["evidence"]
            assert isinstance(line["points"], int | float)


def test_seed_scores_follow_the_decided_statuses(seed_period, capsys):
    data = {d["department"]: d for d in run_json(capsys, "--year", "2021", "--period", "上半年")}
    # Default scheme: 10 per lead task, 100% on schedule, 60% partly behind, 30% behind,
    # +0.8 for 进度较快; the imported reports are on time and there are no slips.
    lines = [line for d in data.values() for line in d["lines"]]
    assert {line["rule"] for line in lines} <= {"基本分", "提前完成加分", "超额完成加分"}
    base = [line for line in lines if line["rule"] == "基本分"]
    assert sum(line["points"] == 10 for line in base) == 95  # 88 按时推进 + 7 进度较快
    assert sum(line["points"] == 6 for line in base) == 3  # 部分滞后
    assert sum(line["points"] == 3 for line in base) == 1  # 进度滞后
    # Ranked by 得分率, county governments apart from city units, each group from 1.
    groups: dict[str, list[dict]] = {}
    for d in data.values():
        groups.setdefault(d["group"], []).append(d)
    assert set(groups) == {"市直单位", "县(市、区)政府"}
    for members in groups.values():
        assert members[0]["rank"] == 1
        rates = [d["rate"] for d in members]
        assert rates == sorted(rates, reverse=True)


def test_text_ranking_and_scheme_created_once(seed_period):
    out = run("--year", "2021", "--period", "上半年")
    assert out.splitlines()[0] == "嘉兴市2021年上半年 绩效考核得分排名"
    assert out.splitlines()[2].startswith("1\t")
    run("--year", "2021", "--period", "上半年")
    assert ScoringScheme.objects.filter(plan=seed_period.plan).count() == 1
    created = AuditEvent.objects.filter(verb="appraisal.scheme_create")
    assert created.count() == 1
    assert created.get().actor_label == "系统"


@pytest.mark.parametrize(
    "args",
    [
        ("--year", "2020", "--period", "上半年"),
        ("--year", "2021", "--period", "全年"),
        ("--year", "2021", "--period", "上半年", "--government", "湖州市"),
    ],
)
def test_unknown_period_is_an_error_in_chinese(seed_period, args):
    with pytest.raises(CommandError, match="没有找到"):
        run(*args)
