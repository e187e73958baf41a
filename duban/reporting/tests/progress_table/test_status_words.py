"""Other governments' status words: their default canonical status, and what the office confirms."""

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from duban.core.audit import SYSTEM
from duban.core.exceptions import DomainError
from duban.core.status import get_profile
from duban.core.status_codes import StatusCode
from duban.imports.models import ImportBatch, ImportStatus
from duban.reporting.models import StatusDecision
from duban.reporting.progress_table.driver import STATUS_WORDS_UNCONFIRMED, progress_table_load
from duban.reporting.progress_table.status_words import default_status, status_words_to_confirm
from duban.reporting.progress_table.upload import STATUS_WORD_UNDECIDED


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("顺利推进", StatusCode.ON_TRACK),
        ("正常推进", StatusCode.ON_TRACK),
        ("按时序推进", StatusCode.ON_TRACK),
        ("达到时间进度", StatusCode.ON_TRACK),
        ("按时推进", StatusCode.ON_TRACK),
        ("已完成", StatusCode.COMPLETED),
        ("完成任务", StatusCode.COMPLETED),
        ("完成全年目标", StatusCode.COMPLETED),
        ("超额完成", StatusCode.AHEAD),
        ("进度较快", StatusCode.AHEAD),
        ("未达序时", StatusCode.PARTLY_BEHIND),
        ("未达到序时进度要求", StatusCode.PARTLY_BEHIND),
        ("部分滞后", StatusCode.PARTLY_BEHIND),
        ("滞后", StatusCode.BEHIND),
        ("进度滞后", StatusCode.BEHIND),
        ("严重滞后", StatusCode.BEHIND),
        ("有困难", StatusCode.BEHIND),
        ("未开工", StatusCode.NOT_STARTED),
        ("未启动", StatusCode.NOT_STARTED),
        (" 顺利 推进 ", StatusCode.ON_TRACK),
        ("很好", ""),
    ],
)
def test_default_status_of_a_printed_word(word, status):
    assert default_status(word) == status


def test_only_words_outside_the_plan_are_confirmed_and_defaults_stay_in_its_vocabulary():
    jiaxing = get_profile("jiaxing")  # 进度较快 / 按时推进 / 部分滞后 / 进度滞后
    words = ["按时推进", "顺利推进", "已完成", "很好", "", "顺利推进", "有困难"]
    # 已完成 means COMPLETED, a status this plan does not print: the office picks one.
    assert status_words_to_confirm(words, jiaxing) == {
        "顺利推进": "ON_TRACK",
        "已完成": "",
        "有困难": "BEHIND",
    }
    assert status_words_to_confirm(words, jiaxing, {"顺利推进": "ON_TRACK"}) == {
        "已完成": "",
        "有困难": "BEHIND",
    }


TABLE = "序号,工作任务,牵头单位,进展情况,进展状态\r\n1,建设学校。,市教育局,已开工。,顺利推进\r\n"
COMMON: dict[str, Any] = {
    "name": "t.csv",
    "data": TABLE.encode(),
    "government": "测试市",
    "year": 2023,
    "period": "上半年",
    "as_of": datetime.date(2023, 6, 30),
    "actor": SYSTEM,
}


@pytest.mark.django_db
def test_an_unconfirmed_word_refuses_the_import_and_a_confirmed_one_is_kept_beside_the_status():
    outcome = progress_table_load(**COMMON)
    assert not outcome.applied
    assert outcome.unconfirmed_status_words == {"顺利推进": "ON_TRACK"}
    with pytest.raises(DomainError) as refused:
        raise outcome.refusal()
    assert refused.value.message == STATUS_WORDS_UNCONFIRMED.format(words="「顺利推进」")
    applied = progress_table_load(status_words={"顺利推进": "ON_TRACK"}, **COMMON)
    assert applied.applied, applied.summary()
    decision = StatusDecision.objects.get()
    assert (decision.status, decision.printed_label) == ("ON_TRACK", "顺利推进")


@pytest.mark.django_db
def test_the_preview_asks_for_each_word_with_its_default(
    office_client, django_capture_on_commit_callbacks
):
    form = {
        "government": "测试市",
        "year": "2023",
        "period": "上半年",
        "as_of": "2023-06-30",
        "profile": "jiaxing",
        "file": SimpleUploadedFile("t.csv", TABLE.encode()),
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = office_client.post(reverse("imports:batch_list"), form)
    page = office_client.get(response.url).content.decode()
    assert "进展状态对应" in page
    assert '<option value="ON_TRACK" selected>按时推进</option>' in page
    refused = office_client.post(response.url, {"status-word-0": ""}, follow=True)
    assert STATUS_WORD_UNDECIDED.format(word="顺利推进") in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        office_client.post(response.url, {"status-word-0": "ON_TRACK"})
    assert ImportBatch.objects.get().status == ImportStatus.APPLIED
    assert StatusDecision.objects.get().printed_label == "顺利推进"
    task_page = office_client.get(
        reverse("reporting:task_detail", args=[StatusDecision.objects.get().task_id])
    )
    assert "原表:顺利推进" in task_page.content.decode()
