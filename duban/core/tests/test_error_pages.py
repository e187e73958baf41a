"""Errors speak Chinese in the app's own layout; browsers find /favicon.ico."""

import pytest
from django.test import RequestFactory
from django.urls import get_resolver, reverse

from duban.core.views import ERROR_MESSAGES, ERROR_TITLES

pytestmark = pytest.mark.django_db
LAYOUT = 'class="topbar"'


def assert_error_page(response, status):
    assert response.status_code == status
    page = response.content.decode()
    assert ERROR_TITLES[status] in page
    assert ERROR_MESSAGES[status] in page
    assert LAYOUT in page
    assert "Forbidden" not in page
    assert "Not Found" not in page


def test_403_is_a_chinese_page_in_the_layout(client, make_user):
    client.force_login(make_user("reviewer"))
    response = client.get(reverse("accounts:account_list"))
    assert_error_page(response, 403)
    assert 'aria-label="功能导航"' in response.content.decode()


def test_404_is_a_chinese_page_in_the_layout(client, make_user):
    client.force_login(make_user("reviewer"))
    assert_error_page(client.get("/no-such-page/"), 404)


def test_405_of_a_post_only_view_is_a_chinese_page_keeping_the_allow_header(client, make_user):
    client.force_login(make_user("office_admin"))
    response = client.get(reverse("accounts:account_unlock", args=[1]))
    assert_error_page(response, 405)
    assert response["Allow"] == "POST"


def test_the_api_keeps_its_json_405(client, make_user):
    client.force_login(make_user("reviewer"))
    response = client.get(reverse("api:token"))
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")


def test_500_renders_without_the_database_or_the_request():
    handler = get_resolver().resolve_error_handler(500)
    response = handler(RequestFactory().get("/"))
    assert_error_page(response, 500)


def test_favicon_exists(client):
    response = client.get("/favicon.ico", follow=True)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO header
