"""`load_demo`: the seed, published, with demo accounts that can sign in."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from duban.ledger.models import KeyTask
from duban.orgs.models import Department
from duban.publishing.models import Publication

pytestmark = pytest.mark.django_db


def test_load_demo_builds_everything_and_lists_accounts(client):
    out = io.StringIO()
    call_command("load_demo", "--json", stdout=out)
    accounts = json.loads(out.getvalue())
    assert {"username", "password", "role", "department"} <= set(accounts[0])
    assert accounts[0]["role"] == "office_admin"
    assert KeyTask.objects.count() == 100
    publication = Publication.objects.get()
    assert publication.title == "2021年嘉兴市政府工作报告重点工作及政府绩效考核执行情况(上半年)"
    # The seed was matched against the demo tree: one unit per name, aliases used.
    assert not Department.objects.filter(name="交通运输局").exists()
    assert client.login(username=accounts[0]["username"], password=accounts[0]["password"])
    assert client.get(reverse("reporting:task_list")).status_code == 200


def test_load_demo_if_empty_does_nothing_the_second_time():
    call_command("load_demo", stdout=io.StringIO())
    count = Department.objects.count()
    call_command("load_demo", "--if-empty", stdout=io.StringIO())
    assert Department.objects.count() == count
    assert Publication.objects.count() == 1
