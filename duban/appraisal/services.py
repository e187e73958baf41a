"""Writes of the appraisal app: the scoring scheme is created once per plan and edited by the
office; both are audited. Scores themselves are computed on read (see `selectors`)."""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from duban.core.audit import record_event
from duban.core.exceptions import DomainError
from duban.ledger.models import Plan

from .models import VALUE_FIELDS, ScoringScheme
from .permissions import can_edit_scheme
from .scoring import format_number

SCHEME_EDIT_DENIED = "只有督查室管理员可以修改考核计分办法。"
SCHEME_INVALID = "考核计分办法的数值不合要求:{details}"
SCHEME_UNKNOWN_FIELD = "考核计分办法没有「{name}」这一项。"


def _printable(value: Any) -> Any:
    """A value as the audit trail keeps it (JSON): 10 rather than Decimal('10.00')."""
    return format_number(value) if isinstance(value, Decimal) else value


def scheme_values(scheme: ScoringScheme) -> dict[str, Any]:
    """Every scoring value of the scheme, printable."""
    return {name: _printable(getattr(scheme, name)) for name in VALUE_FIELDS}


def scoring_scheme_get_or_create(*, plan: Plan, actor: Any) -> ScoringScheme:
    """The plan's scheme; created with the defaults (and audited) the first time it is needed."""
    scheme = ScoringScheme.objects.filter(plan=plan).first()
    if scheme is not None:
        return scheme
    try:
        with transaction.atomic():
            scheme = ScoringScheme(plan=plan)
            scheme.full_clean(exclude=["plan"])
            scheme.save()
            record_event(
                actor=actor,
                verb="appraisal.scheme_create",
                target=scheme,
                after=scheme_values(scheme),
                reason="首次计分,采用默认计分办法",
            )
    except IntegrityError:
        # Two first views of the ranking at once: the other request created it.
        return ScoringScheme.objects.get(plan=plan)
    return scheme


@transaction.atomic
def scoring_scheme_update(
    *, scheme: ScoringScheme, values: Mapping[str, Any], actor: Any
) -> ScoringScheme:
    """Set the scheme's values; the audit event keeps each changed value before and after.

    Unchanged values are not written or audited; a submit that changes nothing records nothing.
    """
    if not can_edit_scheme(actor):
        raise DomainError(SCHEME_EDIT_DENIED)
    unknown = [name for name in values if name not in VALUE_FIELDS]
    if unknown:
        raise DomainError(SCHEME_UNKNOWN_FIELD.format(name=unknown[0]))
    # Lock the row: two admins saving at once must not each audit the other's change away.
    locked = ScoringScheme.objects.select_for_update().get(pk=scheme.pk)
    changed = [name for name, value in values.items() if getattr(locked, name) != value]
    if not changed:
        return locked
    before = {name: _printable(getattr(locked, name)) for name in changed}
    for name in changed:
        setattr(locked, name, values[name])
    locked.updated_by = actor
    try:
        locked.full_clean(exclude=["plan"])
    except ValidationError as error:
        # The form checks every value first; this is the last guard for other callers.
        raise DomainError(SCHEME_INVALID.format(details="；".join(error.messages))) from error
    locked.save(update_fields=[*changed, "updated_by", "updated_at"])
    record_event(
        actor=actor,
        verb="appraisal.scheme_update",
        target=locked,
        before=before,
        after={name: _printable(getattr(locked, name)) for name in changed},
    )
    return locked
