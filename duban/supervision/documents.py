"""The slip (督办单) and the bulletin (通报) as Word documents in the official layout."""

import datetime

from django.utils import timezone

from duban.exports.renderers.docx import OfficialDocument, chinese_date

from .bulletin import names_or_none
from .models import SupervisionSlip
from .selectors import BulletinData, BulletinTask, slip_problems

OFFICE_SUFFIX = "人民政府督查室"
BULLETIN_MARK = "督查通报"
NO_REASON = "牵头单位未报送原因分析"
NEXT_STEPS = (
    "各责任单位要对照年度目标任务,查找差距、分析原因,倒排时间、挂图作战,确保各项重点工作"
    "按序时进度推进。对进度滞后的工作,牵头单位要制定针对性措施,加快推进;市政府督查室将"
    "持续跟踪督办,并将推进情况纳入年度工作目标责任制考核。"
)


def office_name(government: str) -> str:
    """嘉兴市 → 嘉兴市人民政府督查室 (a name already ending in 人民政府 keeps it once)."""
    base = government.removesuffix("人民政府")
    return f"{base}{OFFICE_SUFFIX}"


def slip_docx(slip: SupervisionSlip, *, problems: list[str] | None = None) -> bytes:
    """The slip as printed: 红头, number, title, level and the six items, issuer and date."""
    office = office_name(slip.plan.government.name)
    doc = OfficialDocument()
    doc.issuer_mark(office)
    doc.document_number(slip.number_label)
    doc.title("督办单")
    doc.paragraph(f"{slip.get_level_display()}色督办", lead="督办等级:")
    task = slip.task
    doc.paragraph(f"{task.seq + '. ' if task.seq else ''}{task.text}", lead="督办事项:")
    lines = slip_problems(slip) if problems is None else problems
    doc.paragraphs(lines or ["—"], lead="存在问题:")
    doc.paragraphs(slip.requirements.splitlines() or [""], lead="督办要求:")
    doc.paragraph(
        f"请于{chinese_date(*_ymd(slip.reply_deadline))}前书面反馈办理情况。", lead="办理时限:"
    )
    doc.paragraph("、".join(d.name for d in slip.departments.all()), lead="承办单位:")
    doc.signature(office, chinese_date(*_ymd(timezone.localdate(slip.issued_at))))
    return doc.to_bytes()


def _ymd(day: datetime.date) -> tuple[int, int, int]:
    return day.year, day.month, day.day


def bulletin_docx(data: BulletinData, *, number: int, issued: datetime.date) -> bytes:
    """A numbered bulletin (第N期) about one period, in the sections practice uses."""
    office = office_name(data.government)
    doc = OfficialDocument()
    doc.issuer_mark(BULLETIN_MARK)
    doc.document_number(
        f"{data.year}年第{number}期", right=f"{office}  {chinese_date(*_ymd(issued))}"
    )
    doc.title(f"关于{data.year}年政府工作报告重点工作{data.period_label}推进情况的通报")
    doc.paragraph(
        f"根据各责任单位报送的{data.period_label}进展情况,经市政府督查室审核认定,"
        "现将政府工作报告重点工作推进情况通报如下。",
    )
    doc.heading("一、总体情况")
    doc.paragraph(data.summary)
    if data.excluded_note:
        doc.paragraph(data.excluded_note)
    if data.report_quality:
        doc.paragraph(data.report_quality)
    doc.heading("二、进度滞后的工作")
    if not data.lagging:
        doc.paragraph("无")
    for index, item in enumerate(data.lagging, start=1):
        text = f"{index}.{_task_line(item)}【{item.status_label}】"
        if item.gap:
            text += f"。差距:{item.gap}"
        text += f"。原因:{item.reason or NO_REASON}"
        if item.forecast:
            text += f"。{item.forecast}"
        doc.paragraph(text)
    if data.forecast_at_risk:
        doc.paragraph(FORECAST_AT_RISK_INTRO)
        for index, item in enumerate(data.forecast_at_risk, start=1):
            doc.paragraph(f"{index}.{_task_line(item)}【{item.status_label},{item.forecast}】")
    doc.heading("三、报送不及时的单位")
    if data.due_date is not None:
        doc.paragraph(f"本期填报截止日期为{chinese_date(*_ymd(data.due_date))}。")
    late = [
        d.name
        + "("
        + ",".join(
            part
            for part in (
                f"逾期报送{d.late}项" if d.late else "",
                f"未报送{d.missing}项" if d.missing else "",
            )
            if part
        )
        + ")"
        for d in data.late_departments
    ]
    doc.paragraph(names_or_none(late))
    doc.heading("四、进度较快的工作")
    if not data.ahead:
        doc.paragraph("无")
    for index, item in enumerate(data.ahead, start=1):
        doc.paragraph(f"{index}.{_task_line(item)}【{item.status_label}】")
    doc.heading("五、下一步要求")
    doc.paragraph(NEXT_STEPS)
    doc.signature(office, chinese_date(*_ymd(issued)))
    return doc.to_bytes()


# Tasks on schedule today whose lead unit forecasts the year's target in danger (预计全年).
FORECAST_AT_RISK_INTRO = "以下工作当前进度虽未滞后,但牵头单位预计全年完成有困难,请重点关注:"


def _task_line(item: BulletinTask) -> str:
    seq = f"第{item.seq}项 " if item.seq else ""
    lead = f"(牵头单位:{item.lead})" if item.lead else ""
    note = f"({item.baseline_note})" if item.baseline_note else ""
    return f"{seq}{item.name}{lead}{note}"
