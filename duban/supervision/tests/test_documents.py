"""The slip and the bulletin as Word documents, parsed back with python-docx."""

import datetime
import io

import docx
import pytest
from django.core.management import call_command
from django.utils import timezone
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from duban.core.audit import SYSTEM
from duban.core.models import AuditEvent
from duban.reporting.models import ProgressReport
from duban.supervision.documents import office_name, slip_docx
from duban.supervision.models import Bulletin
from duban.supervision.services import bulletin_create, slip_issue

pytestmark = pytest.mark.django_db

SEED_SUMMARY = (
    "列入本次通报的重点工作共99项,其中进度较快7项、占比7.1%,按时推进88项、占比88.9%,"
    "部分滞后3项、占比3.0%,进度滞后1项、占比1.0%;达到序时进度95项、占比96.0%。"
)


def _open(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def _texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def _east_asia(run) -> str | None:
    return run._element.rPr.rFonts.get(qn("w:eastAsia"))


def _paragraph(document, startswith: str):
    return next(p for p in document.paragraphs if p.text.startswith(startswith))


def _assert_official_layout(document) -> None:
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin)] == [37, 35]
    assert [round(m.mm) for m in (section.left_margin, section.right_margin)] == [28, 26]
    # Every run names its East Asian font.
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            assert _east_asia(run), f"run without w:eastAsia: {paragraph.text!r}"
    # Page numbers: odd pages right, even pages left, as fields.
    assert document.settings.odd_and_even_pages_header_footer
    odd = section.footer.paragraphs[0]
    even = section.even_page_footer.paragraphs[0]
    assert odd.text == even.text == "— 1 —"
    assert odd._p.xpath(".//w:instrText")[0].text.strip() == "PAGE"


def test_slip_docx(seed_period, lagging_task, lead, make_user):
    office = make_user("office_admin")
    ProgressReport.objects.filter(task=lagging_task, period=seed_period).update(
        problems="高层次人才竞争激烈。\n引才政策吸引力不足。"
    )
    slip = slip_issue(
        task=lagging_task,
        period=seed_period,
        level="yellow",
        requirements="请于10日内报送整改措施。",
        reply_deadline=timezone.localdate() + datetime.timedelta(days=10),
        actor=office,
    )
    document = _open(slip_docx(slip))
    _assert_official_layout(document)
    texts = _texts(document)
    assert texts[0] == "嘉兴市人民政府督查室"
    assert texts[1] == "督办〔2021〕第1号"
    assert "督办单" in texts
    assert "督办等级:黄色督办" in texts
    assert any(t.startswith("督办事项:20. ") for t in texts)
    # The finding is the decided status and the unit's own words: no engine lines.
    assert _paragraph(document, "存在问题:").text == (
        "存在问题:经审核认定,该项工作上半年进展状态为按时推进。"
    )
    assert "牵头单位报送的存在问题:高层次人才竞争激烈;引才政策吸引力不足。" in texts
    assert not any("建议状态" in t or "→" in t or "落后2.1个百分点" in t for t in texts)
    assert "督办要求:请于10日内报送整改措施。" in texts
    deadline = slip.reply_deadline
    assert (
        f"办理时限:请于{deadline.year}年{deadline.month}月{deadline.day}日前书面反馈办理情况。"
        in texts
    )
    assert f"承办单位:{lead.name}" in texts
    assert texts[-2] == "嘉兴市人民政府督查室"
    # Fonts: red 方正小标宋简体 header, title 2号 方正小标宋简体, body 仿宋_GB2312 3号, 黑体 leads.
    header = document.paragraphs[0].runs[0]
    assert _east_asia(header) == "方正小标宋简体"
    assert str(header.font.color.rgb) == "FF0000"
    title = _paragraph(document, "督办单").runs[0]
    assert (_east_asia(title), title.font.size) == ("方正小标宋简体", Pt(22))
    lead_run, body_run = _paragraph(document, "督办要求:").runs
    assert (_east_asia(lead_run), _east_asia(body_run)) == ("黑体", "仿宋_GB2312")
    assert body_run.font.size == Pt(16)
    spacing = _paragraph(document, "督办要求:").paragraph_format
    assert round(spacing.line_spacing.pt, 2) == 28.95
    # The red rule under the number line; 黑体 stands in for a missing 方正小标宋简体.
    number = document.paragraphs[1]._p
    assert number.xpath("./w:pPr/w:pBdr/w:bottom/@w:color") == ["FF0000"]
    table = next(
        p for p in document.part.package.parts if str(p.partname) == "/word/fontTable.xml"
    ).blob.decode()
    assert '<w:font w:name="方正小标宋简体"><w:altName w:val="黑体"/>' in table


def test_office_name():
    assert office_name("嘉兴市") == "嘉兴市人民政府督查室"
    assert office_name("嘉兴市人民政府") == "嘉兴市人民政府督查室"


def test_bulletin_on_the_seed(seed_period, make_user):
    office = make_user("office_admin")
    bulletin = bulletin_create(period=seed_period, actor=office, today=datetime.date(2021, 9, 8))
    assert (bulletin.year, bulletin.number) == (2021, 1)
    assert bulletin.summary == SEED_SUMMARY
    assert bulletin.counts["total"] == 99
    assert bulletin.counts["excluded"] == 1
    assert bulletin.counts["statuses"] == {
        "进度较快": 7,
        "按时推进": 88,
        "部分滞后": 3,
        "进度滞后": 1,
    }
    assert bulletin.counts["late_departments"] == []
    with bulletin.file.open("rb") as stored:
        document = _open(stored.read())
    _assert_official_layout(document)
    texts = _texts(document)
    assert texts[0] == "督查通报"
    assert texts[1].startswith("2021年第1期\t嘉兴市人民政府督查室")
    assert "关于2021年政府工作报告重点工作上半年推进情况的通报" in texts
    assert SEED_SUMMARY in texts
    assert "另有1项重点工作尚未认定进展状态,未列入统计。" in texts
    # Sections in order; the seed period has no due date: nobody reported late.
    headings = ["一、总体情况", "二、进度滞后的工作", "三、报送不及时的单位", "四、进度较快的工作"]
    positions = [texts.index(h) for h in headings]
    assert positions == sorted(positions)
    late_section = texts[positions[2] + 1 : positions[3]]
    assert late_section == ["无"]
    lagging = texts[positions[1] + 1 : positions[2]]
    assert len(lagging) == 4
    assert sum("【部分滞后】" in t for t in lagging) == 3
    assert sum("【进度滞后】" in t for t in lagging) == 1
    assert all("原因:" in t for t in lagging)
    ahead = texts[positions[3] + 1 : texts.index("五、下一步要求")]
    assert len(ahead) == 7
    assert all("【进度较快】" in t for t in ahead)
    summary = _paragraph(document, "列入本次通报")
    assert {_east_asia(r) for r in summary.runs} == {"仿宋_GB2312"}
    title = _paragraph(document, "关于2021年").runs[0]
    assert _east_asia(title) == "方正小标宋简体"
    heading = _paragraph(document, "一、总体情况").runs[0]
    assert (_east_asia(heading), heading.font.size) == ("黑体", Pt(16))
    event = AuditEvent.objects.get(verb="supervision.bulletin_create")
    assert (event.after or {})["total"] == 99


def test_bulletin_numbers_per_year_never_reused(seed_period):
    first = bulletin_create(period=seed_period, actor=SYSTEM)
    first.delete()
    assert bulletin_create(period=seed_period, actor=SYSTEM).number == 2


def test_bulletin_lists_units_that_reported_late_or_not_at_all(open_period, make_user):
    late = ProgressReport.objects.filter(period=open_period).select_related("department")
    first = late[0]
    first.submitted_at = datetime.datetime(2021, 10, 12, 9, tzinfo=datetime.UTC)
    first.save(update_fields=["submitted_at"])
    bulletin = bulletin_create(period=open_period, actor=SYSTEM, today=datetime.date(2021, 10, 15))
    late_units = {d["name"]: d for d in bulletin.counts["late_departments"]}
    assert late_units[first.department.name]["late"] >= 1
    # Everyone else never submitted: all the period's lead units are listed.
    assert set(late_units) == set(late.values_list("department__name", flat=True))
    with bulletin.file.open("rb") as stored:
        texts = _texts(_open(stored.read()))
    assert "本期填报截止日期为2021年10月10日。" in texts
    section = texts[texts.index("三、报送不及时的单位") + 2]
    assert f"{first.department.name}(逾期报送1项" in section


def test_before_the_due_date_nobody_is_late(open_period):
    bulletin = bulletin_create(period=open_period, actor=SYSTEM, today=datetime.date(2021, 10, 1))
    assert bulletin.counts["late_departments"] == []
    # No decided status in 1-9月 yet: all 100 tasks are left out and said to be.
    assert bulletin.summary == "列入本次通报的重点工作共0项。"
    assert bulletin.counts["excluded"] == 100


def test_make_bulletin_command(seed_period, tmp_path, capsys):
    output = tmp_path / "通报.docx"
    call_command("make_bulletin", "--year", "2021", "--period", "上半年", "--output", str(output))
    texts = _texts(_open(output.read_bytes()))
    assert SEED_SUMMARY in texts
    assert Bulletin.objects.get().number == 1
    assert "2021年第1期" in capsys.readouterr().out


def test_make_bulletin_command_refuses_an_unknown_period(seed_period, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="找不到嘉兴市2021年「全年」期次。"):
        call_command(
            "make_bulletin", "--year", "2021", "--period", "全年", "--output", str(tmp_path / "x")
        )


def test_margin_constants_match_gb_t_9704():
    from duban.exports.renderers import docx as renderer

    assert Mm(37) == renderer.MARGIN_TOP
    assert Mm(35) == renderer.MARGIN_BOTTOM
    assert Mm(28) == renderer.MARGIN_LEFT
    assert Mm(26) == renderer.MARGIN_RIGHT


def test_bulletin_says_how_many_reports_carry_quality_notices(open_period, make_user):
    from duban.reporting.models import ProgressReport
    from duban.reporting.services.reports import ReportContent, report_act, report_save

    liaison = make_user("liaison", "市发展改革委")
    report = ProgressReport.objects.filter(
        period=open_period, department__name="市发展改革委"
    ).first()
    assert report is not None
    report_save(
        report=report,
        content=ReportContent(progress="稳步推进。"),
        expected_version=report.version,
        actor=liaison,
    )
    report_act(report=report, action="submit", actor=liaison)
    office = make_user("office_admin")
    bulletin = bulletin_create(period=open_period, actor=office, today=datetime.date(2021, 10, 1))
    assert bulletin.counts["report_quality"].startswith("报送质量:本期提交1份报告,1份有质量提示")
    with bulletin.file.open("rb") as stored:
        texts = _texts(_open(stored.read()))
    assert bulletin.counts["report_quality"] in texts


def test_bulletin_gives_the_reason_the_department_wrote(seed_period, make_user):
    from duban.supervision.documents import NO_REASON

    ProgressReport.objects.filter(period=seed_period, task__seq="75").update(
        problems="能耗双控压力较大,部分项目用能指标尚未落实。"
    )
    bulletin = bulletin_create(
        period=seed_period, actor=make_user("office_admin"), today=datetime.date(2021, 9, 8)
    )
    with bulletin.file.open("rb") as stored:
        texts = _texts(_open(stored.read()))
    item = next(t for t in texts if t.split(".", 1)[-1].startswith("第75项"))
    assert item.endswith("原因:能耗双控压力较大,部分项目用能指标尚未落实")
    assert NO_REASON not in item
    # The others wrote no 存在问题: only those say so.
    lagging = [t for t in texts if "【部分滞后】" in t or "【进度滞后】" in t]
    assert sum(NO_REASON in t for t in lagging) == 3
