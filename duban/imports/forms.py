"""The upload form: the file itself. Each import kind adds its own parameters form."""

from pathlib import Path

from django import forms
from django.conf import settings

ALLOWED_SUFFIXES = {".txt", ".html", ".htm", ".xlsx", ".xls", ".ods", ".docx", ".csv"}
SUFFIX_REFUSED = "只能上传 .txt、.html、.xlsx、.xls、.ods、.docx 或 .csv 文件。"


class UploadForm(forms.Form):
    file = forms.FileField(
        label="文件(网页文本 .txt、.html,表格 .xlsx、.xls、.ods、.csv,Word .docx)"
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in ALLOWED_SUFFIXES:
            raise forms.ValidationError(SUFFIX_REFUSED)
        if upload.size > settings.DUBAN_MAX_UPLOAD_BYTES:
            limit = settings.DUBAN_MAX_UPLOAD_BYTES // (1024 * 1024)
            raise forms.ValidationError(f"文件不能超过 {limit} MB。")
        return upload
