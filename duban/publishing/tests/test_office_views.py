"""The office publishes from the browser; a second publication is a correction with a note."""

import pytest
from django.urls import reverse
from django.utils import timezone

from duban.core.audit import SYSTEM
from duban.core.models import AuditEvent
from duban.publishing.models import Publication

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(office_client):
    return office_client


def test_publish_then_correct(office, seed_period):
    url = reverse("publishing_office:period_publish", args=[seed_period.pk])
    form = {
        "published_at": "2021-09-08T17:17",
        "source": "市政府办公室",
        "correction_note": "",
        "confirm": "on",
    }
    response = office.post(url, form, follow=True)
    assert "已发布" in response.content.decode()
    publication = Publication.objects.get()
    assert publication.created_by is not None
    assert publication.created_by.username == "office"
    # Again without a note: refused, and said why.
    response = office.post(url, form, follow=True)
    assert "发布更正版本需填写更正说明" in response.content.decode()
    assert Publication.objects.count() == 1
    office.post(url, {**form, "correction_note": "更正第9项进展状态。"})
    assert Publication.objects.filter(period=seed_period).count() == 2
    assert AuditEvent.objects.filter(verb="publishing.publish").count() == 2
    page = office.get(reverse("publishing_office:period_list")).content.decode()
    assert "第2版" in page
    assert "更正第9项进展状态。" in page


def test_publish_form_errors_are_named(office, seed_period):
    url = reverse("publishing_office:period_publish", args=[seed_period.pk])
    response = office.post(url, {"published_at": "明天", "source": "x"}, follow=True)
    assert "发布日期" in response.content.decode()
    assert not Publication.objects.exists()


def test_publishing_shows_the_preview_and_what_looks_wrong_and_needs_a_confirmation(
    office, open_period
):
    from duban.publishing.office_views import PUBLISH_NOT_CONFIRMED
    from duban.publishing.selectors import (
        PREVIEW_BLANK_PROGRESS,
        PREVIEW_UNAPPROVED,
        PREVIEW_UNDECIDED,
    )

    # 1-9月 is open: every report is a blank draft and nothing is decided.
    url = reverse("publishing_office:period_publish", args=[open_period.pk])
    page = office.get(url).content.decode()
    assert 'id="publish-preview"' in page
    assert page.count("<tr>") - 1 == 100  # every row the public would see
    for template in (PREVIEW_BLANK_PROGRESS, PREVIEW_UNDECIDED, PREVIEW_UNAPPROVED):
        assert template.split("{count}")[1].split("{rows}")[0] in page
    assert "100项任务的进展情况为空:第1项、第2项" in page
    # Without the confirmation nothing is published, and the page says why.
    form = {"published_at": "2021-10-12T09:00", "source": "市政府办公室", "correction_note": ""}
    response = office.post(url, form, follow=True)
    assert PUBLISH_NOT_CONFIRMED in response.content.decode()
    assert not Publication.objects.exists()
    office.post(url, {**form, "confirm": "on"})
    assert Publication.objects.get().period == open_period


def test_a_withdrawn_publication_says_so_at_its_url(
    office, seed_period, django_capture_on_commit_callbacks
):
    from django.test import Client

    from duban.publishing.services import WITHDRAWAL_NEEDS_NOTE, publication_create
    from duban.publishing.views import WITHDRAWN_DOWNLOAD

    publication = publication_create(
        period=seed_period,
        published_at=timezone.now(),
        actor=SYSTEM,
    )
    public = reverse("publishing:publication_detail", args=[publication.pk])
    anonymous = Client()
    assert "年内计划完成投资290亿元" in anonymous.get(public).content.decode()  # now cached
    withdraw = reverse("publishing_office:publication_withdraw", args=[publication.pk])
    response = office.post(withdraw, {"note": " "}, follow=True)
    assert WITHDRAWAL_NEEDS_NOTE in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        office.post(withdraw, {"note": "数据有误,核实后重新发布。"})
    page = anonymous.get(public)
    assert page.status_code == 200
    text = page.content.decode()
    assert f"第{publication.version}版)已于" in text
    assert "撤回说明:数据有误,核实后重新发布。" in text
    assert "年内计划完成投资290亿元" not in text  # the cached table is gone
    download = reverse("publishing:publication_download", args=[publication.pk, "xlsx"])
    refused = anonymous.get(download)
    assert (refused.status_code, refused.content.decode()) == (410, WITHDRAWN_DOWNLOAD)
    event = AuditEvent.objects.get(verb="publishing.withdraw")
    assert event.reason == "数据有误,核实后重新发布。"
    listed = office.get(reverse("publishing_office:period_list")).content.decode()
    assert "已撤回" in listed
    assert "已撤回" in anonymous.get(reverse("publishing:publication_list")).content.decode()
