"""The office publishes from the browser; a second publication is a correction with a note."""

import pytest
from django.urls import reverse

from duban.core.models import AuditEvent
from duban.publishing.models import Publication

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(office_client):
    return office_client


def test_publish_then_correct(office, seed_period):
    url = reverse("publishing_office:period_publish", args=[seed_period.pk])
    form = {"published_at": "2021-09-08T17:17", "source": "市政府办公室", "correction_note": ""}
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
