"""Document numbers: 督办〔2021〕第N号 and 通报 第N期, per kind and year, never reused."""

from django.db import IntegrityError, transaction
from django.db.models import F

from ..models import NumberSequence

SLIP_SEQUENCE = "slip"
BULLETIN_SEQUENCE = "bulletin"


def next_number(*, kind: str, year: int) -> int:
    """The next number of `kind` in `year`: 1, 2, 3… never given twice, never reused.

    Call inside the transaction that saves the numbered document. The increment is one
    `UPDATE … SET last_number = last_number + 1`: on PostgreSQL it locks the sequence row
    until that transaction ends, so a concurrent issuer waits and then reads the new value;
    SQLite serialises writers. A deleted document's number is never given again because
    numbers come from this row, not from counting documents.
    """
    sequence = NumberSequence.objects.filter(kind=kind, year=year)
    if not sequence.update(last_number=F("last_number") + 1):
        try:
            with transaction.atomic():
                NumberSequence.objects.create(kind=kind, year=year, last_number=1)
        except IntegrityError:  # a concurrent first issue of the year created it first
            sequence.update(last_number=F("last_number") + 1)
        else:
            return 1
    return sequence.values_list("last_number", flat=True).get()
