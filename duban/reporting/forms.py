"""Forms of the reporting pages: HTML input validation only; rules live in the services."""

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms

from duban.core.status import TaskStatus

from .choices import YearForecast
from .services.reports import FigureInput, ReportContent

# The longest progress, problems or next-steps text a report takes, on the page and through
# the API: many times the longest real report (under a thousand characters), and short enough
# that comparing two versions (版本对比, 本期变化) stays fast.
REPORT_TEXT_MAX_CHARS = 20_000
REPORT_TEXT_FIELDS = {"progress": "进展情况", "problems": "存在问题", "next_steps": "下一步措施"}
REPORT_TEXT_TOO_LONG = "“{field}”不能超过{limit}字(现有{length}字),请精简后再保存。"


def report_text_errors(values: Mapping[str, Any]) -> dict[str, str]:
    """REPORT_TEXT_TOO_LONG for each report text in `values` over REPORT_TEXT_MAX_CHARS, by
    field name."""
    errors = {}
    for name, label in REPORT_TEXT_FIELDS.items():
        text = values.get(name) or ""
        if len(text) > REPORT_TEXT_MAX_CHARS:
            errors[name] = REPORT_TEXT_TOO_LONG.format(
                field=label, limit=REPORT_TEXT_MAX_CHARS, length=len(text)
            )
    return errors


class ReportForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    progress = forms.CharField(
        label="进展情况",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "placeholder": "1.……\n2.……"}),
        help_text="每段一行,按 1. 2. 3. 编号。",
    )
    problems = forms.CharField(
        label="存在问题", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    next_steps = forms.CharField(
        label="下一步措施", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    self_status = forms.ChoiceField(
        label="自评状态", required=False, choices=[("", "—"), *list(TaskStatus.choices)]
    )

    forecast = forms.ChoiceField(
        label="预计全年",
        required=False,
        choices=[("", "—"), *list(YearForecast.choices)],
        help_text="按目前进度,预计全年能否完成目标任务。",
    )
    forecast_figure = forms.DecimalField(
        label="预计全年完成数",
        max_digits=20,
        decimal_places=4,
        required=False,
        help_text="任务有量化指标的,填写预计全年可完成的数值。",
    )
    forecast_unit = forms.CharField(label="单位", max_length=20, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, error in report_text_errors(cleaned).items():
            self.add_error(name, error)
        return cleaned

    def content(self, figures: tuple[FigureInput, ...] | None) -> ReportContent:
        data = self.cleaned_data
        return ReportContent(
            progress=data["progress"],
            problems=data["problems"],
            next_steps=data["next_steps"],
            self_status=data["self_status"],
            figures=figures,
            forecast=data.get("forecast") or "",
            forecast_figure=data.get("forecast_figure"),
            forecast_unit=data.get("forecast_unit") or "",
        )


class FigureForm(forms.Form):
    name = forms.CharField(label="指标", max_length=100, required=False)
    value = forms.DecimalField(label="数值", max_digits=20, decimal_places=4, required=False)
    unit = forms.CharField(label="单位", max_length=20, required=False)
    month_from = forms.IntegerField(
        label="起始月", min_value=1, max_value=12, initial=1, required=False
    )
    month_to = forms.IntegerField(label="截止月", min_value=1, max_value=12, required=False)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("name"):
            return data
        if data.get("value") is None:
            self.add_error("value", "请填写数值。")
        if not data.get("month_to"):
            self.add_error("month_to", "请填写截止月。")
        elif (data.get("month_from") or 1) > data["month_to"]:
            self.add_error("month_from", "起始月不能晚于截止月。")
        return data


FigureFormSet = forms.formset_factory(FigureForm, extra=2, max_num=20)


def figures_from(formset: forms.BaseFormSet) -> tuple[FigureInput, ...]:
    return tuple(
        FigureInput(
            name=f.cleaned_data["name"],
            value=Decimal(f.cleaned_data["value"]),
            unit=f.cleaned_data.get("unit") or "",
            month_from=f.cleaned_data.get("month_from") or 1,
            month_to=f.cleaned_data["month_to"],
        )
        for f in formset.forms
        if f.cleaned_data.get("name")
    )


class ContributionForm(forms.Form):
    text = forms.CharField(label="本单位报送内容", widget=forms.Textarea(attrs={"rows": 5}))


class AttachmentForm(forms.Form):
    file = forms.FileField(label="附件(pdf、docx、xlsx、jpg、png,20 MB 以内)")


class PeriodOpenForm(forms.Form):
    label = forms.CharField(label="期次", max_length=32, help_text="如 1-9月、全年")
    as_of = forms.DateField(label="截至日期", widget=forms.DateInput(attrs={"type": "date"}))
    due_date = forms.DateField(label="填报截止日期", widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        as_of, due = data.get("as_of"), data.get("due_date")
        if isinstance(as_of, datetime.date) and isinstance(due, datetime.date) and due < as_of:
            self.add_error("due_date", "填报截止日期不能早于截至日期。")
        return data
