"""Attachments: judged by their container's contents, refused by size before being read."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import InMemoryUploadedFile, SimpleUploadedFile

from duban.core import evidence
from duban.core.exceptions import DomainError

OOXML = {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"}


def _zip(entries: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in entries.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def test_a_plain_docx_and_pdf_are_accepted():
    assert evidence.check("a.docx", _zip(OOXML))[0] == "docx"
    assert evidence.check("a.pdf", b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF")[0] == "pdf"
    pptx = {"[Content_Types].xml": "<Types/>", "ppt/presentation.xml": "<p/>"}
    assert evidence.check("a.pptx", _zip(pptx))[0] == "pptx"


@pytest.mark.parametrize("entry", ["word/evil.exe", "payload.DLL", "x/run.js", "a.vbs"])
def test_an_office_file_carrying_a_program_is_refused(entry):
    with pytest.raises(ValueError, match="内含可执行文件") as caught:
        evidence.check("a.docx", _zip({**OOXML, entry: "MZ"}))
    assert str(caught.value) == evidence.OFFICE_EXECUTABLE.format(name="a.docx", entry=entry)


def test_macros_are_refused():
    with pytest.raises(ValueError, match="含有宏") as caught:
        evidence.check("a.docx", _zip({**OOXML, "word/vbaProject.bin": "x"}))
    assert str(caught.value) == evidence.OFFICE_MACROS.format(name="a.docx")


def test_a_docx_shaped_zip_without_content_types_is_refused():
    with pytest.raises(ValueError, match="不是有效的 Office") as caught:
        evidence.check("a.docx", _zip({"word/document.xml": "<w:document/>"}))
    assert str(caught.value) == evidence.OFFICE_NOT_OOXML.format(name="a.docx")


@pytest.mark.parametrize(
    "html", [b"<html><script>alert(1)</script>", b"<!DOCTYPE html>", b"< script src=x>"]
)
def test_a_pdf_that_is_also_html_is_refused(html):
    polyglot = b"%PDF-1.4\n" + html + b"\n%%EOF"
    with pytest.raises(ValueError, match="网页") as caught:
        evidence.check("a.pdf", polyglot)
    assert str(caught.value) == evidence.PDF_POLYGLOT.format(name="a.pdf")


def test_an_oversized_upload_is_refused_before_it_is_read():
    class Unreadable(io.BytesIO):
        def read(self, *args: object) -> bytes:
            raise AssertionError("read before the size check")

    upload = InMemoryUploadedFile(
        Unreadable(), "file", "big.pdf", "application/pdf", 600 * 2**20, None
    )
    with pytest.raises(DomainError) as caught:
        evidence.read_upload(upload)
    assert caught.value.message == evidence.TOO_LARGE.format(name="big.pdf")


def test_an_upload_that_lies_about_its_size_is_read_only_to_the_limit():
    upload = SimpleUploadedFile("big.pdf", b"x" * (evidence.MAX_BYTES + 10))
    upload.size = 10
    with pytest.raises(DomainError):
        evidence.read_upload(upload)


def test_the_upload_handler_stops_storing_past_the_limit_and_keeps_the_true_size():
    handler = evidence.LimitedUploadHandler()
    handler.new_file("file", "big.pdf", "application/pdf", None)
    chunk = b"x" * 2**20
    passed = sum(
        1
        for start in range(0, 50 * 2**20, 2**20)
        if handler.receive_data_chunk(chunk, start) is not None
    )
    assert passed == evidence.upload_limit() // 2**20
    uploaded = handler.file_complete(50 * 2**20)
    assert uploaded is not None
    assert (uploaded.size, uploaded.read()) == (50 * 2**20, b"")
    with pytest.raises(DomainError):
        evidence.read_upload(uploaded)


def test_the_upload_handler_leaves_files_within_the_limit_to_the_next_handler():
    handler = evidence.LimitedUploadHandler()
    handler.new_file("file", "a.pdf", "application/pdf", None)
    assert handler.receive_data_chunk(b"%PDF-", 0) == b"%PDF-"
    assert handler.file_complete(5) is None
