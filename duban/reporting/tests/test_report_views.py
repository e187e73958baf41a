"""Report pages: inbox, editing with conflicts, workflow buttons, diffs, attachments, periods."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from duban.reporting.forms import REPORT_TEXT_MAX_CHARS, REPORT_TEXT_TOO_LONG
from duban.reporting.models import ProgressReport, ReportingPeriod
from duban.reporting.services.reports import ReportContent, report_act, report_save

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF"


@pytest.fixture
def period(open_period):
    return open_period


@pytest.fixture
def report(period):
    return ProgressReport.objects.get(period=period, task__seq="8")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def liaison(make_user, period):
    return make_user("liaison", "市发展改革委")


def post_form(client, report, action, text, version):
    data = {
        "action": action,
        "version": version,
        "progress": text,
        "problems": "",
        "next_steps": "",
        "self_status": "",
        "fig-TOTAL_FORMS": "0",
        "fig-INITIAL_FORMS": "0",
    }
    return client.post(reverse("reporting:report_detail", args=[report.pk]), data, follow=True)


def test_inbox_lists_what_is_due_with_overdue_marked(liaison, report, time_machine):
    time_machine.move_to(datetime.datetime(2021, 10, 12, 9, tzinfo=datetime.UTC))
    page = signed_in(liaison).get(reverse("reporting:inbox")).content.decode()
    count = ProgressReport.objects.filter(
        period=report.period, department__name="市发展改革委"
    ).count()
    assert f"逾期 {count} 项" in page
    assert "配合报送" in page  # tasks 市发展改革委 co-leads


def test_liaison_saves_and_submits_from_the_page(liaison, report):
    client = signed_in(liaison)
    page = post_form(client, report, "submit", "1.签约项目12个。\n2.开工8个。", report.version)
    report.refresh_from_db()
    assert report.state == "pending_head"
    assert report.progress == "1.签约项目12个。\n2.开工8个。"
    assert "已提交,等待部门负责人审核" in page.content.decode()


def test_a_submission_with_quality_flags_goes_through_with_a_notice(liaison, make_user, report):
    """An empty-ish report is still submitted; the department reads the notice, and so does
    the head who reviews it."""
    from duban.reporting.views.reports import QUALITY_HINT

    page = post_form(signed_in(liaison), report, "submit", "稳步推进。", report.version)
    report.refresh_from_db()
    assert report.state == "pending_head"
    text = page.content.decode()
    assert "已提交,等待部门负责人审核" in text
    assert "系统发现" in text
    assert 'id="report-quality"' in text
    assert "内容空泛" in text
    assert QUALITY_HINT in text
    head = make_user("head", "市发展改革委")
    review = signed_in(head).get(reverse("reporting:report_detail", args=[report.pk]))
    assert 'id="report-quality"' in review.content.decode()


def test_a_report_without_flags_shows_no_notice(liaison, report):
    page = post_form(
        signed_in(liaison), report, "submit", "1.签约项目12个。\n2.开工8个。", report.version
    ).content.decode()
    assert "系统发现" not in page


def test_conflict_keeps_the_typed_text_and_shows_the_latest(liaison, make_user, report):
    colleague = make_user("liaison", "市发展改革委")
    loaded = report.version
    report_save(
        report=report,
        content=ReportContent(progress="1.同事先保存的内容。"),
        expected_version=loaded,
        actor=colleague,
    )
    page = post_form(
        signed_in(liaison), report, "save", "1.我正在写的内容。", loaded
    ).content.decode()
    assert "保存失败:此报告已被" in page
    assert "1.我正在写的内容。</textarea>" in page
    assert 'id="conflict"' in page
    assert "1.同事先保存的内容。" in page
    report.refresh_from_db()
    assert report.progress == "1.同事先保存的内容。"
    # The form now carries the latest version: saving again is a deliberate overwrite.
    assert f'name="version" value="{report.version}"' in page


def test_head_and_reviewer_buttons_and_return_reason(liaison, make_user, report):
    head, reviewer = make_user("head", "市发展改革委"), make_user("reviewer")
    report_save(
        report=report,
        content=ReportContent(progress="1.x"),
        expected_version=report.version,
        actor=liaison,
    )
    report_act(report=report, action="submit", actor=liaison)
    url = reverse("reporting:report_detail", args=[report.pk])
    head_page = signed_in(head).get(url).content.decode()
    assert "审核通过" in head_page
    signed_in(head).post(url, {"action": "approve"})
    signed_in(reviewer).post(url, {"action": "return", "reason": "缺少1-9月数据。"})
    report.refresh_from_db()
    assert report.state == "returned"
    liaison_page = signed_in(liaison).get(url).content.decode()
    assert 'id="return-reason"' in liaison_page
    assert "缺少1-9月数据。" in liaison_page


def test_return_without_reason_shows_the_message(liaison, make_user, report):
    report_save(
        report=report,
        content=ReportContent(progress="1.x"),
        expected_version=report.version,
        actor=liaison,
    )
    report_act(report=report, action="submit", actor=liaison)
    page = (
        signed_in(make_user("head", "市发展改革委"))
        .post(
            reverse("reporting:report_detail", args=[report.pk]),
            {"action": "return", "reason": ""},
            follow=True,
        )
        .content.decode()
    )
    assert "退回必须填写原因" in page


def test_attachment_upload_and_guarded_download(liaison, make_user, report):
    url = reverse("reporting:report_detail", args=[report.pk])
    signed_in(liaison).post(url, {"action": "attach", "file": SimpleUploadedFile("证明.pdf", PDF)})
    attachment = report.attachments.get()
    download = reverse("reporting:attachment_download", args=[report.pk, attachment.pk])
    response = signed_in(liaison).get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    assert signed_in(make_user("liaison", "市商务局")).get(download).status_code == 404
    assert Client().get(download).status_code == 302
    # Files live outside the static web root.
    assert not attachment.file.url.startswith("/static/")


def test_upload_from_the_form_saves_the_typed_text_first(liaison, report):
    from duban.reporting.views.reports import SAVED_BEFORE_UPLOAD

    url = reverse("reporting:report_detail", args=[report.pk])
    client = signed_in(liaison)
    page = client.get(url).content.decode()
    # The file field and its button belong to the report form, so the text travels with it.
    assert 'name="file" id="id_attach_file" form="report-form"' in page
    assert 'form="report-form" name="action" value="attach"' in page
    data = {
        "action": "attach",
        "version": report.version,
        "progress": "1.尚未保存的进展。",
        "problems": "用地指标未落实。",
        "next_steps": "",
        "self_status": "",
        "fig-TOTAL_FORMS": "0",
        "fig-INITIAL_FORMS": "0",
        "file": SimpleUploadedFile("证明.pdf", PDF),
    }
    shown = client.post(url, data, follow=True).content.decode()
    report.refresh_from_db()
    assert (report.progress, report.problems) == ("1.尚未保存的进展。", "用地指标未落实。")
    assert report.attachments.get().original_name == "证明.pdf"
    assert SAVED_BEFORE_UPLOAD in shown
    assert "附件已上传。" in shown
    # A stale version keeps the typed text on the page and keeps no file.
    data["file"] = SimpleUploadedFile("第二份.pdf", PDF)
    data["progress"] = "1.又改了一稿。"
    stale = client.post(url, data).content.decode()
    assert "1.又改了一稿。</textarea>" in stale
    assert report.attachments.count() == 1


def test_diff_between_versions_and_against_the_previous_period(liaison, make_user, report):
    head, reviewer = make_user("head", "市发展改革委"), make_user("reviewer")
    for text in ("1.第一稿。", "1.第二稿。"):
        report.refresh_from_db()
        report_save(
            report=report,
            content=ReportContent(progress=text),
            expected_version=report.version,
            actor=liaison,
        )
        report_act(report=report, action="submit", actor=liaison)
        report_act(report=report, action="approve", actor=head)
        report_act(report=report, action="return", actor=reviewer, reason="再改")
    client = signed_in(reviewer)
    page = client.get(reverse("reporting:report_diff", args=[report.pk])).content.decode()
    assert "<del>一</del><ins>二</ins>" in page
    previous = client.get(
        reverse("reporting:report_diff", args=[report.pk]), {"against": "previous"}
    )
    assert "上半年" in previous.content.decode()


def test_office_opens_and_closes_a_period(seed_period, make_user):
    client = signed_in(make_user("office_admin"))
    url = reverse("reporting:period_list")
    response = client.post(
        f"{url}?plan={seed_period.plan_id}",
        {"label": "全年", "as_of": "2021-12-31", "due_date": "2022-01-10"},
        follow=True,
    )
    assert "已开启「全年」填报,共 100 项任务" in response.content.decode()
    period = ReportingPeriod.objects.get(label="全年")
    client.post(reverse("reporting:period_close", args=[period.pk]))
    period.refresh_from_db()
    assert period.state == "closed"


def test_period_form_errors_name_the_field(seed_period, make_user):
    client = signed_in(make_user("office_admin"))
    response = client.post(
        reverse("reporting:period_list"),
        {"label": "全年", "as_of": "2021-12-31", "due_date": "2021-12-01"},
    )
    assert "填报截止日期:填报截止日期不能早于截至日期。" in response.content.decode()


def test_reviewer_sees_periods_but_cannot_open_one(seed_period, make_user):
    client = signed_in(make_user("reviewer"))
    assert client.get(reverse("reporting:period_list")).status_code == 200
    response = client.post(
        reverse("reporting:period_list"),
        {"label": "全年", "as_of": "2021-12-31", "due_date": "2022-01-10"},
    )
    assert response.status_code == 404
    assert not ReportingPeriod.objects.filter(label="全年").exists()


def test_liaison_sees_only_tasks_of_its_department(seed_period, make_user):
    client = signed_in(make_user("liaison", "市商务局"))
    page = client.get(reverse("reporting:task_list")).content.decode()
    assert "共 " in page
    from duban.ledger.models import KeyTask

    visible = (
        KeyTask.objects.filter(responsibilities__department__name="市商务局").distinct().count()
    )
    assert f"共 {visible} 项" in page
    other = KeyTask.objects.get(plan=seed_period.plan, seq="1")
    assert client.get(reverse("reporting:task_detail", args=[other.pk])).status_code == 404


def test_county_liaison_sees_tasks_given_to_its_group(seed_period, make_user):
    client = signed_in(make_user("liaison", "南湖区政府"))
    from duban.ledger.models import KeyTask

    group_task = KeyTask.objects.get(plan=seed_period.plan, seq="12")  # 各县(市、区)政府
    assert client.get(reverse("reporting:task_detail", args=[group_task.pk])).status_code == 200


def test_co_department_contribution_from_the_page(report, make_user):
    # Task 6 is led by 市发展改革委 with 长三角发展办 as co-department.
    task6 = ProgressReport.objects.get(period=report.period, task__seq="6")
    client = signed_in(make_user("liaison", "长三角发展办"))
    url = reverse("reporting:report_detail", args=[task6.pk])
    empty = client.post(url, {"action": "contribute", "text": ""}, follow=True)
    assert "请填写「本单位报送内容」。" in empty.content.decode()
    assert not task6.contributions.exists()
    client.post(url, {"action": "contribute", "text": "长三角办:方案已印发。"})
    assert task6.contributions.get().text == "长三角办:方案已印发。"


def test_a_text_over_the_limit_is_refused_naming_the_field(liaison, report):
    too_long = "完" * (REPORT_TEXT_MAX_CHARS + 1)
    page = post_form(signed_in(liaison), report, "save", too_long, report.version)
    message = REPORT_TEXT_TOO_LONG.format(
        field="进展情况", limit=REPORT_TEXT_MAX_CHARS, length=len(too_long)
    )
    assert message in page.content.decode()
    report.refresh_from_db()
    assert report.progress != too_long


def test_a_saved_contribution_is_no_longer_a_draft_to_do(liaison, period):
    from duban.reporting.services.reports import report_contribute
    from duban.reporting.views.reports import CONTRIBUTION_TODO

    co_led = (
        ProgressReport.objects.filter(
            period=period,
            task__responsibilities__department__name="市发展改革委",
            task__responsibilities__position__gt=0,
        )
        .exclude(department__name="市发展改革委")
        .first()
    )
    assert co_led is not None
    client = signed_in(liaison)
    url = reverse("reporting:report_detail", args=[co_led.pk])
    page = client.get(reverse("reporting:inbox")).content.decode()
    assert url in page
    row = page.split(url)[1].split("</tr>")[0]
    assert CONTRIBUTION_TODO in row
    assert "草稿" not in row  # the lead's draft is not this unit's to-do
    report_contribute(report=co_led, text="配合推进情况。", actor=liaison)
    assert url not in client.get(reverse("reporting:inbox")).content.decode()


def test_the_history_says_returned_to_pending_head_on_a_resubmission(liaison, make_user, report):
    head = make_user("head", "市发展改革委")
    client = signed_in(liaison)
    post_form(client, report, "submit", "1.签约项目12个。", report.version)
    report.refresh_from_db()
    report_act(report=report, action="return", actor=head, reason="请补充数据。")
    report.refresh_from_db()
    # The liaison edits the returned report (a save makes it a draft) and submits it again.
    page = post_form(client, report, "submit", "1.签约项目12个,开工8个。", report.version)
    history = page.content.decode().split("<ol>")[-1].split("</ol>")[0]
    assert "退回 → 待部门审核" in history
    assert "草稿 → 待部门审核" in history  # the first submission
    assert history.count("→") == 3


def test_the_form_starts_from_the_confirmed_indicators_and_the_previous_text(
    liaison, report, period
):
    from django.utils import timezone

    from duban.ledger.models import Indicator
    from duban.reporting.forms import FigureFormSet

    now = timezone.now()
    Indicator.objects.create(
        task=report.task,
        position=0,
        name="签约项目",
        kind="amount",
        target_value=20,
        unit="个",
        confirmed_at=now,
    )
    Indicator.objects.create(
        task=report.task,
        position=1,
        name="实际利用外资",
        kind="amount",
        target_value=5,
        unit="亿美元",
        confirmed_at=now,
    )
    response = signed_in(liaison).get(reverse("reporting:report_detail", args=[report.pk]))
    page = response.content.decode()
    figures = response.context["figures"]
    rows = [form.initial for form in figures.forms if form.initial]
    assert rows == [
        {"name": "签约项目", "unit": "个", "month_from": 1, "month_to": 9},
        {"name": "实际利用外资", "unit": "亿美元", "month_from": 1, "month_to": 9},
    ]
    assert 'value="签约项目"' in page
    # More rows than the form shows at first: an empty row to copy and a button that adds it.
    assert 'id="figure-row-template"' in page
    assert "fig-__prefix__-name" in page
    assert "添加一行指标" in page
    assert "reporting/figure_rows.js" in page
    assert figures.total_form_count() == 2 + FigureFormSet.extra
    # The previous period's text sits beside the form.
    previous = ProgressReport.objects.get(task=report.task, period__label="上半年")
    aside = page.split('class="previous-text"')[1].split("</aside>")[0]
    assert "上一期(上半年)进展情况" in aside
    assert previous.paragraphs[0] in aside


def test_figures_beyond_the_first_rows_are_saved(liaison, report):
    client = signed_in(liaison)
    data = {
        "action": "save",
        "version": report.version,
        "progress": "1.推进。",
        "problems": "",
        "next_steps": "",
        "self_status": "",
        "fig-TOTAL_FORMS": "5",
        "fig-INITIAL_FORMS": "0",
    }
    for n in range(5):
        data |= {
            f"fig-{n}-name": f"指标{n}",
            f"fig-{n}-value": str(n + 1),
            f"fig-{n}-month_to": "9",
        }
    client.post(reverse("reporting:report_detail", args=[report.pk]), data)
    report.refresh_from_db()
    assert report.figures.count() == 5
