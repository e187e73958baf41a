"""Delivery channels: in-app, e-mail (Django's mail backends), and a webhook robot.

The webhook posts the JSON message DingTalk / 浙政钉 group robots accept:
{"msgtype": "text", "text": {"content": "…"}}.
"""

import json
import logging
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from .models import Notification

logger = logging.getLogger(__name__)

IN_APP = "in_app"
EMAIL = "email"
WEBHOOK = "webhook"


@dataclass(frozen=True)
class Message:
    subject: str
    body: str
    url: str = ""
    dedupe_key: str = ""


def enabled_channels() -> set[str]:
    return set(getattr(settings, "DUBAN_NOTIFY_CHANNELS", [IN_APP, EMAIL, WEBHOOK]))


def deliver(recipients: Iterable[Any], message: Message) -> dict[str, int]:
    """Send `message` to each recipient over every enabled channel; counts what was sent.

    A recipient who already has a notification with the same dedupe key gets nothing again.
    """
    channels = enabled_channels()
    sent = {IN_APP: 0, EMAIL: 0}
    fresh = []
    for user in recipients:
        if (
            message.dedupe_key
            and Notification.objects.filter(recipient=user, dedupe_key=message.dedupe_key).exists()
        ):
            continue
        fresh.append(user)
        if IN_APP in channels:
            try:
                with transaction.atomic():
                    Notification.objects.create(
                        recipient=user,
                        subject=message.subject,
                        body=message.body,
                        url=message.url,
                        dedupe_key=message.dedupe_key,
                    )
                sent[IN_APP] += 1
            except IntegrityError:  # the same reminder from a concurrent run
                continue
    if EMAIL in channels:
        for user in fresh:
            if user.email:
                send_mail(
                    message.subject,
                    f"{message.body}\n{_absolute(message.url)}",
                    None,
                    [user.email],
                    fail_silently=False,
                )
                sent[EMAIL] += 1
    return sent


def post_webhook(text: str, url: str | None = None, timeout: float = 5.0) -> bool:
    """Post a text message to the configured robot; False (logged) when it fails."""
    target = url or getattr(settings, "DUBAN_WEBHOOK_URL", "")
    if not target or WEBHOOK not in enabled_channels():
        return False
    if not target.startswith(("http://", "https://")):
        logger.warning("webhook url must be http(s): %s", target)
        return False
    payload = json.dumps({"msgtype": "text", "text": {"content": text}}, ensure_ascii=False)
    request = urllib.request.Request(  # noqa: S310 - scheme checked above
        target,
        data=payload.encode("utf-8"),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return 200 <= response.status < 300
    except OSError:
        logger.exception("webhook post failed")
        return False


def _absolute(url: str) -> str:
    base = getattr(settings, "DUBAN_BASE_URL", "").rstrip("/")
    return f"{base}{url}" if url and base else url
