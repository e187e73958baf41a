"""Print a period's department ranking (绩效考核得分排名), or every score line as JSON."""

import json
import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from duban.appraisal.scoring import DepartmentScore, format_points
from duban.appraisal.selectors import department_scores, period_find
from duban.appraisal.services import scoring_scheme_get_or_create
from duban.core.audit import SYSTEM

PERIOD_NOT_FOUND = "没有找到 {government}{year}年「{period}」的填报期次。"


def score_as_dict(score: DepartmentScore) -> dict[str, Any]:
    """The JSON shape: {department, group, total, rate, rank, lines: [{task, period, rule,
    points, evidence}]}; points are numbers, rate is percent (null when nothing was scored),
    a line about the whole department has task null."""
    return {
        "department": score.department.name,
        "group": score.department.group,
        "total": float(score.total),
        "rate": float(score.rate) if score.rate is not None else None,
        "rank": score.rank,
        "lines": [
            {
                "task": line.task or None,
                "period": line.period,
                "rule": line.rule_label,
                "points": float(line.points),
                "evidence": line.evidence,
            }
            for line in score.lines
        ],
    }


class Command(BaseCommand):
    help = "按考核计分办法计算各单位得分并排名(首次计分时以默认办法建立计分办法)。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--period", required=True, help="期次,如 上半年、1-9月")
        parser.add_argument("--government", default="嘉兴市")
        parser.add_argument("--json", action="store_true", help="输出每个单位的得分明细(JSON)")

    def handle(self, *args: Any, **options: Any) -> None:
        period = period_find(
            government=options["government"], year=options["year"], label=options["period"]
        )
        if period is None:
            raise CommandError(
                PERIOD_NOT_FOUND.format(
                    government=options["government"],
                    year=options["year"],
                    period=options["period"],
                )
            )
        scheme = scoring_scheme_get_or_create(plan=period.plan, actor=SYSTEM)
        scores = department_scores(
            period=period, scheme=scheme.as_scheme(), today=timezone.localdate()
        )
        if options["json"]:
            data = [score_as_dict(score) for score in scores]
            sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
            return
        self.stdout.write(f"{period.plan.government.name}{period} 绩效考核得分排名")
        self.stdout.write("名次\t得分率\t总分\t单位\t排名组")
        for score in scores:
            rate = f"{score.rate}%" if score.rate is not None else "—"
            self.stdout.write(
                f"{score.rank}\t{rate}\t{format_points(score.total)}\t"
                f"{score.department.name}\t{score.department.group}"
            )
