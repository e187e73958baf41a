"""The audit log for the office: filter, page, export to xlsx (the export is audited too)."""

import datetime
import json

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from duban.core.audit_verbs import AuditVerb
from duban.core.views import permission_required
from duban.exports.download import internal_download
from duban.exports.renderers.xlsx import render_rows_xlsx

from .permissions import can_view_audit
from .selectors import AuditFilters, audit_event_list, audit_verb_choices, audit_verb_filter

EXPORT_LIMIT = 50_000


def _date(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text) if text else None
    except ValueError:
        return None


@permission_required(can_view_audit)
def audit_list(request: HttpRequest) -> HttpResponse:
    params = request.GET
    filters = AuditFilters(
        actor=params.get("actor", "").strip(),
        verb=audit_verb_filter(params.get("verb", "").strip()),
        target=params.get("target", "").strip(),
        date_from=_date(params.get("from", "")),
        date_to=_date(params.get("to", "")),
        failures_only=params.get("failures") == "1",
    )
    events = audit_event_list(filters=filters)
    if params.get("export") == "xlsx":
        rows: list[list[object]] = [
            [
                timezone.localtime(e.occurred_at).strftime("%Y-%m-%d %H:%M:%S"),
                e.actor_label,
                e.verb_label,
                e.target_type,
                e.target_id,
                e.target_label,
                json.dumps(e.before, ensure_ascii=False) if e.before is not None else "",
                json.dumps(e.after, ensure_ascii=False) if e.after is not None else "",
                e.reason,
                "成功" if e.success else "失败",
            ]
            for e in events[:EXPORT_LIMIT]
        ]
        data = render_rows_xlsx(
            title="审计日志",
            header=[
                "时间",
                "操作人",
                "事件",
                "对象类型",
                "对象编号",
                "对象",
                "修改前",
                "修改后",
                "原因",
                "结果",
            ],
            rows=rows,
        )
        return internal_download(
            data=data,
            fmt="xlsx",
            name="审计日志",
            fallback="audit",
            actor=request.user,
            verb=AuditVerb.AUDIT_EXPORT,
            after={"rows": len(rows), "filters": params.dict()},
        )
    page = Paginator(events, 50).get_page(params.get("page"))
    query = params.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/audit_list.html",
        {
            "page": page,
            "filters": params,
            "verbs": audit_verb_choices(),
            "query_string": query.urlencode(),
            "crumbs": [("审计日志", "")],
        },
    )
