"""本期变化: each task's progress against the last period, 无新进展 when essentially the same."""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from duban.dashboards.changes import ChangeFlag, change_flag, change_summary_for
from duban.reporting.models import ProgressReport
from duban.reporting.services.reports import ReportContent, report_save

pytestmark = pytest.mark.django_db

URL = reverse("dashboards:changes")
LONG = (
    "1.全市新开工项目32个,完成投资110.95亿元,占年度计划的38.3%。\n"
    "2.召开推进会3次,协调解决问题12个。"
)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.mark.parametrize(
    ("previous", "current", "expected"),
    [
        (LONG, LONG, ChangeFlag.NO_PROGRESS),
        (LONG, LONG.replace("3次", "4次"), ChangeFlag.NO_PROGRESS),  # one character: ≈ 0.99
        (LONG, LONG + "\n3.完成主体工程验收,全线通车。", ChangeFlag.CHANGED),
        (LONG, "1.项目全部完工并投入使用。", ChangeFlag.CHANGED),
        (None, LONG, ChangeFlag.FIRST),
        ("", LONG, ChangeFlag.FIRST),
        (LONG, "", ChangeFlag.MISSING),
        (LONG, "  \n", ChangeFlag.MISSING),
    ],
)
def test_change_flag(previous, current, expected):
    assert change_flag(previous, current, 0.9) == expected


def test_threshold_decides_what_counts_as_no_progress():
    edited = LONG.replace("12个", "15个。另新增签约项目8个")
    assert change_flag(LONG, edited, 0.8) == ChangeFlag.NO_PROGRESS
    assert change_flag(LONG, edited, 0.95) == ChangeFlag.CHANGED


@pytest.fixture
def reported(seed_period, open_period, make_user):
    """1-9月: task 1 repeats its 上半年 text, task 2 edits one character, task 3 reports
    something new; the other tasks have not reported yet."""
    for seq, change in [
        ("1", lambda text: text),
        ("2", lambda text: text[:-1] + ("!" if not text.endswith("!") else "。")),
        ("3", lambda _text: "1.三季度新增完成投资45亿元,提前完成全年目标。"),
    ]:
        earlier = ProgressReport.objects.get(period=seed_period, task__seq=seq)
        report = ProgressReport.objects.select_related("department").get(
            period=open_period, task__seq=seq
        )
        liaison = make_user("liaison", report.department.name)
        report_save(
            report=report,
            content=ReportContent(progress=change(earlier.progress)),
            expected_version=report.version,
            actor=liaison,
        )
    return open_period


def test_summary_flags_every_task(reported, make_user):
    summary = change_summary_for(user=make_user("leader"), period=reported)
    assert summary.previous_label == "上半年"
    assert summary.count(ChangeFlag.NO_PROGRESS) == 2
    assert summary.count(ChangeFlag.CHANGED) == 1
    assert summary.count(ChangeFlag.MISSING) == 97
    assert summary.total == 100


def test_threshold_is_a_setting(reported, make_user, settings):
    settings.DUBAN_NO_PROGRESS_SIMILARITY = 1.0  # only identical texts
    summary = change_summary_for(user=make_user("leader"), period=reported)
    assert summary.count(ChangeFlag.NO_PROGRESS) == 1
    assert summary.threshold == 1.0


def test_page_shows_the_diff_and_flags_no_progress(reported, make_user):
    client = Client()
    client.force_login(make_user("leader"))
    html = client.get(URL, {"period": reported.pk, "flag": "stale"}).content.decode()

    assert "与上半年相比" in html
    assert html.count('<span class="flag flag-stale">无新进展</span>') == 2
    assert "相似度 100.0%" in html
    assert "达到 90.0% 及以上" in html
    assert '<article class="card change change-changed"' not in html

    changed = client.get(URL, {"period": reported.pk, "flag": "changed"}).content.decode()
    assert '<span class="flag flag-changed">有更新</span>' in changed
    assert "<ins>" in changed
    assert "<del>" in changed
    new_text = re.sub(r"<del>.*?</del>|</?ins>", "", changed, flags=re.DOTALL)  # as the new text
    assert "1.三季度新增完成投资45亿元,提前完成全年目标。" in new_text


def test_first_period_has_nothing_to_compare(seed_period, make_user):
    client = Client()
    client.force_login(make_user("leader"))
    html = client.get(URL, {"period": seed_period.pk}).content.decode()
    assert "上半年是本计划的第一期,没有上期可比较。" in html
    assert 'class="flag flag-stale"' not in html


def test_an_edited_report_is_compared_again(reported, make_user):
    leader = make_user("leader")
    assert change_summary_for(user=leader, period=reported).count(ChangeFlag.NO_PROGRESS) == 2
    report = ProgressReport.objects.select_related("department").get(period=reported, task__seq="1")
    report_save(
        report=report,
        content=ReportContent(progress="1.全面完成,项目已竣工验收并投入运营。"),
        expected_version=report.version,
        actor=make_user("liaison", report.department.name),
    )
    assert change_summary_for(user=leader, period=reported).count(ChangeFlag.NO_PROGRESS) == 1


def test_department_user_sees_changes_of_its_own_tasks(reported, make_user):
    summary = change_summary_for(user=make_user("liaison", "市商务局"), period=reported)
    assert 0 < summary.total < 100
