"""Forms of the supervision pages: HTML input validation only; rules live in the services."""

from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from duban.orgs.models import Department

from .choices import SlipLevel


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class SlipIssueForm(forms.Form):
    """Issue a slip about a task: level, requirements, deadline, addressed units."""

    level = forms.ChoiceField(label="督办等级", choices=SlipLevel.choices)
    requirements = forms.CharField(
        label="督办要求", widget=forms.Textarea(attrs={"rows": 5}), max_length=4000
    )
    reply_deadline = forms.DateField(label="办理时限", widget=DateInput())
    departments = forms.ModelMultipleChoiceField(
        label="承办单位",
        queryset=Department.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请至少选择一个承办单位。"},
    )

    def __init__(self, *args: Any, departments: QuerySet[Department], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelMultipleChoiceField, self.fields["departments"])
        field.queryset = departments


class SlipReplyForm(forms.Form):
    reply = forms.CharField(
        label="办理情况", widget=forms.Textarea(attrs={"rows": 5}), max_length=8000
    )


class SlipCloseForm(forms.Form):
    note = forms.CharField(
        label="办结意见", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SlipEscalateForm(forms.Form):
    reason = forms.CharField(
        label="升级理由",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="未超过办理时限提前升级时必填。",
    )
    requirements = forms.CharField(
        label="督办要求(留空沿用原要求)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reply_deadline = forms.DateField(label="新的办理时限", required=False, widget=DateInput())


class ProposalDecideForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "采纳"), ("dismiss", "不采纳")])
    level = forms.ChoiceField(
        label="督办等级", choices=SlipLevel.choices, required=False, initial=SlipLevel.BLUE
    )
    note = forms.CharField(label="意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class InstructionRecordForm(forms.Form):
    """The office records a leader's instruction (领导批示) on a task."""

    leader = forms.CharField(label="批示领导", max_length=64)
    instructed_on = forms.DateField(label="批示日期", widget=DateInput())
    text = forms.CharField(label="批示内容", widget=forms.Textarea(attrs={"rows": 4}))
    reply_due = forms.DateField(label="回复期限", widget=DateInput(), required=False)
