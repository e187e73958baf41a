"""Notifications: in-app messages, the unread count, marking read, e-mail and the webhook robot."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail
from django.urls import reverse

from duban.notifications.channels import EMAIL, IN_APP, WEBHOOK, Message, deliver, post_webhook
from duban.notifications.models import Notification
from duban.notifications.selectors import notification_list_for, unread_count_for
from duban.notifications.services import notifications_mark_read

pytestmark = pytest.mark.django_db

REMINDER = Message(subject="请填报1-9月进展", body="截止10月10日。", url="/reporting/inbox/")


@pytest.fixture
def reviewer(make_user):
    user = make_user("reviewer", username="zhang")
    user.email = "zhang@example.org"
    user.save()
    return user


@pytest.fixture
def robot():
    """A webhook robot on 127.0.0.1: keeps what it was posted, answers `status`."""
    received: list[dict] = []

    class Robot(BaseHTTPRequestHandler):
        status = 200

        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            received.append(
                {
                    "content_type": self.headers["Content-Type"],
                    "json": json.loads(self.rfile.read(length).decode("utf-8")),
                }
            )
            self.send_response(self.status)
            self.end_headers()

        def log_message(self, *args) -> None:  # keep the test output quiet
            pass

    server = HTTPServer(("127.0.0.1", 0), Robot)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.received = received  # type: ignore[attr-defined]
    server.url = f"http://127.0.0.1:{server.server_port}/robot/send"  # type: ignore[attr-defined]
    yield server
    server.shutdown()
    server.server_close()


def test_deliver_creates_an_in_app_notification_and_an_email(reviewer):
    sent = deliver([reviewer], REMINDER)

    assert sent == {IN_APP: 1, EMAIL: 1}
    notification = Notification.objects.get(recipient=reviewer)
    assert (notification.subject, notification.body, notification.url) == (
        "请填报1-9月进展",
        "截止10月10日。",
        "/reporting/inbox/",
    )
    assert notification.read_at is None
    [email] = mail.outbox
    assert email.to == ["zhang@example.org"]
    assert email.subject == "请填报1-9月进展"
    assert "截止10月10日。" in email.body


def test_email_links_are_absolute_when_the_site_has_a_base_url(reviewer, settings):
    settings.DUBAN_BASE_URL = "https://duban.example.org/"
    deliver([reviewer], REMINDER)
    assert "https://duban.example.org/reporting/inbox/" in mail.outbox[0].body


def test_no_email_for_a_user_without_an_address(make_user):
    user = make_user("reviewer")
    assert deliver([user], REMINDER) == {IN_APP: 1, EMAIL: 0}
    assert mail.outbox == []


def test_the_same_dedupe_key_sends_nothing_twice(reviewer):
    message = Message(subject="请填报", body="", dedupe_key="remind:1")
    deliver([reviewer], message)
    assert deliver([reviewer], message) == {IN_APP: 0, EMAIL: 0}
    assert Notification.objects.filter(recipient=reviewer).count() == 1
    assert len(mail.outbox) == 1


def test_only_the_enabled_channels_deliver(reviewer, settings):
    settings.DUBAN_NOTIFY_CHANNELS = [EMAIL]
    assert deliver([reviewer], REMINDER) == {IN_APP: 0, EMAIL: 1}
    assert not Notification.objects.exists()


def test_unread_count_is_per_user_and_drops_when_read(reviewer, make_user):
    other = make_user("reviewer")
    deliver([reviewer, other], REMINDER)
    deliver([reviewer], Message(subject="退回", body=""))
    assert unread_count_for(user=reviewer) == 2
    assert unread_count_for(user=other) == 1

    first = notification_list_for(user=reviewer).order_by("pk")[0]
    assert notifications_mark_read(user=reviewer, pk=first.pk) == 1
    assert unread_count_for(user=reviewer) == 1
    assert notifications_mark_read(user=reviewer) == 1
    assert unread_count_for(user=reviewer) == 0
    assert unread_count_for(user=other) == 1


def test_mark_read_touches_only_the_users_own(reviewer, make_user):
    other = make_user("reviewer")
    deliver([other], REMINDER)
    theirs = Notification.objects.get(recipient=other)
    assert notifications_mark_read(user=reviewer, pk=theirs.pk) == 0
    assert unread_count_for(user=other) == 1


def test_the_page_lists_messages_and_the_top_bar_counts_unread(client, reviewer):
    deliver([reviewer], REMINDER)
    client.force_login(reviewer)
    page = client.get(reverse("notifications:notification_list")).content.decode()
    assert "请填报1-9月进展" in page
    assert '<span class="count-badge">1</span>' in page


def test_posting_the_page_marks_one_or_all_read(client, reviewer):
    deliver([reviewer], REMINDER)
    deliver([reviewer], Message(subject="退回", body=""))
    client.force_login(reviewer)
    url = reverse("notifications:notification_list")
    one = Notification.objects.filter(recipient=reviewer).order_by("pk")[0]

    response = client.post(url, {"id": str(one.pk)})
    assert response.status_code == 302
    assert response.url == url
    assert unread_count_for(user=reviewer) == 1
    client.post(url)
    assert unread_count_for(user=reviewer) == 0
    assert "count-badge" not in client.get(url).content.decode()


def test_the_page_needs_a_sign_in(client):
    response = client.get(reverse("notifications:notification_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_webhook_posts_the_robot_text_message(robot, settings):
    settings.DUBAN_WEBHOOK_URL = robot.url
    assert post_webhook("市发展改革委有3项任务未填报") is True
    [posted] = robot.received
    assert posted["content_type"] == "application/json; charset=utf-8"
    assert posted["json"] == {"msgtype": "text", "text": {"content": "市发展改革委有3项任务未填报"}}


def test_webhook_answers_false_when_the_robot_refuses(robot):
    robot.RequestHandlerClass.status = 500
    assert post_webhook("提醒", url=robot.url) is False
    assert len(robot.received) == 1


def test_webhook_answers_false_when_nobody_listens(robot):
    url = robot.url
    robot.shutdown()
    robot.server_close()
    assert post_webhook("提醒", url=url, timeout=1) is False


@pytest.mark.parametrize(
    ("url", "channels"),
    [
        ("", [IN_APP, EMAIL, WEBHOOK]),
        ("ftp://127.0.0.1/robot", [IN_APP, EMAIL, WEBHOOK]),
        ("http://127.0.0.1:9/robot", [IN_APP, EMAIL]),
    ],
    ids=["no-url", "not-http", "channel-off"],
)
def test_webhook_posts_nothing_unless_configured(url, channels, settings):
    settings.DUBAN_WEBHOOK_URL = url
    settings.DUBAN_NOTIFY_CHANNELS = channels
    assert post_webhook("提醒") is False
