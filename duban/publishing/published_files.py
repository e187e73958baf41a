"""Static publishing: the public pages written as files that nginx or a CMS serves directly.

A publication is an immutable snapshot, so its page and its downloads can be files. With
`DUBAN_STATIC_PUBLISH_ROOT` set, publishing writes, under that folder, exactly what the
dynamic URLs answer — `public/index.html` (the list), `public/<pk>/index.html` (the table page)
and `public/<pk>/download.<fmt>` for every download format — so the front server maps the
URL path onto the folder (deploy/nginx/duban.conf) and the app servers only see filtered
pages. Unset, nothing is written.

The bytes come from the public views themselves, called in-process with a bare GET request
(no session, no user, the site's default language): whatever those views answer is what is
written, and a URL that no longer answers 200 (a withdrawn version) has its file removed.
Every file is written to a temporary name in its own folder and renamed over the old one,
so a reader sees the old bytes or the new, never half of either.
"""

import logging
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest
from django.urls import resolve, reverse
from django.utils import translation

from .models import Publication
from .views import DOWNLOAD_FORMATS

logger = logging.getLogger(__name__)

INDEX_NAME = "index.html"


def published_files_root() -> Path | None:
    """The folder the front server serves /public/ from, or None when static publishing is off."""
    root = getattr(settings, "DUBAN_STATIC_PUBLISH_ROOT", None)
    return Path(root) if root else None


def publication_urls(publication_pk: int) -> list[str]:
    """Every public URL of one publication: its page and each download."""
    return [
        reverse("publishing:publication_detail", args=[publication_pk]),
        *(
            reverse("publishing:publication_download", kwargs={"pk": publication_pk, "fmt": fmt})
            for fmt in DOWNLOAD_FORMATS
        ),
    ]


def file_for_url(root: Path, url: str) -> Path:
    """Where the file answering `url` lives: the URL path under `root`, index.html for a folder."""
    relative = url.lstrip("/")
    if not relative or relative.endswith("/"):
        relative += INDEX_NAME
    path = (root / relative).resolve()
    if not path.is_relative_to(root.resolve()):
        raise ValueError(f"{url} is outside the publishing folder")
    return path


def public_response_body(url: str) -> bytes | None:
    """What the public view at `url` answers an anonymous GET with, or None if not 200."""
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = url
    request.META = {"SERVER_NAME": "localhost", "SERVER_PORT": "80", "REQUEST_METHOD": "GET"}
    match = resolve(url)
    with translation.override(settings.LANGUAGE_CODE):
        response = match.func(request, *match.args, **match.kwargs)
        if hasattr(response, "render"):
            response.render()
    if response.status_code != 200:
        return None
    return bytes(response.content)


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one rename; the old file stays until the new one is whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # The front server's workers run as another user: files are world-readable like a web root.
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _write_urls(root: Path, urls: Iterable[str]) -> int:
    written = 0
    for url in urls:
        path = file_for_url(root, url)
        body = public_response_body(url)
        if body is None:
            path.unlink(missing_ok=True)
        else:
            write_atomically(path, body)
            written += 1
    return written


def _forget_publication(root: Path, publication_pk: int) -> None:
    folder = file_for_url(root, reverse("publishing:publication_detail", args=[publication_pk]))
    shutil.rmtree(folder.parent, ignore_errors=True)


def published_files_write(publication: Publication) -> int:
    """Rewrite the files of every version of `publication`'s period and the list page.

    Every version, because each version's page links to the others (a correction adds a link
    to all of them); a version the public views no longer show loses its files. Returns the
    number of files written (0 when static publishing is off).
    """
    root = published_files_root()
    if root is None:
        return 0
    written = _write_period(root, publication.period_id)
    return written + _write_urls(root, [reverse("publishing:publication_list")])


def published_files_write_all() -> int:
    """Rewrite every publication's files and the list; remove folders of unknown publications."""
    root = published_files_root()
    if root is None:
        return 0
    periods = Publication.objects.order_by().values_list("period_id", flat=True).distinct()
    written = sum(_write_period(root, period_id) for period_id in periods)
    known = {str(pk) for pk in Publication.objects.values_list("pk", flat=True)}
    folder = file_for_url(root, reverse("publishing:publication_list")).parent
    if folder.is_dir():
        for child in folder.iterdir():
            if child.is_dir() and child.name.isdigit() and child.name not in known:
                shutil.rmtree(child, ignore_errors=True)
    return written + _write_urls(root, [reverse("publishing:publication_list")])


def _write_period(root: Path, period_id: int) -> int:
    written = 0
    for pk in Publication.objects.filter(period_id=period_id).values_list("pk", flat=True):
        urls = publication_urls(pk)
        written += _write_urls(root, urls)
        if not file_for_url(root, urls[0]).exists():
            _forget_publication(root, pk)
    return written


def published_files_write_on_commit(publication: Publication) -> None:
    """The publish service's hook: a failed write is logged (and mailed to ADMINS), never
    undoes the publication; `manage.py publish_files --all` writes everything again."""
    try:
        published_files_write(publication)
    except Exception:
        logger.exception("static publishing failed for publication %s", publication.pk)
