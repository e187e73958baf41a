"""Due-date reminders: in-app, e-mail and a webhook robot (a real local HTTP receiver)."""

import datetime
import io
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from duban.notifications.models import Notification
from duban.reporting.models import ProgressReport
from duban.reporting.notify import reminders_send
from duban.reporting.services.periods import period_open

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2021, 10, 7)


class Receiver(BaseHTTPRequestHandler):
    received: list[dict] = []

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        Receiver.received.append(json.loads(self.rfile.read(length)))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b'{"errcode":0}')

    def log_message(self, *args):
        return


@pytest.fixture
def robot():
    Receiver.received = []
    server = HTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/robot/send", Receiver.received
    server.shutdown()


@pytest.fixture
def liaisons(make_user):
    fgw = make_user("liaison", "市发展改革委")
    fgw.email = "fgw@example.gov.cn"
    fgw.save()
    return {"fgw": fgw, "commerce": make_user("liaison", "市商务局")}


def open_period(plan, due, label="1-9月", office=None):
    return period_open(
        plan=plan, label=label, as_of=datetime.date(2021, 9, 30), due_date=due, actor=office
    )


def test_reminders_three_days_ahead_on_every_channel(seed_period, liaisons, robot):
    url, received = robot
    period = open_period(seed_period.plan, TODAY + datetime.timedelta(days=3))
    with override_settings(DUBAN_WEBHOOK_URL=url):
        counts = reminders_send(today=TODAY, days_before=3)
    fgw_reports = ProgressReport.objects.filter(period=period, department__name="市发展改革委")
    assert Notification.objects.filter(recipient=liaisons["fgw"]).count() == fgw_reports.count()
    assert Notification.objects.filter(
        recipient=liaisons["fgw"], subject__startswith="3天后截止"
    ).exists()
    assert {m.to[0] for m in mail.outbox} == {"fgw@example.gov.cn"}
    # One robot message per department with reports still open.
    assert counts["webhook"] == len(received) == 2
    assert all(m["msgtype"] == "text" for m in received)
    texts = [m["text"]["content"] for m in received]
    assert any(
        t.startswith("【督办提醒】市发展改革委") and f"{fgw_reports.count()}项" in t for t in texts
    )


def test_reminders_on_the_day_and_not_twice(seed_period, liaisons):
    open_period(seed_period.plan, TODAY)
    first = reminders_send(today=TODAY)
    again = reminders_send(today=TODAY)
    assert first["in_app"] > 0
    assert again["in_app"] == 0
    assert Notification.objects.filter(subject__startswith="今天截止").count() == first["in_app"]


def test_submitted_reports_and_other_days_get_no_reminder(seed_period, liaisons):
    period = open_period(seed_period.plan, TODAY + datetime.timedelta(days=5))
    assert reminders_send(today=TODAY)["reports"] == 0
    ProgressReport.objects.filter(period=period).update(state="pending_head")
    assert reminders_send(today=TODAY + datetime.timedelta(days=2))["reports"] == 0


def test_channels_are_configurable(seed_period, liaisons, robot):
    url, received = robot
    open_period(seed_period.plan, TODAY)
    with override_settings(DUBAN_NOTIFY_CHANNELS=["in_app"], DUBAN_WEBHOOK_URL=url):
        counts = reminders_send(today=TODAY)
    assert counts["in_app"] > 0
    assert counts["email"] == 0
    assert received == []
    assert mail.outbox == []


def test_command_queues_the_job(seed_period, liaisons):
    open_period(seed_period.plan, TODAY)
    out = io.StringIO()
    call_command("send_reminders", "--date", TODAY.isoformat(), stdout=out)
    assert "已排队发送 2021-10-07 的提醒" in out.getvalue()
    # The test settings run jobs immediately; production's worker runs the same job.
    assert Notification.objects.filter(recipient=liaisons["commerce"]).exists()
