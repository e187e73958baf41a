"""The report page never loses typed text: an upload saves it first, and leaving the page
with unsaved text asks first (issue 12)."""

from typing import Any

import pytest

from duban.reporting.tests.test_workflow_browser import (
    _open_from_inbox,
    _press,
    _shot,
    _sign_in,
)

# The live server with the demo loaded, shared with the workflow test.
from duban.reporting.tests.test_workflow_browser import (
    base_url as base_url,
)
from duban.reporting.tests.test_workflow_browser import demo as demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROGRESS = "#report-form textarea[name=progress]"
UPLOAD = "button[form=report-form][value=attach]"


def test_upload_keeps_typed_text_and_leaving_unsaved_text_asks(
    browser: Any, base_url: str, tmp_path: Any
) -> None:
    evidence = tmp_path / "证明材料.pdf"
    evidence.write_bytes(b"%PDF-1.4\n%%EOF")
    page = _sign_in(browser, base_url, "fgw_liaison")
    report_path = _open_from_inbox(page, base_url)

    # Typed, not saved, then an attachment is uploaded: the text is still there, and saved.
    page.click(PROGRESS)
    page.fill(PROGRESS, "")
    page.keyboard.type("1.尚未保存就上传附件的进展。")
    page.set_input_files("#id_attach_file", str(evidence))
    _press(page, UPLOAD)
    assert page.input_value(PROGRESS) == "1.尚未保存就上传附件的进展。"
    assert "证明材料.pdf" in page.inner_text("main")
    _shot(page, "report-upload-keeps-text")

    # Typing again and leaving asks first; dismissing the question keeps the page and text.
    page.click(PROGRESS)
    page.keyboard.type("2.又写了一句。")
    asked: list[str] = []

    def answer(dialog: Any) -> None:
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", answer)
    page.evaluate("window.location.href = '/'")
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    assert page.url.endswith(report_path)
    assert page.input_value(PROGRESS).endswith("2.又写了一句。")
