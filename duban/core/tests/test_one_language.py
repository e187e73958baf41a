"""Chinese only (docs/decisions/0022): an English browser still gets Django's and DRF's
messages in Chinese, and no language switch is offered."""

import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse

from duban.accounts.validators import PASSWORD_TOO_SHORT

pytestmark = pytest.mark.django_db
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


def test_a_form_validation_message_is_chinese_for_an_english_browser(client, make_user):
    client.force_login(make_user("leader"))
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "x", "new_password1": "1234", "new_password2": "1234"},
        **ENGLISH,
    )
    page = response.content.decode()
    assert "密码" in page
    assert "This password is too short" not in page
    assert PASSWORD_TOO_SHORT.format(min_length=8) in page


def test_a_required_field_message_is_chinese(client, make_user):
    client.force_login(make_user("office_admin"))
    page = client.post(reverse("accounts:account_create"), {}, **ENGLISH).content.decode()
    assert "该字段是必填项。" in page
    assert "This field is required." not in page


def test_a_drf_error_is_chinese_for_an_english_browser(client):
    response = client.get(reverse("api:period_list"), **ENGLISH)
    assert response.status_code == 401
    detail = response.json()["detail"]
    assert detail == "身份认证信息未提供。"


def test_no_language_switch_is_offered(client, make_user):
    with pytest.raises(NoReverseMatch):
        reverse("set_language")
    client.force_login(make_user("reviewer"))
    page = client.get(reverse("accounts:password_change"), **ENGLISH).content.decode()
    assert 'lang="zh-Hans"' in page
    assert "English" not in page


def test_every_password_rule_answers_in_chinese(make_user):
    user = make_user("reviewer", username="password1")
    for password in ["1234", "password", "12345678901", "password1"]:
        with pytest.raises(ValidationError) as caught:
            validate_password(password, user)
        for message in caught.value.messages:
            assert not re.search(r"[A-Za-z]{3,}", message), message
