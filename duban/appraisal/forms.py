"""The scoring scheme form: every message names the field it is about, in Chinese."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db import models

from .models import PERCENT_FIELDS, VALUE_FIELDS, ScoringScheme
from .scoring import format_number

INVALID_CHOICE = "「{label}」请从列表中选择。"
MUST_BE_NUMBER = "「{label}」须填写数字。"
REQUIRED = "「{label}」不能为空。"
TOO_MANY_DIGITS = "「{label}」数值过大。"
TOO_MANY_DECIMALS = "「{label}」最多保留两位小数。"
PERCENT_RANGE = "「{label}」须在0到100之间。"
NOT_NEGATIVE = "「{label}」不能为负数。"
MUST_BE_POSITIVE = "「{label}」须大于0。"
SHARE_ORDER = "「{worse}」不能高于「{better}」:状态越靠后,得分比例不能越高。"


@dataclass(frozen=True)
class FieldNote:
    """What the office reads beside a value: its unit and where the default comes from."""

    unit: str
    source: str


# Every default is an assumption [A] (domain-practice §6 I): the office confirms or changes it.
FIELD_NOTES: dict[str, FieldNote] = {
    "base_points": FieldNote("分", "按承担任务量配分,承担越多分值越高(南京);每项分值为假设"),
    "lead_share_pct": FieldNote("%", "牵头单位计该项全部基本分"),
    "co_share_pct": FieldNote("%", "配合单位不计基本分,需要时另行设定"),
    "share_completed_pct": FieldNote("%", "达到或快于序时进度计满分"),
    "share_ahead_pct": FieldNote("%", "达到或快于序时进度计满分"),
    "share_on_track_pct": FieldNote("%", "达到序时进度计满分"),
    "share_partly_behind_pct": FieldNote("%", "按进度折算(参照宁波“按实际形象进度换算”)"),
    "share_behind_pct": FieldNote("%", "按进度折算(参照宁波“按实际形象进度换算”)"),
    "share_not_started_pct": FieldNote("%", "未启动不得分"),
    "late_report_deduction": FieldNote("分", "逾期报送一次扣1分"),
    "missing_report_deduction": FieldNote("分", "缺报一次扣10分(督查工作考核细则)"),
    "report_quality_deduction": FieldNote(
        "分", "默认0:质量提示只统计、不扣分,计分办法另有规定时设定"
    ),
    "slip_blue_deduction": FieldNote("分", "蓝色督办单为提醒,不扣分"),
    "slip_yellow_deduction": FieldNote("分", "黄牌扣1分(广元)"),
    "slip_red_deduction": FieldNote("分", "红牌扣2分(广元)"),
    "early_bonus_pct": FieldNote("%", "完成或超额完成加该项基本分的8%(成都)"),
    "exceed_bonus_pct": FieldNote("%", "完成或超额完成加该项基本分的8%(成都)"),
    "exceed_threshold_pct": FieldNote("%", "指标高于目标10%以上(南京)"),
    "bonus_cap": FieldNote("分", "加分合计不超过4分(成都)"),
    "item_deduction_cap_pct": FieldNote("%", "扣分不超过该项基本分(宁波)"),
    "tie_break": FieldNote("", "同分同名次"),
    "rank_by": FieldNote("", "总分随承担任务数增长;得分率可在任务多少不同的单位间比较"),
    "rank_groups": FieldNote("", "县(市、区)与市直部门分类考核、分别排名(见决定0023)"),
}

# (better, worse) statuses: a worse status may not earn a larger share than a better one.
SHARE_ORDER_PAIRS = (
    ("share_completed_pct", "share_on_track_pct"),
    ("share_ahead_pct", "share_on_track_pct"),
    ("share_on_track_pct", "share_partly_behind_pct"),
    ("share_partly_behind_pct", "share_behind_pct"),
    ("share_behind_pct", "share_not_started_pct"),
)


# How the page groups the values, in the order of the formula 基本分 + 加分 − 扣分.
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("基本分", ("base_points", "lead_share_pct", "co_share_pct")),
    (
        "按认定状态折算基本分",
        (
            "share_completed_pct",
            "share_ahead_pct",
            "share_on_track_pct",
            "share_partly_behind_pct",
            "share_behind_pct",
            "share_not_started_pct",
        ),
    ),
    ("加分", ("early_bonus_pct", "exceed_bonus_pct", "exceed_threshold_pct", "bonus_cap")),
    (
        "扣分",
        (
            "late_report_deduction",
            "missing_report_deduction",
            "report_quality_deduction",
            "slip_blue_deduction",
            "slip_yellow_deduction",
            "slip_red_deduction",
            "item_deduction_cap_pct",
        ),
    ),
    ("排名", ("rank_by", "rank_groups", "tie_break")),
)


class ScoringSchemeForm(forms.ModelForm):
    """The office's edit of a plan's scoring values."""

    class Meta:
        model = ScoringScheme
        fields = VALUE_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            label = str(field.label)
            field.error_messages.update(
                {
                    "required": REQUIRED.format(label=label),
                    "invalid": MUST_BE_NUMBER.format(label=label),
                    "max_digits": TOO_MANY_DIGITS.format(label=label),
                    "max_whole_digits": TOO_MANY_DIGITS.format(label=label),
                    "max_decimal_places": TOO_MANY_DECIMALS.format(label=label),
                    "invalid_choice": INVALID_CHOICE.format(label=label),
                }
            )
            if isinstance(field, forms.DecimalField):
                field.widget.attrs.update({"step": "0.01", "inputmode": "decimal"})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in VALUE_FIELDS:
            value = data.get(name)
            if not isinstance(value, Decimal):
                continue
            label = str(self.fields[name].label)
            if name == "base_points" and value <= 0:
                self.add_error(name, MUST_BE_POSITIVE.format(label=label))
            elif name in PERCENT_FIELDS and not 0 <= value <= 100:
                self.add_error(name, PERCENT_RANGE.format(label=label))
            elif value < 0:
                self.add_error(name, NOT_NEGATIVE.format(label=label))
        for better, worse in SHARE_ORDER_PAIRS:
            high, low = data.get(better), data.get(worse)
            if isinstance(high, Decimal) and isinstance(low, Decimal) and low > high:
                self.add_error(
                    worse,
                    SHARE_ORDER.format(
                        worse=self.fields[worse].label, better=self.fields[better].label
                    ),
                )
        return data

    def _post_clean(self) -> None:
        # The service validates and saves the locked row; validating a half-updated copy of
        # the instance here would only repeat the checks above in Django's wording.
        pass

    def sections(self) -> list[tuple[str, list[tuple[forms.BoundField, FieldNote, str]]]]:
        """The fields by section, each with its note and its default as printed (10分, 60%)."""
        return [(title, self._rows(names)) for title, names in SECTIONS]

    def _rows(self, names: tuple[str, ...]) -> list[tuple[forms.BoundField, FieldNote, str]]:
        rows = []
        for name in names:
            model_field = cast(models.Field, ScoringScheme._meta.get_field(name))
            note = FIELD_NOTES[name]
            default = model_field.get_default()
            if isinstance(default, Decimal):
                printed = f"{format_number(default)}{note.unit}"
            else:
                printed = str(dict(model_field.choices or []).get(default, default))
            rows.append((self[name], note, printed))
        return rows
