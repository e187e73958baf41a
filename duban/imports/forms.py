"""The upload form: a table file and the period it reports on."""

import datetime
from pathlib import Path

from django import forms
from django.conf import settings

from duban.core.status import PROFILE_CHOICES

ALLOWED_SUFFIXES = {".txt", ".html", ".htm", ".xlsx", ".csv"}


class TableUploadForm(forms.Form):
    file = forms.FileField(label="文件(网页文本 .txt、.html、.xlsx、.csv)")
    government = forms.CharField(label="政府", max_length=50, initial="嘉兴市")
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    period = forms.CharField(label="期次", max_length=32, help_text="如 上半年、1-9月")
    as_of = forms.DateField(label="截至日期", widget=forms.DateInput(attrs={"type": "date"}))
    profile = forms.ChoiceField(label="状态口径", choices=PROFILE_CHOICES, initial="jiaxing")

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in ALLOWED_SUFFIXES:
            raise forms.ValidationError("只能上传 .txt、.html、.xlsx 或 .csv 文件。")
        if upload.size > settings.DUBAN_MAX_UPLOAD_BYTES:
            limit = settings.DUBAN_MAX_UPLOAD_BYTES // (1024 * 1024)
            raise forms.ValidationError(f"文件不能超过 {limit} MB。")
        return upload

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        as_of, year = data.get("as_of"), data.get("year")
        if isinstance(as_of, datetime.date) and isinstance(year, int) and as_of.year != year:
            self.add_error("as_of", "截至日期应在所选年度内。")
        return data
