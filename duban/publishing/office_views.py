"""The office's publishing page: every period, its published versions, and the publish form."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from duban.core.exceptions import DomainError
from duban.core.views import permission_required
from duban.reporting.models import ReportingPeriod

from .models import Publication
from .permissions import can_publish
from .services import DEFAULT_SOURCE, publication_create


class PublishForm(forms.Form):
    published_at = forms.DateTimeField(
        label="发布日期",
        input_formats=["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    source = forms.CharField(label="信息来源", max_length=100, initial=DEFAULT_SOURCE)
    correction_note = forms.CharField(
        label="更正说明(再次发布时必填)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


@permission_required(can_publish)
def period_list(request: HttpRequest) -> HttpResponse:
    """Periods with their published versions and a form to publish each."""
    periods = ReportingPeriod.objects.select_related("plan", "plan__government").order_by(
        "-plan__year", "-as_of"
    )
    publications: dict[int, list[Publication]] = {}
    for publication in Publication.objects.order_by("version"):
        publications.setdefault(publication.period_id, []).append(publication)
    rows = [(period, publications.get(period.pk, [])) for period in periods]
    form = PublishForm(initial={"published_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")})
    return render(request, "publishing/period_list.html", {"rows": rows, "form": form})


@permission_required(can_publish)
def period_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish (or publish a correction of) one period."""
    period = ReportingPeriod.objects.select_related("plan").filter(pk=pk).first()
    if period is None:
        raise Http404
    if request.method != "POST":
        return redirect("publishing_office:period_list")
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            "发布失败:"
            + ";".join(
                f"{form.fields[f].label}:{' '.join(str(m) for m in e)}"
                for f, e in form.errors.items()
            ),
        )
        return redirect("publishing_office:period_list")
    try:
        publication = publication_create(
            period=period,
            published_at=form.cleaned_data["published_at"],
            source=form.cleaned_data["source"],
            correction_note=form.cleaned_data["correction_note"],
            actor=request.user,
        )
    except DomainError as error:
        messages.error(request, f"发布失败:{error.message}")
        return redirect("publishing_office:period_list")
    messages.success(request, f"已发布「{publication}」(第{publication.version}版)。")
    return redirect("publishing_office:period_list")
