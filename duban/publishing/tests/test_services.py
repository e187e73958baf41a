"""Publishing freezes a period's table; corrections are new versions; snapshots never change."""

import datetime
from collections import Counter

import pytest

from duban.conftest import SHANGHAI
from duban.core.audit import SYSTEM
from duban.core.exceptions import DomainError
from duban.publishing.models import Publication, PublishedRow
from duban.publishing.services import CORRECTION_NEEDS_NOTE, publication_create
from duban.reporting.models import ProgressReport

pytestmark = pytest.mark.django_db

TITLE = "2021年嘉兴市政府工作报告重点工作及政府绩效考核执行情况(上半年)"
LATER = datetime.datetime(2021, 9, 10, 9, 0, tzinfo=SHANGHAI)


def test_publication_create_freezes_every_row(seed_publication):
    rows = list(seed_publication.rows.order_by("position"))

    assert seed_publication.version == 1
    assert seed_publication.title == TITLE
    assert seed_publication.source == "市政府办公室"
    assert len(rows) == 100
    assert [row.position for row in rows] == list(range(1, 101))
    assert rows[0].seq == "1"
    assert rows[-1].seq == "96"
    assert len(rows[0].paragraphs) == 3
    assert rows[0].departments == ["嘉善县政府", "长三角发展办"]
    assert Counter(row.status_label for row in rows) == {
        "按时推进": 88,
        "进度较快": 7,
        "部分滞后": 3,
        "进度滞后": 1,
        "": 1,
    }
    assert {row.colour for row in rows if row.status_label == "部分滞后"} == {"yellow"}


def test_published_rows_do_not_follow_later_ledger_edits(seed_publication):
    report = ProgressReport.objects.get(
        period=seed_publication.period, task__seq="1", task__plan=seed_publication.period.plan
    )
    report.progress = "改过的进展。"
    report.save(update_fields=["progress"])

    first = seed_publication.rows.get(position=1)

    assert first.progress.startswith("1.推进高水平生态绿色示范区建设专项行动")


def test_correction_is_a_new_version_with_its_note(seed_publication):
    corrected = publication_create(
        period=seed_publication.period,
        published_at=LATER,
        correction_note="  更正第3行。  ",
        actor=SYSTEM,
    )
    again = publication_create(
        period=seed_publication.period,
        published_at=LATER,
        correction_note="再次更正。",
        actor=SYSTEM,
    )

    assert corrected.version == 2
    assert corrected.correction_note == "更正第3行。"
    assert again.version == 3
    assert corrected.rows.count() == 100
    assert Publication.objects.filter(period=seed_publication.period).count() == 3


@pytest.mark.parametrize("note", ["", "   "])
def test_second_publication_without_note_is_refused(seed_publication, note):
    with pytest.raises(DomainError) as excinfo:
        publication_create(
            period=seed_publication.period, published_at=LATER, correction_note=note, actor=SYSTEM
        )

    assert excinfo.value.message == CORRECTION_NEEDS_NOTE
    assert Publication.objects.filter(period=seed_publication.period).count() == 1


def test_publication_refuses_update_and_delete(seed_publication):
    seed_publication.title = "改过的标题"
    with pytest.raises(PermissionError):
        seed_publication.save()
    with pytest.raises(PermissionError):
        seed_publication.delete()

    assert Publication.objects.get(pk=seed_publication.pk).title.startswith("2021年嘉兴市")


def test_published_row_refuses_update_and_delete(seed_publication):
    row = seed_publication.rows.get(position=1)
    row.status_label = "进度较快"
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()

    assert PublishedRow.objects.get(pk=row.pk).status_label == "按时推进"
