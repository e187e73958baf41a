"""Input checks for the status review pages (rules live in the services)."""

from typing import Any, cast

from django import forms

from duban.core.status import StatusProfile
from duban.ledger.models import Indicator

from .services import IndicatorItem


class DecisionForm(forms.Form):
    """A decided status, from the profile's vocabulary, with an optional reason (the service
    says when one is required)."""

    task = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label="认定状态")
    reason = forms.CharField(label="理由", required=False, max_length=500)

    def __init__(self, *args: Any, profile: StatusProfile, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = list(profile.labels.items())


class IndicatorForm(forms.Form):
    """One target: confirm it as read, correct it, or tick 删除."""

    name = forms.CharField(label="指标", max_length=100)
    # A blank first choice, so an untouched extra row submits nothing and is left out.
    kind = forms.ChoiceField(label="类型", choices=[("", "请选择"), *Indicator.Kind.choices])
    target_value = forms.DecimalField(label="目标值", max_digits=20, decimal_places=4)
    unit = forms.CharField(label="单位", max_length=20, required=False)
    qualifier = forms.CharField(label="限定词", max_length=8, required=False)
    source_text = forms.CharField(
        label="原文", max_length=200, required=False, widget=forms.HiddenInput
    )

    def item(self) -> IndicatorItem:
        data = self.cleaned_data
        return IndicatorItem(
            name=data["name"],
            kind=data["kind"],
            target_value=data["target_value"],
            unit=data["unit"],
            qualifier=data["qualifier"],
            source_text=data["source_text"],
        )


IndicatorFormSet = forms.formset_factory(IndicatorForm, extra=2, can_delete=True)


def confirmed_items(formset: Any) -> list[IndicatorItem]:
    """The rows to keep: filled in (blank extra rows have no cleaned data) and not ticked for
    deletion (the formset does not validate those)."""
    return [
        form.item()
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]
