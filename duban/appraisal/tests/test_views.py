"""The ranking, its export and the scheme page, per role; the scheme form's errors; audits."""

import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from openpyxl import load_workbook

from duban.appraisal.models import ScoringScheme
from duban.appraisal.services import scoring_scheme_get_or_create
from duban.appraisal.views import EXPORT_HEADER
from duban.core.audit import SYSTEM
from duban.core.models import AuditEvent

pytestmark = pytest.mark.django_db

FGW = "市发展改革委"
RANKING = "/appraisal/"


@pytest.fixture
def scheme(seed_period):
    return scoring_scheme_get_or_create(plan=seed_period.plan, actor=SYSTEM)


def scheme_url(seed_period) -> str:
    return reverse("appraisal:scheme", args=[seed_period.plan_id])


def signed_in(client, user):
    client.force_login(user)
    return client


def test_nav_entry_and_url():
    assert reverse("appraisal:ranking") == RANKING


@pytest.mark.parametrize("role", ["office_admin", "reviewer", "leader"])
def test_office_and_leaders_see_every_unit(client, make_user, seed_period, role):
    response = signed_in(client, make_user(role)).get(RANKING, {"period": seed_period.pk})
    assert response.status_code == 200
    scores = response.context["scores"]
    assert len(scores) == response.context["ranked"] > 30
    body = response.content.decode()
    assert "市商务局" in body
    assert FGW in body
    assert "认定状态「按时推进」:基本分10分×牵头单位100%×得分比例100%" in body
    assert 'href="/appraisal/export.xlsx?period=' in body
    assert ">绩效考核</a>" in body  # the nav entry


@pytest.mark.parametrize("role", ["liaison", "head"])
def test_department_sees_only_its_own_lines_and_rank(client, make_user, seed_period, role):
    response = signed_in(client, make_user(role, FGW)).get(RANKING)
    assert response.status_code == 200
    scores = response.context["scores"]
    assert [s.department.name for s in scores] == [FGW]
    body = response.content.decode()
    assert f"本单位({FGW})在参与排名的{response.context['ranked']}个市直单位中排第" in body
    assert "市商务局</td>" not in body
    lines = scores[0].lines
    assert sum(line.points for line in lines) == scores[0].total


def test_department_without_points_sees_a_note(client, make_user, seed_period):
    # 市税务局 only co-handles tasks, and co-departments earn 0% by default.
    response = signed_in(client, make_user("liaison", "市税务局")).get(RANKING)
    assert response.context["scores"] == []
    assert "本单位本期没有计分记录。" in response.content.decode()


def test_user_without_a_role_is_refused(client, seed_period):
    nobody = get_user_model().objects.create_user("nobody", password="x")
    client.force_login(nobody)
    assert client.get(RANKING).status_code == 403
    assert client.get("/appraisal/export.xlsx").status_code == 403
    assert client.get(scheme_url(seed_period)).status_code == 403


def test_anonymous_is_sent_to_sign_in(client, seed_period):
    assert client.get(RANKING).status_code == 302


def test_unknown_period_is_404(office_client, seed_period):
    assert office_client.get(RANKING, {"period": "x"}).status_code == 404
    assert office_client.get(RANKING, {"period": "999"}).status_code == 404


def test_no_period_yet(office_client):
    response = office_client.get(RANKING)
    assert "还没有填报期次。" in response.content.decode()
    assert office_client.get("/appraisal/export.xlsx").status_code == 404


def _sheet(response) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(response.content))
    return list(workbook.worksheets[0].iter_rows(values_only=True))


def test_export_has_every_line_and_is_audited(office_client, seed_period):
    response = office_client.get("/appraisal/export.xlsx", {"period": seed_period.pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = _sheet(response)
    assert rows[0][0] == "嘉兴市2021年上半年绩效考核得分"
    assert list(rows[1]) == EXPORT_HEADER
    assert EXPORT_HEADER[:5] == ["排名组", "名次", "单位", "得分率", "总分"]
    body = rows[2:]
    totals: dict[str, Decimal] = {}
    for _group, _rank, unit, _rate, total, _task, period, _rule, points, _evidence in body:
        assert period == "2021年上半年"
        totals[unit] = totals.get(unit, Decimal(0)) + Decimal(str(points))
        assert Decimal(str(total)) == Decimal(str(total)).quantize(Decimal("0.01"))
    by_unit = {row[2]: Decimal(str(row[4])) for row in body}
    assert totals == by_unit  # in the workbook too, the lines add up to each total
    event = AuditEvent.objects.get(verb="appraisal.ranking_export")
    assert event.after == {"units": len(by_unit), "rows": len(body)}


def test_department_export_has_only_its_lines(client, make_user, seed_period):
    response = signed_in(client, make_user("liaison", FGW)).get("/appraisal/export.xlsx")
    units = {row[2] for row in _sheet(response)[2:]}
    assert units == {FGW}


def test_scheme_page_shows_defaults_marked_as_assumptions(office_client, seed_period):
    response = office_client.get(scheme_url(seed_period))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("默认值[A]") >= 20
    assert "缺报一次扣10分(督查工作考核细则)" in body
    assert "60%:按进度折算" in body
    assert 'name="share_partly_behind_pct"' in body
    assert "保存</button>" in body
    assert ScoringScheme.objects.filter(plan=seed_period.plan).exists()  # created on first view


@pytest.mark.parametrize(
    ("role", "department"), [("reviewer", None), ("leader", None), ("liaison", FGW)]
)
def test_scheme_is_read_only_for_others(client, make_user, seed_period, role, department):
    client = signed_in(client, make_user(role, department))
    response = client.get(scheme_url(seed_period))
    body = response.content.decode()
    assert response.status_code == 200
    assert "保存</button>" not in body
    assert "disabled" in body
    assert client.post(scheme_url(seed_period), form_data()).status_code == 403


def test_scheme_of_an_unknown_plan_is_404(office_client, seed_period):
    assert office_client.get(reverse("appraisal:scheme", args=[999])).status_code == 404


def form_data(**changes: str) -> dict[str, str]:
    data = {
        "base_points": "10",
        "lead_share_pct": "100",
        "co_share_pct": "0",
        "share_completed_pct": "100",
        "share_ahead_pct": "100",
        "share_on_track_pct": "100",
        "share_partly_behind_pct": "60",
        "share_behind_pct": "30",
        "share_not_started_pct": "0",
        "late_report_deduction": "1",
        "missing_report_deduction": "10",
        "report_quality_deduction": "0",
        "slip_blue_deduction": "0",
        "slip_yellow_deduction": "1",
        "slip_red_deduction": "2",
        "early_bonus_pct": "8",
        "exceed_bonus_pct": "8",
        "exceed_threshold_pct": "10",
        "bonus_cap": "4",
        "item_deduction_cap_pct": "100",
        "rank_by": "rate",
        "rank_groups": "separate",
        "tie_break": "shared",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"co_share_pct": "120"}, "co_share_pct", "「配合单位基本分比例」须在0到100之间。"),
        (
            {"early_bonus_pct": "-1"},
            "early_bonus_pct",
            "「提前完成加分(占该项基本分)」须在0到100之间。",
        ),
        (
            {"late_report_deduction": "-1"},
            "late_report_deduction",
            "「迟报扣分(每次)」不能为负数。",
        ),
        (
            {"exceed_threshold_pct": "-5"},
            "exceed_threshold_pct",
            "「超额完成标准(高于序时进度)」不能为负数。",
        ),
        ({"base_points": "0"}, "base_points", "「每项任务基本分」须大于0。"),
        ({"base_points": "abc"}, "base_points", "「每项任务基本分」须填写数字。"),
        ({"bonus_cap": ""}, "bonus_cap", "「加分上限(每单位)」不能为空。"),
        ({"bonus_cap": "4.125"}, "bonus_cap", "「加分上限(每单位)」最多保留两位小数。"),
        ({"bonus_cap": "123456"}, "bonus_cap", "「加分上限(每单位)」数值过大。"),
        ({"tie_break": "coin"}, "tie_break", "「同分排名」请从列表中选择。"),
        (
            {"share_behind_pct": "70"},
            "share_behind_pct",
            "「进度滞后得分比例」不能高于「部分滞后得分比例」:状态越靠后,得分比例不能越高。",
        ),
        (
            {"share_ahead_pct": "90"},
            "share_on_track_pct",
            "「按时推进得分比例」不能高于「进度较快得分比例」:状态越靠后,得分比例不能越高。",
        ),
    ],
)
def test_scheme_form_errors_name_the_field(office_client, seed_period, changes, field, message):
    response = office_client.post(scheme_url(seed_period), form_data(**changes))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert message in response.content.decode()
    assert not AuditEvent.objects.filter(verb="appraisal.scheme_update").exists()


def test_scheme_edit_is_saved_audited_and_scores_follow(office_client, seed_period):
    response = office_client.post(
        scheme_url(seed_period), form_data(co_share_pct="30", share_partly_behind_pct="50")
    )
    assert response.status_code == 302
    scheme = ScoringScheme.objects.get(plan=seed_period.plan)
    assert scheme.co_share_pct == Decimal("30.00")
    assert scheme.updated_by is not None
    assert scheme.updated_by.username == "office"
    event = AuditEvent.objects.get(verb="appraisal.scheme_update")
    assert event.before == {"co_share_pct": "0", "share_partly_behind_pct": "60"}
    assert event.after == {"co_share_pct": "30", "share_partly_behind_pct": "50"}
    assert event.actor is not None
    assert event.actor.username == "office"
    assert "考核计分办法已保存。" in office_client.get(scheme_url(seed_period)).content.decode()
    ranking = office_client.get(RANKING, {"period": seed_period.pk})
    names = [s.department.name for s in ranking.context["scores"]]
    assert "市税务局" in names  # a co-department now earns 30% of the base


def test_unchanged_scheme_records_nothing(office_client, scheme, seed_period):
    response = office_client.post(scheme_url(seed_period), form_data(), follow=True)
    assert "考核计分办法没有改动。" in response.content.decode()
    assert not AuditEvent.objects.filter(verb="appraisal.scheme_update").exists()


def test_ranking_is_by_score_rate_with_county_governments_apart(office_client, seed_period):
    """A unit's total grows with its tasks; the default ranks 得分率 within each group."""
    response = office_client.get(RANKING)
    scores = response.context["scores"]
    body = response.content.decode()
    assert "按得分率排名" in body
    assert '<th scope="col" class="num">得分率</th>' in body
    groups: dict[str, list] = {}
    for score in scores:
        groups.setdefault(score.department.group, []).append(score)
    assert list(groups) == ["市直单位", "县(市、区)政府"]
    for members in groups.values():
        assert members[0].rank == 1
        rates = [s.rate for s in members]
        assert rates == sorted(rates, reverse=True)
    # The unit with the largest total is not first only because it carries the most tasks.
    city = groups["市直单位"]
    most = max(city, key=lambda s: s.total)
    assert most.rate == (100 * most.total / most.base_possible).quantize(Decimal("0.01"))
    assert f'<td data-label="得分率" class="num rate">{most.rate}%</td>' in body
    # Ranked by totals, all together, when the scheme says so.
    scheme = scoring_scheme_get_or_create(plan=seed_period.plan, actor=None)
    ScoringScheme.objects.filter(pk=scheme.pk).update(rank_by="total", rank_groups="together")
    together = office_client.get(RANKING).context["scores"]
    totals = [s.total for s in together]
    assert totals == sorted(totals, reverse=True)
    assert together[0].rank == 1
    assert sum(s.rank == 1 for s in together) == sum(s.total == totals[0] for s in together)
