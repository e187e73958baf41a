"""The public pages: layout, filters, downloads, versions, caching, no login."""

import csv
import datetime
import io
import json
import re
from html import unescape
from urllib.parse import unquote

import pytest
from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook

from duban.conftest import SHANGHAI
from duban.core.audit import SYSTEM
from duban.publishing.models import PublishedRow
from duban.publishing.services import publication_create
from duban.reporting.models import ProgressReport

pytestmark = pytest.mark.django_db

TITLE = "2021年嘉兴市政府工作报告重点工作及政府绩效考核执行情况(上半年)"
ROW_RE = re.compile(r"<tr(?: class=\"sub-row\")?><td class=\"seq\"[^>]*>(.*?)</td>(.*?)</tr>", re.S)
CELL_RE = re.compile(r"<td class=\"(\w+)\"[^>]*>(.*?)</td>", re.S)


@pytest.fixture(autouse=True)
def _empty_cache():
    # Primary keys repeat between tests (each test's rows are rolled back), so a page cached
    # by one test must not answer the next.
    cache.clear()
    yield
    cache.clear()


def detail_url(publication, **params) -> str:
    url = reverse("publishing:publication_detail", args=[publication.pk])
    if params:
        url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    return url


def page_rows(html: str) -> list[dict[str, str]]:
    """The table's rows as {seq, task, progress, units, state} of raw cell HTML."""
    rows = []
    for seq, rest in ROW_RE.findall(html):
        cells = {"seq": seq}
        cells.update(dict(CELL_RE.findall(rest)))
        rows.append(cells)
    return rows


def text_of(cell_html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", cell_html))


def test_list_page_shows_latest_publications(client, seed_publication):
    response = client.get(reverse("publishing:publication_list"))

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-Hans">' in html
    assert TITLE in html
    assert "发布日期:2021-09-08" in html
    assert reverse("publishing:publication_detail", args=[seed_publication.pk]) in html


def test_list_page_links_only_the_latest_version(client, seed_publication):
    corrected = publication_create(
        period=seed_publication.period,
        published_at=datetime.datetime(2021, 9, 10, 9, 0, tzinfo=SHANGHAI),
        correction_note="更正第12行的进展情况。",
        actor=SYSTEM,
    )

    html = client.get(reverse("publishing:publication_list")).content.decode()

    assert reverse("publishing:publication_detail", args=[corrected.pk]) in html
    assert reverse("publishing:publication_detail", args=[seed_publication.pk]) not in html
    assert html.count(TITLE) == 1


def test_detail_page_has_government_layout(client, seed_publication):
    response = client.get(detail_url(seed_publication))

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-Hans">' in html
    breadcrumb = text_of(html.split('class="breadcrumb"', 1)[1].split("</nav>", 1)[0])
    assert " ".join(breadcrumb.split()).endswith("首页 › 政务公开 › 督查督办")
    assert "【政府工作报告重点任务及政府绩效考核执行情况】" in html
    assert f'<h1 class="title">{TITLE}</h1>' in html
    assert "发布日期:2021-09-08 17:17 信息来源:市政府办公室" in html
    headers = re.findall(r"<th scope=\"col\"[^>]*>(.*?)</th>", html)
    assert headers == ["序号", "主要工作任务", "进展情况", "牵头部门", "进展状态"]
    assert "共100项" in html
    for fmt in ("xlsx", "csv", "json"):
        assert reverse("publishing:publication_download", args=[seed_publication.pk, fmt]) in html
    assert "A-" in html
    assert "A+" in html
    assert "打印" in html
    assert "清除筛选" in html


def test_detail_page_shows_every_row_in_order(client, seed_publication):
    html = client.get(detail_url(seed_publication)).content.decode()
    rows = page_rows(html)

    assert len(rows) == 100
    assert rows[0]["seq"] == "1"
    assert text_of(rows[0]["task"]).startswith("组织实施高水平生态绿色示范区建设专项行动")
    assert rows[-1]["seq"] == "96"
    assert text_of(rows[-1]["task"]) == "争创全国法治政府建设示范市。"
    # Row 12 is an unnumbered sub-row of task 11, printed between 11 and 12.
    assert [row["seq"] for row in rows[10:13]] == ["11", "", "12"]
    assert text_of(rows[11]["task"]).startswith("市区快速路一二期建成通车")
    assert html.count('class="sub-row"') == 4
    numbered = [int(row["seq"]) for row in rows if row["seq"]]
    assert numbered == list(range(1, 97))


def test_detail_page_keeps_paragraphs_and_department_lines(client, seed_publication):
    rows = page_rows(client.get(detail_url(seed_publication)).content.decode())

    progress = rows[0]["progress"]
    assert progress.count("<p>") == 3
    assert progress.startswith("<p>1.推进高水平生态绿色示范区建设专项行动")
    assert "<p>2.临沪高能级智慧产业新区" in progress
    assert "<p>3.加快祥符荡科创绿谷" in progress
    assert rows[0]["units"] == "嘉善县政府、<br>长三角发展办"


def test_detail_page_status_badge_has_colour_and_text(client, seed_publication):
    html = client.get(detail_url(seed_publication)).content.decode()

    assert html.count('<span class="status status-yellow">部分滞后</span>') == 3
    assert html.count('<span class="status status-red">进度滞后</span>') == 1
    assert html.count('<span class="status status-green">进度较快</span>') == 7
    assert html.count('<span class="status status-green">按时推进</span>') == 88


def test_filter_by_status_shows_exactly_its_rows(client, seed_publication):
    response = client.get(detail_url(seed_publication, status="部分滞后"))

    html = response.content.decode()
    rows = page_rows(html)
    assert len(rows) == 3
    assert all("部分滞后" in row["state"] for row in rows)
    assert "共3项(全表100项)" in html
    assert '<option value="部分滞后" selected>' in html
    # The download links carry the same filter.
    assert "download.csv?status=%E9%83%A8%E5%88%86%E6%BB%9E%E5%90%8E" in html


def test_filter_by_department(client, seed_publication):
    html = client.get(detail_url(seed_publication, department="长三角发展办")).content.decode()
    rows = page_rows(html)

    assert rows
    assert all("长三角发展办" in row["units"] for row in rows)
    assert [row["seq"] for row in rows][:3] == ["1", "2", "3"]
    assert f"共{len(rows)}项" in html


def test_search_matches_task_progress_and_departments(client, seed_publication):
    by_progress = page_rows(client.get(detail_url(seed_publication, q="祥符荡")).content.decode())
    by_task = page_rows(
        client.get(detail_url(seed_publication, q="法治政府建设示范市")).content.decode()
    )
    by_unit = page_rows(client.get(detail_url(seed_publication, q="市司法局")).content.decode())

    assert by_progress
    assert by_progress[0]["seq"] == "1"
    assert [row["seq"] for row in by_task] == ["96"]
    assert "96" in [row["seq"] for row in by_unit]


def test_unknown_status_choice_is_ignored(client, seed_publication):
    html = client.get(detail_url(seed_publication, status="不存在")).content.decode()

    assert len(page_rows(html)) == 100


def test_no_match_says_so(client, seed_publication):
    html = client.get(detail_url(seed_publication, q="完全不存在的词语")).content.decode()

    assert page_rows(html) == []
    assert "共0项" in html
    assert "没有符合条件的任务" in html


def _download(client, publication, fmt, **params):
    url = reverse("publishing:publication_download", args=[publication.pk, fmt])
    return client.get(url, params)


def test_downloads_contain_the_filtered_page_rows(client, seed_publication):
    page = page_rows(client.get(detail_url(seed_publication, status="部分滞后")).content.decode())
    expected = [(row["seq"], text_of(row["task"])) for row in page]

    xlsx = _download(client, seed_publication, "xlsx", status="部分滞后")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    xlsx_rows = [(r[0] or "", r[1]) for r in sheet.iter_rows(min_row=4, values_only=True)]

    csv_response = _download(client, seed_publication, "csv", status="部分滞后")
    reader = csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig")))
    header, *csv_rows = list(reader)

    json_response = _download(client, seed_publication, "json", status="部分滞后")
    json_rows = json.loads(json_response.content)

    assert len(expected) == 3
    assert xlsx_rows == expected
    assert header == ["序号", "主要工作任务", "进展情况", "牵头部门", "进展状态"]
    assert [(r[0], r[1]) for r in csv_rows] == expected
    assert all(r[4] == "部分滞后" for r in csv_rows)
    assert [(r["seq"], r["task"]) for r in json_rows] == expected
    assert all(r["status"] == "部分滞后" for r in json_rows)


def test_download_of_whole_table_has_all_rows_and_utf8_filename(client, seed_publication):
    response = _download(client, seed_publication, "json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    rows = json.loads(response.content)
    assert len(rows) == 100
    assert rows[0]["progress"].count("\n") == 2
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    assert f'filename="publication-{seed_publication.pk}-v1.json"' in disposition
    encoded = disposition.split("filename*=UTF-8''", 1)[1]
    assert unquote(encoded) == f"{TITLE}.json"


def test_filtered_download_filename_says_so(client, seed_publication):
    response = _download(client, seed_publication, "csv", q="祥符荡")

    encoded = response["Content-Disposition"].split("filename*=UTF-8''", 1)[1]
    assert unquote(encoded) == f"{TITLE}(筛选结果).csv"


def test_unknown_download_format_is_404(client, seed_publication):
    assert _download(client, seed_publication, "docx").status_code == 404


def test_correction_shows_note_and_keeps_the_first_version(client, seed_publication):
    report = ProgressReport.objects.get(
        period=seed_publication.period, task__seq="1", task__plan=seed_publication.period.plan
    )
    original = report.progress.split("\n")[0]
    report.progress = "1.已更正的进展情况。"
    report.save(update_fields=["progress"])
    corrected = publication_create(
        period=seed_publication.period,
        published_at=datetime.datetime(2021, 9, 10, 9, 0, tzinfo=SHANGHAI),
        correction_note="更正第1项的进展情况。",
        actor=SYSTEM,
    )

    v2 = client.get(detail_url(corrected)).content.decode()
    v1 = client.get(detail_url(seed_publication)).content.decode()

    assert corrected.version == 2
    assert "更正第1项的进展情况。" in v2
    assert "<p>1.已更正的进展情况。</p>" in v2
    assert original not in v2
    assert f"<p>{original}</p>" in v1
    assert "已更正的进展情况" not in v1
    assert "更正说明" not in v1
    # Each page links to the other version; the old one points readers to the correction.
    assert detail_url(corrected) in v1
    assert "已有更正版本" in v1
    assert detail_url(seed_publication) in v2
    assert "已有更正版本" not in v2


def test_public_pages_need_no_login_and_leave_the_session_alone(client, seed_publication):
    urls = [
        reverse("publishing:publication_list"),
        detail_url(seed_publication),
        detail_url(seed_publication, status="部分滞后"),
        reverse("publishing:publication_download", args=[seed_publication.pk, "csv"]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Cookie" not in response.get("Vary", ""), url
        assert not response.cookies, url


def test_unfiltered_page_is_cached_and_served_without_queries(
    client, seed_publication, django_assert_num_queries
):
    first = client.get(detail_url(seed_publication))

    with django_assert_num_queries(0):
        second = client.get(detail_url(seed_publication))

    assert second.status_code == 200
    assert second.content == first.content
    assert second["Cache-Control"] == "public, max-age=300"
    assert second["ETag"] == first["ETag"]


def test_cached_page_answers_revalidation_with_304(client, seed_publication):
    etag = client.get(detail_url(seed_publication))["ETag"]

    response = client.get(detail_url(seed_publication), headers={"If-None-Match": etag})

    assert response.status_code == 304
    assert response.content == b""


def test_empty_filters_use_the_cached_page(client, seed_publication, django_assert_num_queries):
    client.get(detail_url(seed_publication))

    with django_assert_num_queries(0):
        response = client.get(detail_url(seed_publication, status="", department="", q=""))

    assert len(page_rows(response.content.decode())) == 100


def test_filtered_page_is_not_cached(client, seed_publication):
    client.get(detail_url(seed_publication, status="部分滞后"))

    response = client.get(detail_url(seed_publication))

    assert len(page_rows(response.content.decode())) == 100


def test_unknown_publication_is_404(client, db):
    assert client.get(reverse("publishing:publication_detail", args=[999999])).status_code == 404
    url = reverse("publishing:publication_download", args=[999999, "csv"])
    assert client.get(url).status_code == 404


def test_query_budgets(client, seed_publication, django_assert_max_num_queries):
    # Publication, its versions, its rows; a filter adds the filtered rows.
    with django_assert_max_num_queries(3):
        client.get(detail_url(seed_publication))
    with django_assert_max_num_queries(4):
        client.get(detail_url(seed_publication, status="部分滞后"))
    with django_assert_max_num_queries(3):
        _download(client, seed_publication, "csv", status="部分滞后")
    with django_assert_max_num_queries(2):
        client.get(reverse("publishing:publication_list"))


def test_a_correction_clears_the_cached_pages_of_its_period(
    client, seed_publication, django_capture_on_commit_callbacks
):
    """The first version's cached page gains the link to the correction at once."""
    client.get(detail_url(seed_publication))  # now cached, without any link to a v2
    with django_capture_on_commit_callbacks(execute=True):
        corrected = publication_create(
            period=seed_publication.period,
            published_at=datetime.datetime(2021, 9, 10, 9, 0, tzinfo=SHANGHAI),
            correction_note="更正。",
            actor=SYSTEM,
        )
    html = client.get(detail_url(seed_publication)).content.decode()
    assert detail_url(corrected) in html


def test_filter_by_unit_finds_every_spelling(client, seed_publication):
    """经信局 and 市经信局 are one unit: filtering by it finds the rows printed either way."""
    html = client.get(detail_url(seed_publication, department="市经信局")).content.decode()
    rows = PublishedRow.objects.filter(publication=seed_publication)
    either = [r for r in rows if "经信局" in r.departments_text]
    assert len(either) > len([r for r in either if "市经信局" in r.departments_text])
    assert f"共{len(either)}项" in html.replace(" ", "")
