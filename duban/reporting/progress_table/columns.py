"""The progress table's columns: fields, header synonyms, roles, and the hints for readers."""

import re
from collections.abc import Callable, Mapping

from duban.core.status import known_status_labels
from duban.imports.readers import TableHints
from duban.imports.readers.base import Role, normalise_header
from duban.orgs import naming
from duban.orgs.selectors import DepartmentDirectory

# Header synonyms seen on government pages, spreadsheets and breakdown tables.
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "编号", "序", "项目编号"),
    "task": (
        "主要工作任务",
        "工作任务",
        "重点工作任务",
        "重点工作",
        "主要任务",
        "任务内容",
        "工作内容",
        "内容与要求",
        "目标任务",
        "任务",
        "目标任务内容",
    ),
    "progress": (
        "进展情况",
        "完成情况",
        "推进情况",
        "工作进展",
        "进展",
        "落实情况",
        "执行情况",
        "半年度完成情况",
        "三季度进展情况",
        "上半年进展情况",
        "进展及成效",
        "政务公开内容",
    ),
    "departments": (
        "牵头部门",
        "牵头单位",
        "责任单位",
        "责任部门",
        "承办单位",
        "主办单位",
        "牵头责任单位",
        "牵头(责任)单位",
        "责任单位(牵头单位列第一位)",
    ),
    "status": ("进展状态", "完成进度", "进度状态", "状态", "推进状态", "完成状态", "进度"),
    "leader": ("牵头领导", "责任领导", "分管领导", "牵头市领导"),
}
# Printed names of the fields, for messages and the mapping step's choices (in that order).
HEADER_LABELS = {
    "seq": "序号",
    "task": "主要工作任务",
    "progress": "进展情况",
    "departments": "牵头部门",
    "co_departments": "配合单位",
    "status": "进展状态",
    "deadline": "完成时限",
    "target": "目标",
    "leader": "牵头领导",
    "remarks": "备注",
    "problems": "存在问题",
    "next_steps": "下步打算",
    "ignore": "忽略",
}
# What the mapping step offers for each source column.
MAPPING_CHOICES: tuple[tuple[str, str], ...] = (
    ("task", "任务"),
    ("progress", "进展"),
    ("departments", "牵头单位"),
    ("co_departments", "配合单位"),
    ("status", "状态"),
    ("deadline", "时限"),
    ("target", "目标"),
    ("leader", "领导"),
    ("remarks", "备注"),
    ("problems", "存在问题"),
    ("next_steps", "下步打算"),
    ("seq", "序号"),
    ("ignore", "忽略"),
)
# Columns that two source columns may share: their cells are joined, in column order.
REPEATABLE = frozenset({"task", "progress", "target", "co_departments", "remarks", "ignore"})

_HEADER_INDEX = {synonym: f for f, synonyms in HEADER_SYNONYMS.items() for synonym in synonyms}
_BRACKETS_RE = re.compile(r"[((][^))]*[))]$")
# A period or scope around the word: 2022年度任务目标, 1-11月推进情况, 截至目前完成情况,
# 上半年工作进展, 全年累计完成, 一季度目标, 8月计划进度, 区责任单位, 具体分管领导.
_SCOPE_RE = re.compile(
    r"^(?:"
    r"\d{4}年度?|\d{1,2}[-—–~至]\d{1,2}月份?|\d{1,2}月份?|截至\d{1,2}月底?|截至目前|截止目前"
    r"|第?[一二三四1-4]季度|上半年|下半年|半年度|全年|年度|月度|本月|本期|当前|目前|累计"
    r"|具体|市级|区级|县级|区|市|县|涉及\S{1,6}?(?=工作|任务|指标|目标)"
    r")+"
)
# Meanings, tried in order on the header without its scope: the first that fits wins.
_MEANINGS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("seq", re.compile(r"^(?:序号|编号|序|项目编号|No\.?)$")),
    ("remarks", re.compile(r"^备注")),
    ("status", re.compile(r"状态|是否滞后|^目标完成情况$|^完成成效$|^评价$")),
    ("leader", re.compile(r"领导|^责任人$|^联系领导$")),
    ("deadline", re.compile(r"时限|期限|^完成时间$|^截止时间$|^时间节点$|^时间要求$")),
    ("co_departments", re.compile(r"(?:配合|协办|协同|协助|参与)(?:责任)?(?:单位|部门|科室)")),
    ("departments", re.compile(r"(?:单位|部门|科室|处室)$")),
    ("next_steps", re.compile(r"^下[一]?步")),
    ("problems", re.compile(r"^(?:存在)?(?:问题|困难)|^存在(?:困难|问题)")),
    ("target", re.compile(r"计划|安排|目标|指标|(?<!实际)进度计划")),
    ("progress", re.compile(r"进展|进度|完成情况|推进情况|落实情况|执行情况|实施情况|成效|完成$")),
    ("task", re.compile(r"任务|内容|项目|事项|工作|名称|实事")),
)


def field_for_header(text: str) -> str | None:
    """The field a header names: by synonym, else by what it says around its scope.

    Spaces and line breaks inside a header do not count (项 目 内 容, 责任/单位); a trailing
    "(…)" note is ignored; a period or scope before the word is read past (1-11月推进情况
    is 进展, 一季度目标 is 目标). Composite headers (工作进展及存在问题) name the progress:
    their cells are split by the labels they carry (`rows.split_labelled`).
    """
    text = re.sub(r"\s+", "", text or "")
    if text in _HEADER_INDEX:
        return _HEADER_INDEX[text]
    bare = _BRACKETS_RE.sub("", text)
    if bare in _HEADER_INDEX:
        return _HEADER_INDEX[bare]
    if len(bare) > HEADER_MAX_LENGTH or _SENTENCE_RE.search(bare):
        return None  # a cell's sentence, not a header
    core = _SCOPE_RE.sub("", bare) or bare
    if core in _HEADER_INDEX and core not in _SCOPE_SENSITIVE:
        return _HEADER_INDEX[core]
    if _COMPOSITE_PROGRESS_RE.search(core):
        return "progress"
    for field_name, pattern in _MEANINGS:
        if pattern.search(core):
            return field_name
    return None


# Headers are short words; longer texts or sentences are cells (a task that says 工作).
HEADER_MAX_LENGTH = 16
_SENTENCE_RE = re.compile(r"[。,,;;!?::]")
# Bare synonyms that mean something else once a scope is read past (当前进度 is progress).
_SCOPE_SENSITIVE = frozenset({"进度"})
_COMPOSITE_PROGRESS_RE = re.compile(
    r"(?:进展|完成情况|推进情况|落实情况).*(?:问题|困难|打算|下一?步)"
)


def fields_for_headers(headers: list[str]) -> list[str | None]:
    """The fields of a whole header row, where a header's neighbours change its meaning.

    - 责任单位 beside 牵头单位 names the co-operating units;
    - without a task column, the first target column is the task (目标任务 alone, 工作目标).
    """
    fields = [field_for_header(h) if h else None for h in headers]
    department_columns = [i for i, f in enumerate(fields) if f == "departments"]
    if len(department_columns) > 1:
        leads = [i for i in department_columns if "牵头" in headers[i]]
        if leads:
            for i in department_columns:
                if i not in leads:
                    fields[i] = "co_departments"
    if "task" not in fields:
        for i, f in enumerate(fields):
            if f == "target":
                fields[i] = "task"
                break
    return fields


def fields_with_mapping(mapping: Mapping[str, str]) -> Callable[[list[str]], list[str | None]]:
    """`fields_for_headers` with the office's mapping (normalised header → field) on top."""
    chosen = {normalise_header(k): v for k, v in mapping.items()}

    def mapped(headers: list[str]) -> list[str | None]:
        guessed = fields_for_headers(headers)
        return [chosen.get(normalise_header(h), g) for h, g in zip(headers, guessed, strict=True)]

    return mapped


ROLES = {
    "seq": Role.KEY,
    "task": Role.TEXT,
    "progress": Role.PARAGRAPHS,
    "departments": Role.LIST,
    "status": Role.LABEL,
    "leader": Role.TEXT,
    "co_departments": Role.LIST,
    "deadline": Role.TEXT,
    "target": Role.PARAGRAPHS,
    "remarks": Role.PARAGRAPHS,
    "problems": Role.PARAGRAPHS,
    "next_steps": Role.PARAGRAPHS,
    "ignore": Role.PARAGRAPHS,
}
# A start-of-year task list has no progress column yet: only the task and its units are needed.
REQUIRED_FIELDS = ("task", "departments")
_STATUS_LABELS = known_status_labels()


def table_hints(
    directory: DepartmentDirectory, mapping: Mapping[str, str] | None = None
) -> TableHints:
    """What the readers need to know, with the office's column mapping when it gave one."""
    return TableHints(
        field_for_header=field_for_header,
        fields_for_headers=fields_with_mapping(mapping) if mapping else fields_for_headers,
        repeatable=REPEATABLE,
        keep_unknown=True,
        roles=ROLES,
        is_label=lambda text: text in _STATUS_LABELS,
        is_list_line=lambda text: naming.is_unit_line(text, directory.is_known),
        required=REQUIRED_FIELDS,
        labels=HEADER_LABELS,
    )
