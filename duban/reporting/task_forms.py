"""Forms of the task pages' ledger edits and change requests: input validation only; the
rules (who, when, what a change needs) live in `duban.ledger.services`."""

from django import forms
from django.db.models import QuerySet

from duban.ledger.models import KeyTask
from duban.orgs.models import Department

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


class TaskFieldsForm(forms.Form):
    text = forms.CharField(label="主要工作任务", widget=forms.Textarea(attrs={"rows": 4}))
    targets_text = forms.CharField(
        label="目标", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    deadline = forms.DateField(label="完成期限", required=False, widget=DATE_INPUT)
    deadline_text = forms.CharField(label="完成时限(原文)", max_length=200, required=False)
    leader = forms.CharField(label="牵头领导", max_length=50, required=False)


class TaskCreateForm(TaskFieldsForm):
    departments = forms.ModelMultipleChoiceField(
        label="责任单位", queryset=Department.objects.none(), help_text="第一个为牵头单位"
    )
    lead = forms.ModelChoiceField(label="牵头单位", queryset=Department.objects.none())

    def __init__(self, *args: object, units: "QuerySet[Department]", **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["departments"].queryset = units  # type: ignore[attr-defined]
        self.fields["lead"].queryset = units  # type: ignore[attr-defined]
        self.fields["departments"].required = False

    def ordered_units(self) -> list[Department]:
        lead = self.cleaned_data["lead"]
        others = [u for u in self.cleaned_data["departments"] if u.pk != lead.pk]
        return [lead, *others]


class TaskEditForm(TaskFieldsForm):
    remarks = forms.CharField(
        label="备注", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reason = forms.CharField(label="修改理由(改动表述、目标或时限时必填)", required=False)


class TaskUnitsForm(forms.Form):
    units = forms.CharField(
        label="责任单位(每行一个,第一行为牵头单位)", widget=forms.Textarea(attrs={"rows": 4})
    )


class TaskSplitForm(forms.Form):
    parts = forms.CharField(label="子项(每行一项)", widget=forms.Textarea(attrs={"rows": 4}))


class TaskMergeForm(forms.Form):
    into = forms.ModelChoiceField(label="并入任务", queryset=KeyTask.objects.none())
    reason = forms.CharField(label="理由")

    def __init__(self, *args: object, tasks: "QuerySet[KeyTask]", **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["into"].queryset = tasks  # type: ignore[attr-defined]


class TaskRetireForm(forms.Form):
    reason = forms.CharField(label="撤销理由")


class MilestoneForm(forms.Form):
    quarter = forms.TypedChoiceField(
        label="季度",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), (1, "一季度"), (2, "二季度"), (3, "三季度"), (4, "四季度")],
    )
    month = forms.IntegerField(label="月份", required=False, min_value=1, max_value=12)
    due = forms.DateField(label="节点日期", required=False, widget=DATE_INPUT)
    text = forms.CharField(label="形象进度", widget=forms.Textarea(attrs={"rows": 2}))


class ChangeRequestForm(TaskFieldsForm):
    """What the baseline should read after the change; prefilled with the current one."""

    leader = None  # type: ignore[assignment]
    reason = forms.CharField(label="申请理由", widget=forms.Textarea(attrs={"rows": 3}))


class ChangeActForm(forms.Form):
    note = forms.CharField(label="意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))
