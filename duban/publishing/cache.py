"""Where the public table pages are cached, and how a new version clears its period's pages.

A snapshot never changes, but its page links to the period's other versions; when a correction
is published, every version's cached page must show the new link, so all are dropped.

Both keys live in the default cache, which every app server shares when CACHE_URL points at
Redis: a correction published through one server clears the pages all of them serve
(`make prod-smoke` checks it). Only content-addressed bodies are also kept per process.
"""

from django.conf import settings
from django.core.cache import cache

from .models import Publication


def page_cache_key(*, pk: int, language: str | None) -> str:
    """Where the ETag of publication `pk`'s unfiltered page is cached, for one language.

    Deleting this key is enough to make the next request render the page afresh.
    """
    return f"publishing:public-page:v2:{pk}:{language or ''}"


def page_body_key(etag: str) -> str:
    """Where the bytes with this ETag are cached (content-addressed, so shared by languages)."""
    return "publishing:public-page-body:v2:" + etag.strip('"')


def period_pages_forget(*, period_id: int) -> None:
    """Drop the cached pages of every version of a period, in every language."""
    languages = [code for code, _name in settings.LANGUAGES]
    keys = [
        page_cache_key(pk=pk, language=language)
        for pk in Publication.objects.filter(period_id=period_id).values_list("pk", flat=True)
        for language in languages
    ]
    cache.delete_many(keys)
