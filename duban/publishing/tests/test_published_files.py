"""Static publishing: the files equal the dynamic responses and follow every new version."""

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.urls import reverse

from duban.conftest import SEED_PUBLISHED_AT
from duban.core.audit import SYSTEM
from duban.publishing.management.commands.publish_files import STATIC_PUBLISHING_OFF
from duban.publishing.published_files import (
    file_for_url,
    publication_urls,
    published_files_write,
    write_atomically,
)
from duban.publishing.services import publication_create
from duban.publishing.views import DOWNLOAD_FORMATS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def publish_root(settings, tmp_path):
    settings.DUBAN_STATIC_PUBLISH_ROOT = str(tmp_path / "published")
    return tmp_path / "published"


def publish(period, django_capture_on_commit_callbacks, **extra):
    with django_capture_on_commit_callbacks(execute=True):
        return publication_create(
            period=period, published_at=SEED_PUBLISHED_AT, actor=SYSTEM, **extra
        )


def test_publishing_writes_the_page_and_every_download(
    client, seed_period, publish_root, django_capture_on_commit_callbacks
):
    publication = publish(seed_period, django_capture_on_commit_callbacks)

    urls = publication_urls(publication.pk)
    assert len(urls) == 1 + len(DOWNLOAD_FORMATS)
    for url in [*urls, reverse("publishing:publication_list")]:
        path = file_for_url(publish_root, url)
        response = client.get(url)
        assert response.status_code == 200
        assert path.read_bytes() == response.content, url
    assert file_for_url(publish_root, urls[0]) == (
        publish_root / "public" / str(publication.pk) / "index.html"
    )
    # No temporary file is left beside the written ones.
    assert not list(publish_root.rglob("*.tmp"))


def test_a_correction_rewrites_the_pages_of_every_version(
    client, seed_period, publish_root, django_capture_on_commit_callbacks
):
    first = publish(seed_period, django_capture_on_commit_callbacks)
    first_page = file_for_url(publish_root, publication_urls(first.pk)[0])
    before = first_page.read_bytes()

    second = publish(
        seed_period, django_capture_on_commit_callbacks, correction_note="更正第1项的进展情况。"
    )

    after = first_page.read_bytes()
    assert after != before
    assert f"/public/{second.pk}/".encode() in after
    assert after == client.get(publication_urls(first.pk)[0]).content
    second_page = file_for_url(publish_root, publication_urls(second.pk)[0])
    assert second_page.read_bytes() == client.get(publication_urls(second.pk)[0]).content
    listing = file_for_url(publish_root, reverse("publishing:publication_list")).read_bytes()
    assert f"/public/{second.pk}/".encode() in listing


def test_nothing_is_written_when_static_publishing_is_off(
    settings, seed_period, tmp_path, django_capture_on_commit_callbacks
):
    settings.DUBAN_STATIC_PUBLISH_ROOT = None
    publication = publish(seed_period, django_capture_on_commit_callbacks)
    assert published_files_write(publication) == 0
    with pytest.raises(CommandError, match=STATIC_PUBLISHING_OFF):
        call_command("publish_files", "--all")


def test_publish_files_all_rewrites_everything_and_drops_unknown_folders(
    client, seed_publication, publish_root
):
    stale = publish_root / "public" / "999999" / "index.html"
    write_atomically(stale, b"old")
    page = file_for_url(publish_root, publication_urls(seed_publication.pk)[0])
    assert not page.exists()  # published before static publishing was switched on

    call_command("publish_files", "--all")

    assert page.read_bytes() == client.get(publication_urls(seed_publication.pk)[0]).content
    assert not stale.parent.exists()


def test_a_url_that_no_longer_answers_loses_its_file(seed_publication, publish_root, monkeypatch):
    call_command("publish_files", str(seed_publication.pk))
    page = file_for_url(publish_root, publication_urls(seed_publication.pk)[0])
    assert page.exists()

    # What a withdrawal looks like to the writer: the public view stops answering 200.
    monkeypatch.setattr(
        "duban.publishing.published_files.public_response_body",
        lambda url: None,
    )
    published_files_write(seed_publication)

    assert not page.parent.exists()


@pytest.mark.parametrize("accept_language", ["", "en"])
def test_a_cached_page_answered_early_equals_the_full_answer(
    client, seed_publication, accept_language
):
    url = publication_urls(seed_publication.pk)[0]
    headers = {"HTTP_ACCEPT_LANGUAGE": accept_language} if accept_language else {}
    full = client.get(url, **headers)  # renders and caches, through every middleware
    early = client.get(url, **headers)  # the cache hit, answered by PublicPageCacheMiddleware

    def comparable(response):
        return {k: v for k, v in response.headers.items() if k != "X-Request-ID"}

    assert early.content == full.content
    assert comparable(early) == comparable(full)
    # Chinese whatever the browser asks (decision 0022): one page, no language headers.
    assert "Content-Language" not in early.headers
    revalidated = client.get(url, HTTP_IF_NONE_MATCH=full["ETag"], **headers)
    assert revalidated.status_code == 304
    assert not early.cookies
    assert not revalidated.cookies
