"""Public pages (政务公开): the published tables, searchable and downloadable, without login.

These views read only the frozen snapshots through `selectors`, never the working ledger, and
never touch the session: nothing here depends on who is asking, so pages stay cacheable.
"""

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any, cast
from urllib.parse import urlencode

from django import forms
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import get_language
from django.views import View

from duban.core.status import TaskStatus
from duban.exports.download import public_download
from duban.exports.renderers import render_table

from . import selectors
from .cache import page_body_key, page_cache_key
from .models import Publication, PublishedRow

# A snapshot never changes; a correction clears the cached pages of its period (see cache.py).
# Browsers may keep a page for the HTTP max-age, so they see a new version's link at most
# this late.
PAGE_CACHE_SECONDS = 300
# Process-local copies of page bodies by ETag (a hash of the bytes, so a copy is never wrong).
# The shared cache then only has to hand over the small ETag per request: reading and
# unpickling the ~100 KB body from a file cache costs more than the rest of the request.
_LOCAL_BODIES: dict[str, bytes] = {}
LOCAL_BODIES_MAX = 64
DOWNLOAD_FORMATS = ("xlsx", "csv", "json", "pdf")
DOWNLOAD_LABELS = {
    "xlsx": "Excel 表格(xlsx)",
    "csv": "CSV 文本(csv)",
    "json": "JSON 数据(json)",
    "pdf": "PDF 文件(pdf)",
}
FILTER_FIELDS = ("status", "department", "q")
WITHDRAWN_DOWNLOAD = "该公开内容已撤回,不再提供下载;撤回说明见公开页面。"
STATUS_ORDER = {code: index for index, code in enumerate(TaskStatus.values)}


def _remember_body(etag: str, body: bytes) -> None:
    if len(_LOCAL_BODIES) >= LOCAL_BODIES_MAX:
        _LOCAL_BODIES.clear()
    _LOCAL_BODIES[etag] = body


class PublicationFilterForm(forms.Form):
    """The GET filters of a public table; the choices are what this snapshot contains."""

    status = forms.ChoiceField(label="进展状态", required=False)
    department = forms.ChoiceField(label="牵头部门", required=False)
    q = forms.CharField(label="关键词", required=False, max_length=100)

    def __init__(self, data: Mapping[str, Any], *, rows: list[PublishedRow]) -> None:
        super().__init__(data, label_suffix="")
        status_field = cast(forms.ChoiceField, self.fields["status"])
        department_field = cast(forms.ChoiceField, self.fields["department"])
        status_field.choices = [("", "全部状态"), *status_options(rows)]
        department_field.choices = [("", "全部部门"), *department_options(rows)]
        self.fields["q"].widget.attrs.update(
            {"type": "search", "placeholder": "任务、进展或部门中的文字"}
        )

    def filters(self) -> dict[str, str]:
        """The valid, non-empty filters; an unknown choice is dropped, not matched."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned[name] for name in FILTER_FIELDS if cleaned.get(name)}


def status_options(rows: Iterable[PublishedRow]) -> list[tuple[str, str]]:
    """The printed status labels present, in the canonical order, with their row counts."""
    counts: dict[str, int] = {}
    rank: dict[str, int] = {}
    for row in rows:
        if row.status_label:
            counts[row.status_label] = counts.get(row.status_label, 0) + 1
            rank.setdefault(row.status_label, STATUS_ORDER.get(row.status, len(STATUS_ORDER)))
    ordered = sorted(counts, key=lambda label: rank[label])
    return [(label, f"{label}({counts[label]}项)") for label in ordered]


def department_options(rows: Iterable[PublishedRow]) -> list[tuple[str, str]]:
    """The lead units present, in the order they first appear in the table."""
    counts: dict[str, int] = {}
    for row in rows:
        for name in dict.fromkeys(row.unit_list):
            counts[name] = counts.get(name, 0) + 1
    return [(name, f"{name}({count}项)") for name, count in counts.items()]


def has_filters(query: Mapping[str, Any]) -> bool:
    """Whether the query string asks for any filtering at all (blank fields do not count)."""
    return any(str(query.get(name, "")).strip() for name in FILTER_FIELDS)


def _publication_or_404(pk: int) -> Publication:
    publication = selectors.publication_get_public(pk=pk)
    if publication is None:
        raise Http404("没有找到该公开内容。")
    return publication


def _filtered(
    publication: Publication, query: Mapping[str, Any]
) -> tuple[PublicationFilterForm, dict[str, str], list[PublishedRow], list[PublishedRow]]:
    """The filter form, its valid filters, every row, and the rows those filters keep."""
    all_rows = list(selectors.published_rows(publication=publication))
    form = PublicationFilterForm(query, rows=all_rows)
    filters = form.filters()
    rows = (
        list(selectors.published_rows(publication=publication, **_selector_args(filters)))
        if filters
        else all_rows
    )
    return form, filters, all_rows, rows


def _selector_args(filters: Mapping[str, str]) -> dict[str, str]:
    return {
        "status": filters.get("status", ""),
        "department": filters.get("department", ""),
        "query": filters.get("q", ""),
    }


class PublicationListView(View):
    """/public/: the latest version of every published table, newest first."""

    def get(self, request: HttpRequest) -> HttpResponse:
        publications = selectors.publication_list_public()
        response = render(
            request, "publishing/publication_list.html", {"publications": publications}
        )
        patch_cache_control(response, public=True, max_age=60)
        return response


class PublicationDetailView(View):
    """/public/<pk>/: one published table in the government-site layout.

    The unfiltered page is the one most people open, and its snapshot is immutable, so its
    rendered bytes are cached and later requests are answered without touching the database.
    Filtered pages are rendered each time: their combinations are too many to cache usefully.
    """

    template_name = "publishing/publication_detail.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        if has_filters(request.GET):
            publication = _publication_or_404(pk)
            return HttpResponse(self._render(request, publication, request.GET))
        return self._cached_page(request, pk)

    def _cached_page(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        key = page_cache_key(pk=pk, language=get_language())
        etag = cache.get(key)
        body = _LOCAL_BODIES.get(etag) if etag else None
        if body is None:
            body = cache.get(page_body_key(etag)) if etag else None
            if etag is None or body is None:
                body = self._render(request, _publication_or_404(pk), {}).encode("utf-8")
                etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
                # Body first: a reader that finds the ETag must find its bytes too.
                cache.set(page_body_key(etag), body, PAGE_CACHE_SECONDS)
                cache.set(key, etag, PAGE_CACHE_SECONDS)
            _remember_body(etag, body)
        response = HttpResponse(body)
        response["ETag"] = etag
        patch_cache_control(response, public=True, max_age=PAGE_CACHE_SECONDS)
        # A browser revalidating after max-age gets a 304 instead of the whole table again.
        conditional = get_conditional_response(request, etag=etag, response=response)
        return conditional if conditional is not None else response

    def _render(
        self, request: HttpRequest, publication: Publication, query: Mapping[str, Any]
    ) -> str:
        form, filters, all_rows, rows = _filtered(publication, query)
        versions = selectors.publication_versions(publication=publication)
        querystring = urlencode(filters)
        downloads = [
            (
                DOWNLOAD_LABELS[fmt],
                reverse(
                    "publishing:publication_download", kwargs={"pk": publication.pk, "fmt": fmt}
                )
                + (f"?{querystring}" if querystring else ""),
            )
            for fmt in DOWNLOAD_FORMATS
        ]
        context = {
            "publication": publication,
            "withdrawal": selectors.publication_withdrawal(publication=publication),
            "versions": versions,
            "latest": versions[-1] if versions else publication,
            "form": form,
            "filtered": bool(filters),
            "rows": rows,
            "total": len(all_rows),
            "downloads": downloads,
        }
        return render_to_string(self.template_name, context, request=request)


class PublicationDownloadView(View):
    """/public/<pk>/download.<fmt>: the same (filtered) rows as the page, as a file."""

    def get(self, request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
        if fmt not in DOWNLOAD_FORMATS:
            raise Http404("不支持该下载格式。")
        publication = _publication_or_404(pk)
        if selectors.publication_withdrawal(publication=publication) is not None:
            # The page says why; the withdrawn table itself is no longer handed out.
            return HttpResponse(
                WITHDRAWN_DOWNLOAD, status=410, content_type="text/plain; charset=utf-8"
            )
        _form, filters, _all_rows, rows = _filtered(publication, request.GET)
        table = selectors.printed_table(publication=publication, rows=rows)
        response = public_download(
            data=render_table(table, fmt),
            fmt=fmt,
            name=download_name(publication, filtered=bool(filters)),
            fallback=f"publication-{publication.pk}-v{publication.version}",
        )
        patch_cache_control(response, public=True, max_age=PAGE_CACHE_SECONDS)
        return response


def download_name(publication: Publication, *, filtered: bool) -> str:
    """The title as the file name, marked with the version and whether it is a selection."""
    name = publication.title
    if publication.version > 1:
        name += f"(第{publication.version}版)"
    if filtered:
        name += "(筛选结果)"
    return name
