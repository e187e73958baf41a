"""The audit trail beyond the model: append-only in PostgreSQL, retention, copy to syslog."""

import datetime
import json
import socket

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from duban.core.audit import (
    MINIMUM_RETENTION_DAYS,
    PRUNE_TOO_RECENT,
    RETENTION_TOO_SHORT,
    SYSLOG_URL_INVALID,
    SYSTEM,
    AuditTrailConfigError,
    audit_prune,
    copy_trail_to_syslog,
    record_event,
    syslog_handler,
    trail_logger,
)
from duban.core.models import AuditEvent

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the append-only trigger exists on PostgreSQL only; on SQLite the model's guard "
    "holds (test_audit.py). Run with DATABASE_URL=postgres://… to test it.",
)


def _old_event(days_ago: int) -> AuditEvent:
    with time_machine.travel(timezone.now() - datetime.timedelta(days=days_ago), tick=False):
        return record_event(actor=SYSTEM, verb="reporting.report_save")


@on_postgresql
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE core_auditevent SET reason = 'rewritten' WHERE id = %s",
        "DELETE FROM core_auditevent WHERE id = %s",
    ],
)
def test_postgresql_refuses_update_and_delete_of_the_trail(sql):
    event = record_event(actor=SYSTEM, verb="reporting.report_save")
    refused = pytest.raises(DatabaseError, match="append-only")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).reason == ""


@on_postgresql
def test_postgresql_refuses_a_queryset_update_too():
    record_event(actor=SYSTEM, verb="reporting.report_save")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.update(reason="rewritten")


def test_prune_deletes_only_what_is_past_retention_and_is_recorded(settings):
    settings.DUBAN_AUDIT_RETENTION_DAYS = 365
    old, recent = _old_event(400), _old_event(200)
    deleted = audit_prune(before=timezone.now() - datetime.timedelta(days=365), actor=SYSTEM)
    assert deleted == 1
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(pk=recent.pk).exists()
    prune = AuditEvent.objects.get(verb="audit.prune")
    assert prune.after is not None
    assert prune.after["deleted"] == 1


def test_prune_refuses_anything_younger_than_retention(settings):
    settings.DUBAN_AUDIT_RETENTION_DAYS = 365
    event = _old_event(200)
    with pytest.raises(AuditTrailConfigError) as refused:
        audit_prune(before=timezone.now() - datetime.timedelta(days=100), actor=SYSTEM)
    assert str(refused.value).startswith(PRUNE_TOO_RECENT.split("{")[0])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_a_retention_under_six_months_is_refused(settings):
    settings.DUBAN_AUDIT_RETENTION_DAYS = 90
    _old_event(400)
    with pytest.raises(CommandError) as refused:
        call_command("audit_prune", "--older-than-days", "200", "--confirm")
    assert str(refused.value) == RETENTION_TOO_SHORT.format(days=90, minimum=MINIMUM_RETENTION_DAYS)
    assert AuditEvent.objects.count() == 1


def test_the_command_only_counts_without_confirm(settings, capsys):
    settings.DUBAN_AUDIT_RETENTION_DAYS = 180
    _old_event(400)
    call_command("audit_prune")
    assert "1 条审计日志早于 180 天" in capsys.readouterr().out
    assert AuditEvent.objects.count() == 1
    call_command("audit_prune", "--confirm")
    assert list(AuditEvent.objects.values_list("verb", flat=True)) == ["audit.prune"]


@pytest.fixture
def syslog_receiver():
    receiver = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    receiver.bind(("127.0.0.1", 0))
    receiver.settimeout(5)
    handler = copy_trail_to_syslog(f"udp://127.0.0.1:{receiver.getsockname()[1]}")
    yield receiver
    trail_logger.removeHandler(handler)
    handler.close()
    receiver.close()


def test_each_committed_event_goes_to_syslog_as_one_json_line(
    syslog_receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        event = record_event(
            actor=SYSTEM, verb="reporting.report_submit", after={"进展": "开工"}, reason="按期"
        )
    datagram = syslog_receiver.recv(65536).decode("utf-8")
    assert datagram.startswith("<")  # the syslog priority
    line = datagram.split("duban-audit: ", 1)[1].lstrip("\ufeff")
    assert "\n" not in line.strip()
    copied = json.loads(line)
    assert copied["id"] == event.pk
    assert copied["verb"] == "reporting.report_submit"
    assert copied["verb_label"] == "提交报告"
    assert copied["actor"] == "系统"
    assert copied["after"] == {"进展": "开工"}


def test_a_rolled_back_event_is_not_sent(syslog_receiver, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                record_event(actor=SYSTEM, verb="reporting.report_save")
                raise RuntimeError
        except RuntimeError:
            pass
    assert callbacks == []


def test_a_bad_syslog_address_is_refused():
    with pytest.raises(AuditTrailConfigError) as refused:
        syslog_handler("http://x")
    assert str(refused.value) == SYSLOG_URL_INVALID.format(url="http://x")
