"""The office's publishing page: every period, its published versions, and the publish form."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from duban.core.exceptions import DomainError
from duban.core.views import permission_required
from duban.reporting.selectors import period_get_for, period_scope

from .models import Publication
from .permissions import can_publish
from .selectors import publish_preview
from .services import (
    DEFAULT_SOURCE,
    WITHDRAWAL_NEEDS_NOTE,
    publication_create,
    publication_withdraw,
)

PUBLISH_NOT_CONFIRMED = "请先核对预览并勾选确认发布。"
PUBLISHED = "已发布「{title}」(第{version}版)。"
WITHDRAWN = "已撤回「{title}」第{version}版,公开页面将显示撤回说明。"


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
    # Publishing is seen before it is done: the office confirms having read the preview.
    confirm = forms.BooleanField(
        label="我已核对上方预览(公众将看到的内容)及提示,确认发布",
        error_messages={"required": PUBLISH_NOT_CONFIRMED},
    )


class WithdrawForm(forms.Form):
    note = forms.CharField(
        label="撤回说明(公开页面将显示)", max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


@permission_required(can_publish)
def period_list(request: HttpRequest) -> HttpResponse:
    """Periods with their published versions and a form to publish each."""
    periods = period_scope(user=request.user).order_by("-plan__year", "-as_of")
    publications: dict[int, list[Publication]] = {}
    for publication in (
        Publication.objects.filter(period__in=periods)
        .select_related("withdrawal")
        .order_by("version")
    ):
        publications.setdefault(publication.period_id, []).append(publication)
    rows = [(period, publications.get(period.pk, [])) for period in periods]
    return render(
        request,
        "publishing/period_list.html",
        {"rows": rows, "withdraw_form": WithdrawForm()},
    )


def _form_errors(form: forms.Form) -> str:
    return ";".join(
        f"{form.fields[f].label if f in form.fields else ''}:{' '.join(str(m) for m in e)}"
        for f, e in form.errors.items()
    )


@permission_required(can_publish)
def period_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Preview what the public will see, with what looks wrong; publish once confirmed."""
    period = period_get_for(user=request.user, pk=pk)
    if period is None:
        raise Http404
    published = Publication.objects.filter(period=period).order_by("version")
    if request.method == "POST":
        form = PublishForm(request.POST)
        if form.is_valid():
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
            else:
                messages.success(
                    request,
                    PUBLISHED.format(title=publication.title, version=publication.version),
                )
                return redirect("publishing_office:period_list")
        else:
            messages.error(request, "发布失败:" + _form_errors(form))
    else:
        form = PublishForm(
            initial={"published_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")}
        )
    preview = publish_preview(period=period)
    return render(
        request,
        "publishing/period_publish.html",
        {
            "period": period,
            "preview": preview,
            "form": form,
            "published": list(published),
            "crumbs": [("政务公开", reverse("publishing_office:period_list")), ("发布预览", "")],
        },
    )


@permission_required(can_publish)
def publication_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw one published version with a public note."""
    publication = Publication.objects.filter(
        pk=pk, period__in=period_scope(user=request.user)
    ).first()
    if publication is None:
        raise Http404
    if request.method != "POST":
        return redirect("publishing_office:period_list")
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"撤回失败:{WITHDRAWAL_NEEDS_NOTE}")
        return redirect("publishing_office:period_list")
    try:
        publication_withdraw(
            publication=publication, note=form.cleaned_data["note"], actor=request.user
        )
    except DomainError as error:
        messages.error(request, f"撤回失败:{error.message}")
    else:
        messages.success(
            request, WITHDRAWN.format(title=publication.title, version=publication.version)
        )
    return redirect("publishing_office:period_list")
