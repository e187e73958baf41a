"""The scheme services: created once with audited defaults, edited only by the office admin."""

from decimal import Decimal

import pytest

from duban.appraisal import scoring
from duban.appraisal.models import ScoringScheme
from duban.appraisal.services import (
    SCHEME_EDIT_DENIED,
    scheme_values,
    scoring_scheme_get_or_create,
    scoring_scheme_update,
)
from duban.core.audit import SYSTEM
from duban.core.exceptions import DomainError
from duban.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_created_once_with_the_defaults_and_audited(seed_period, make_user):
    admin = make_user("office_admin")
    scheme = scoring_scheme_get_or_create(plan=seed_period.plan, actor=admin)
    assert scoring_scheme_get_or_create(plan=seed_period.plan, actor=SYSTEM) == scheme
    # The model's defaults are the pure module's: one set of defaults, not two.
    assert scheme.as_scheme() == scoring.Scheme()
    event = AuditEvent.objects.get(verb="appraisal.scheme_create")
    assert event.actor == admin
    assert event.after == scheme_values(scheme)
    assert event.after["missing_report_deduction"] == "10"
    assert event.after["tie_break"] == "shared"


def test_concurrent_first_scoring_gets_the_other_requests_scheme(seed_period, monkeypatch):
    existing = ScoringScheme.objects.create(plan=seed_period.plan)
    real_filter = ScoringScheme.objects.filter
    seen: list[bool] = []

    def not_yet_visible(*args, **kwargs):
        # The first look finds nothing, as when another request commits in between.
        queryset = real_filter(*args, **kwargs)
        if not seen:
            seen.append(True)
            return queryset.none()
        return queryset

    monkeypatch.setattr(ScoringScheme.objects, "filter", not_yet_visible)
    assert scoring_scheme_get_or_create(plan=seed_period.plan, actor=SYSTEM) == existing
    assert ScoringScheme.objects.count() == 1
    assert not AuditEvent.objects.filter(verb="appraisal.scheme_create").exists()


@pytest.mark.parametrize(("role", "department"), [("reviewer", None), ("head", "市发展改革委")])
def test_only_the_office_admin_edits(seed_period, make_user, role, department):
    scheme = scoring_scheme_get_or_create(plan=seed_period.plan, actor=SYSTEM)
    with pytest.raises(DomainError, match=SCHEME_EDIT_DENIED):
        scoring_scheme_update(
            scheme=scheme, values={"bonus_cap": Decimal(5)}, actor=make_user(role, department)
        )
    scheme.refresh_from_db()
    assert scheme.bonus_cap == Decimal(4)


def test_unknown_value_is_refused(seed_period, make_user):
    scheme = scoring_scheme_get_or_create(plan=seed_period.plan, actor=SYSTEM)
    with pytest.raises(DomainError, match="没有「plan」这一项"):
        scoring_scheme_update(scheme=scheme, values={"plan": 1}, actor=make_user("office_admin"))


def test_out_of_range_value_is_refused_in_chinese(seed_period, make_user):
    scheme = scoring_scheme_get_or_create(plan=seed_period.plan, actor=SYSTEM)
    with pytest.raises(DomainError, match="考核计分办法的数值不合要求"):
        scoring_scheme_update(
            scheme=scheme, values={"bonus_cap": Decimal(123456)}, actor=make_user("office_admin")
        )
    assert not AuditEvent.objects.filter(verb="appraisal.scheme_update").exists()


def test_update_audits_only_the_changed_values(seed_period, make_user):
    admin = make_user("office_admin")
    scheme = scoring_scheme_get_or_create(plan=seed_period.plan, actor=SYSTEM)
    saved = scoring_scheme_update(
        scheme=scheme,
        values={"bonus_cap": Decimal("4.5"), "base_points": Decimal(10), "tie_break": "shared"},
        actor=admin,
    )
    assert saved.bonus_cap == Decimal("4.5")
    event = AuditEvent.objects.get(verb="appraisal.scheme_update")
    assert (event.before, event.after) == ({"bonus_cap": "4"}, {"bonus_cap": "4.5"})
    assert event.target_type == "appraisal.ScoringScheme"
    assert event.target_label == "2021年嘉兴市考核计分办法"
    scoring_scheme_update(scheme=saved, values={"bonus_cap": Decimal("4.50")}, actor=admin)
    assert AuditEvent.objects.filter(verb="appraisal.scheme_update").count() == 1
