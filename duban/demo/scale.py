"""Synthetic plans at city and province scale (`manage.py generate_demo_scale`).

For the cockpit's query budget tests and its benchmark: a government with departments, county
governments, zones and groups; a plan of N tasks with lead and co-units; P reporting periods
with an approved report, a decided status and a kept suggestion per task. Statuses follow a
realistic mix that moves over the year (tasks not started early on, completed late, a few
slipping and recovering), and about a third of the tasks carry a judged figure (completion
against time share). Everything is written with `bulk_create`, one period at a time, so 10,000
tasks × 12 periods takes well under a minute on PostgreSQL.

Suggestions are written as the engine would keep them but not computed by it (that costs
about a millisecond a row); their fingerprint is "generated", so the status review page
recomputes one the first time it shows it.
"""

import calendar
import datetime
import random
import time
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from duban.assessment.models import StatusAssessment
from duban.core.data_version import data_version_bump
from duban.core.exceptions import DomainError
from duban.core.status import TaskStatus, get_profile
from duban.ledger.models import KeyTask, Plan, TaskResponsibility
from duban.orgs.models import Department, DepartmentKind
from duban.reporting.choices import PeriodState, ReportState
from duban.reporting.models import ProgressReport, ReportingPeriod, StatusDecision

DEFAULT_GOVERNMENT = "模拟市"
DEFAULT_YEAR = 2024
MAX_TASKS = 100_000
MAX_PERIODS = 12
BATCH = 2000
PROFILE = "standard"  # the vocabulary with 已完成 and 未启动, which a whole year needs

PLAN_EXISTS = "{government}{year}年的计划已存在;加 --replace 删除后重新生成。"
BAD_TASKS = "任务数应为 1 至 {limit}。"
BAD_PERIODS = "期次数应为 1 至 {limit}。"

DEPARTMENTS = [
    "市发展改革委", "市经信局", "市科技局", "市教育局", "市公安局", "市民政局", "市司法局",
    "市财政局", "市人力社保局", "市自然资源和规划局", "市生态环境局", "市建设局", "市交通运输局",
    "市水利局", "市农业农村局", "市商务局", "市文化广电旅游局", "市卫生健康委", "市应急管理局",
    "市审计局", "市国资委", "市市场监管局", "市体育局", "市统计局", "市医保局", "市综合执法局",
    "市金融办", "市外办", "市政务数据办", "市税务局", "市供销社", "市住房保障中心",
    "市退役军人事务局", "市信访局", "市机关事务局", "市大数据局", "市口岸办", "市人防办",
    "市粮食和物资储备局", "市气象局",
]  # fmt: skip
COUNTIES = [
    "东湖区政府", "西江区政府", "南山区政府", "北塘区政府", "青溪县政府",
    "白石县政府", "云岭县政府", "临川市政府", "安平市政府", "长宁县政府",
]  # fmt: skip
ZONES = ["经济技术开发区", "高新技术产业开发区"]
GROUPS = {"各县(市、区)政府": COUNTIES, "有关县(市、区)政府": COUNTIES[:5]}

TOPICS = [
    ("重大产业项目", "完成投资", "亿元"),
    ("城市更新", "改造老旧小区", "个"),
    ("交通基础设施", "完成投资", "亿元"),
    ("乡村振兴", "建成美丽乡村示范村", "个"),
    ("科技创新", "新增高新技术企业", "家"),
    ("教育优质均衡", "新建改扩建中小学", "所"),
    ("医疗卫生", "新增床位", "张"),
    ("养老服务", "新增养老床位", "张"),
    ("生态环境治理", "完成治理河道", "公里"),
    ("外贸稳增长", "完成进出口额", "亿元"),
    ("招商引资", "实际利用外资", "亿美元"),
    ("数字化改革", "上线应用场景", "个"),
    ("就业创业", "新增城镇就业", "万人"),
    ("保障性住房", "筹集保障性租赁住房", "套"),
    ("文化体育", "建成社区运动场地", "个"),
]
ACTIONS = ["推进", "加快", "实施", "深化", "完善", "统筹", "全面落实"]
STEPS = ["召开专题推进会", "开展现场督查", "出台实施方案", "完成项目招标", "组织专项培训"]


@dataclass(frozen=True)
class ScaleSummary:
    """What was generated."""

    plan_id: int
    government: str
    year: int
    tasks: int
    periods: int
    responsibilities: int
    reports: int
    decisions: int
    assessments: int
    seconds: float


@dataclass
class _Task:
    """One generated task's latent story: its topic, target and how it is going."""

    pk: int
    lead_id: int
    topic: int
    target: int | None  # None: a qualitative task
    health: str  # good / slipping / bad / idle
    completed: bool = False
    progress: str = ""


def _months(periods: int) -> list[int]:
    """Evenly spread month ends: 12 → every month, 4 → quarters, 2 → 6 and 12."""
    return [max(1, round(12 * (index + 1) / periods)) for index in range(periods)]


def _period_label(month: int) -> str:
    return "1月" if month == 1 else f"1-{month}月"


def _health(rng: random.Random) -> str:
    return rng.choices(["good", "slipping", "bad", "idle"], [78, 12, 5, 5])[0]


def _status(task: _Task, month: int, rng: random.Random) -> str:
    """The decided status of a task this month, from its latent health."""
    if task.completed:
        return TaskStatus.COMPLETED
    if task.health == "good":
        chance_done = {9: 0.1, 10: 0.15, 11: 0.25, 12: 0.5}.get(month, 0.0)
        if rng.random() < chance_done:
            task.completed = True
            return TaskStatus.COMPLETED
        return TaskStatus.AHEAD if rng.random() < 0.1 else TaskStatus.ON_TRACK
    if task.health == "slipping":
        return TaskStatus.PARTLY_BEHIND if rng.random() < 0.65 else TaskStatus.ON_TRACK
    if task.health == "bad":
        return TaskStatus.BEHIND if rng.random() < 0.6 else TaskStatus.PARTLY_BEHIND
    if month <= 4:
        return TaskStatus.NOT_STARTED
    return TaskStatus.BEHIND if rng.random() < 0.5 else TaskStatus.PARTLY_BEHIND


def _completion(status: str, time_share: float, rng: random.Random) -> float:
    """A completion rate (%) that the default thresholds would judge as `status`."""
    if status == TaskStatus.COMPLETED:
        return round(rng.uniform(100, 115), 1)
    if status == TaskStatus.AHEAD:
        return round(time_share * rng.uniform(1.1, 1.5), 1)
    if status == TaskStatus.ON_TRACK:
        return round(time_share * rng.uniform(1.0, 1.09), 1)
    if status == TaskStatus.PARTLY_BEHIND:
        return round(max(0.0, time_share - rng.uniform(1, 30)), 1)
    if status == TaskStatus.BEHIND:
        return round(max(0.0, time_share - rng.uniform(30, max(31.0, time_share))), 1)
    return 0.0


def _units(government: Department) -> dict[str, list[Department]]:
    """The government's units by kind, creating whichever are missing (idempotent)."""
    wanted = [
        *((name, DepartmentKind.DEPARTMENT) for name in DEPARTMENTS),
        *((name, DepartmentKind.COUNTY) for name in COUNTIES),
        *((name, DepartmentKind.ZONE) for name in ZONES),
        *((name, DepartmentKind.GROUP) for name in GROUPS),
    ]
    existing = {unit.name: unit for unit in Department.objects.filter(government=government)}
    Department.objects.bulk_create(
        [
            Department(government=government, parent=government, name=name, kind=kind, sort_order=i)
            for i, (name, kind) in enumerate(wanted, start=1)
            if name not in existing
        ]
    )
    by_name = {unit.name: unit for unit in Department.objects.filter(government=government)}
    membership = Department.members.through
    membership.objects.bulk_create(
        [
            membership(from_department_id=by_name[group].pk, to_department_id=by_name[member].pk)
            for group, members in GROUPS.items()
            for member in members
        ],
        ignore_conflicts=True,
    )
    kinds: dict[str, list[Department]] = {"department": [], "county": [], "zone": [], "group": []}
    for name, kind in wanted:
        kinds[str(kind)].append(by_name[name])
    return kinds


def _responsible(rng: random.Random, units: dict[str, list[Department]]) -> list[Department]:
    """A lead unit (mostly a department) and zero to three co-units, all different."""
    lead_kind = rng.choices(["department", "county", "group", "zone"], [80, 8, 7, 5])[0]
    chosen = [rng.choice(units[lead_kind])]
    for _ in range(rng.choices([0, 1, 2, 3], [35, 35, 20, 10])[0]):
        kind = rng.choices(["department", "county", "group", "zone"], [70, 10, 15, 5])[0]
        unit = rng.choice(units[kind])
        if unit not in chosen:
            chosen.append(unit)
    return chosen


def _progress_text(task: _Task, month: int, completion: float | None, rng: random.Random) -> str:
    name, measure, unit = TOPICS[task.topic]
    lines = [f"1.{name}工作有序推进,1-{month}月{rng.choice(STEPS)}{rng.randint(1, 9)}次。"]
    if task.target is not None and completion is not None:
        actual = round(task.target * completion / 100, 1)
        lines.append(
            f"2.1-{month}月累计{measure}{actual:g}{unit},完成年度目标的{completion:.1f}%。"
        )
    else:
        lines.append(f"2.{rng.choice(STEPS)},形成阶段性成果{rng.randint(1, 20)}项。")
    return "\n".join(lines)


def _judged(task: _Task, status: str, month: int, rng: random.Random) -> tuple[list, float | None]:
    """The suggestion's judged figure (as `JudgedFigure.as_record` keeps it) and completion."""
    if task.target is None:
        return [], None
    _name, measure, unit = TOPICS[task.topic]
    time_share = round(month / 12 * 100, 1)
    completion = _completion(status, time_share, rng)
    actual = round(task.target * completion / 100, 1)
    record = {
        "target": f"年内{measure}{task.target}{unit}",
        "actual": f"1-{month}月{measure}{actual:g}{unit}",
        "months": [1, month],
        "completion": completion,
        "time_share": time_share,
        "gap_pp": round(time_share - completion, 1),
        "status": status,
        "counted": True,
        "source": "text",
        "gap_unit": "个百分点",
    }
    return [record], completion


def _check(tasks: int, periods: int) -> None:
    if not 1 <= tasks <= MAX_TASKS:
        raise DomainError(BAD_TASKS.format(limit=MAX_TASKS))
    if not 1 <= periods <= MAX_PERIODS:
        raise DomainError(BAD_PERIODS.format(limit=MAX_PERIODS))


@transaction.atomic
def demo_scale_generate(
    *,
    tasks: int,
    periods: int,
    government: str = DEFAULT_GOVERNMENT,
    year: int = DEFAULT_YEAR,
    seed: int = 2021,
    replace: bool = False,
) -> ScaleSummary:
    """Generate one government's plan of `tasks` tasks over `periods` periods (seeded: the
    same arguments give the same plan). Refuses an existing plan unless `replace`."""
    _check(tasks, periods)
    started = time.perf_counter()
    rng = random.Random(seed)  # noqa: S311 - synthetic demo data, nothing secret
    plan = _plan_create(government=government, year=year, replace=replace)
    units = _units(plan.government)
    stories, duties = _tasks_create(plan, tasks, units, rng)
    period_rows = _periods_create(plan, _months(periods))
    now = timezone.now()
    counts = {"reports": 0, "decisions": 0, "assessments": 0}
    for number, period in enumerate(period_rows):
        last = number == len(period_rows) - 1
        written = _period_fill(period, stories, last=last, now=now, rng=rng)
        for key, count in written.items():
            counts[key] += count
    # Written in bulk without audit events: say so to the pages that cache derived figures.
    data_version_bump()
    return ScaleSummary(
        plan_id=plan.pk,
        government=government,
        year=year,
        tasks=tasks,
        periods=len(period_rows),
        responsibilities=sum(len(chosen) for chosen in duties),
        seconds=round(time.perf_counter() - started, 1),
        **counts,
    )


def _plan_create(*, government: str, year: int, replace: bool) -> Plan:
    """The government's root (created on first use) and a new, empty plan for the year."""
    root, _created = Department.objects.get_or_create(
        government=None, name=government, defaults={"kind": DepartmentKind.GOVERNMENT}
    )
    existing = Plan.objects.filter(government=root, year=year).first()
    if existing is not None:
        if not replace:
            raise DomainError(PLAN_EXISTS.format(government=government, year=year))
        existing.delete()
    return Plan.objects.create(
        government=root,
        year=year,
        title=f"{year}年{government}政府工作报告重点工作(模拟数据)",
        status_profile=PROFILE,
    )


def _tasks_create(
    plan: Plan, tasks: int, units: dict[str, list[Department]], rng: random.Random
) -> tuple[list[_Task], list[list[Department]]]:
    """The plan's tasks with their responsible units; each task's story and units, in order."""
    stories: list[_Task] = []
    task_rows: list[KeyTask] = []
    duties: list[list[Department]] = []
    for index in range(tasks):
        topic = rng.randrange(len(TOPICS))
        name, measure, unit = TOPICS[topic]
        target = rng.randint(10, 500) if rng.random() < 0.35 else None
        goal = f",年内{measure}{target}{unit}" if target is not None else ""
        chosen = _responsible(rng, units)
        duties.append(chosen)
        task_rows.append(
            KeyTask(
                plan=plan,
                seq=str(index + 1),
                position=index + 1,
                text=f"{rng.choice(ACTIONS)}{name}{goal}。",
                responsible_text="\n".join(unit.name for unit in chosen),
            )
        )
        stories.append(_Task(0, chosen[0].pk, topic, target, _health(rng)))
    KeyTask.objects.bulk_create(task_rows, batch_size=BATCH)
    # Read the keys back: not every database returns them from a bulk insert.
    for story, pk in zip(
        stories,
        KeyTask.objects.filter(plan=plan).order_by("position").values_list("pk", flat=True),
        strict=True,
    ):
        story.pk = pk
    TaskResponsibility.objects.bulk_create(
        [
            TaskResponsibility(
                task_id=story.pk, department=unit, position=position, printed_name=unit.name
            )
            for story, chosen in zip(stories, duties, strict=True)
            for position, unit in enumerate(chosen)
        ],
        batch_size=BATCH,
    )
    return stories, duties


def _periods_create(plan: Plan, months: list[int]) -> list[ReportingPeriod]:
    """One closed period per distinct month end, oldest first."""
    year = plan.year
    ReportingPeriod.objects.bulk_create(
        [
            ReportingPeriod(
                plan=plan,
                label=_period_label(month),
                as_of=datetime.date(year, month, calendar.monthrange(year, month)[1]),
                due_date=datetime.date(year, month, calendar.monthrange(year, month)[1])
                + datetime.timedelta(days=10),
                state=PeriodState.CLOSED,
            )
            for month in dict.fromkeys(months)
        ]
    )
    return list(ReportingPeriod.objects.filter(plan=plan).order_by("as_of"))


def _period_fill(
    period: ReportingPeriod,
    stories: list[_Task],
    *,
    last: bool,
    now: datetime.datetime,
    rng: random.Random,
) -> dict[str, int]:
    """Each task's approved report, decided status and kept suggestion for one period.

    The latest period leaves more statuses undecided, as an office mid-review would.
    """
    month = period.as_of.month
    profile = get_profile(PROFILE)
    reports, decisions, assessments = [], [], []
    for story in stories:
        if rng.random() < 0.05:  # tasks do change course during the year
            story.health = _health(rng)
        status = _status(story, month, rng)
        suggested = status
        if rng.random() < 0.1 and status in (TaskStatus.ON_TRACK, TaskStatus.PARTLY_BEHIND):
            # The engine and the office disagree now and then.
            suggested = (
                TaskStatus.PARTLY_BEHIND if status == TaskStatus.ON_TRACK else TaskStatus.ON_TRACK
            )
        pairs, completion = _judged(story, suggested, month, rng)
        if story.progress and rng.random() < 0.08:
            progress = story.progress  # 无新进展: the same text as last time
        else:
            progress = _progress_text(story, month, completion, rng)
        story.progress = progress
        reports.append(
            ProgressReport(
                task_id=story.pk,
                period=period,
                department_id=story.lead_id,
                state=ReportState.APPROVED,
                progress=progress,
                submitted_at=now,
            )
        )
        decided = "" if rng.random() < (0.04 if last else 0.005) else status
        decisions.append(StatusDecision(task_id=story.pk, period=period, status=decided))
        assessments.append(
            StatusAssessment(
                task_id=story.pk,
                period=period,
                status=suggested,
                label=profile.label_for(suggested),
                reasons=["模拟数据。"],
                pairs=pairs,
                inputs_fingerprint="generated",
                computed_at=now,
            )
        )
    ProgressReport.objects.bulk_create(reports, batch_size=BATCH)
    StatusDecision.objects.bulk_create(decisions, batch_size=BATCH)
    StatusAssessment.objects.bulk_create(assessments, batch_size=BATCH)
    return {"reports": len(reports), "decisions": len(decisions), "assessments": len(assessments)}


def as_lines(summary: ScaleSummary) -> list[str]:
    """The summary as the command prints it."""
    return [
        f"已生成:{summary.government}{summary.year}年计划(编号{summary.plan_id})",
        f"任务 {summary.tasks} 项,责任单位 {summary.responsibilities} 条,期次 {summary.periods} 个",
        f"进展报告 {summary.reports} 份,认定状态 {summary.decisions} 条,"
        f"研判建议 {summary.assessments} 条,用时 {summary.seconds} 秒",
    ]
