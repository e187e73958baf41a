"""One government per name, even for simultaneous imports; a lost race speaks Chinese."""

import threading
import time

import pytest
from django.db import IntegrityError, connection, transaction

from duban.core.audit import SYSTEM
from duban.core.exceptions import DomainError
from duban.orgs.models import Department, DepartmentKind
from duban.orgs.services import UNIT_CREATED_MEANWHILE, department_create, government_get_or_create

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serialises writers: no race to lose"
)


@pytest.mark.django_db
def test_the_database_holds_one_government_per_name():
    Department.objects.create(name="嘉兴市", kind=DepartmentKind.GOVERNMENT)
    with pytest.raises(IntegrityError), transaction.atomic():
        Department.objects.create(name="嘉兴市", kind=DepartmentKind.GOVERNMENT)


@pytest.mark.django_db
def test_units_of_different_governments_may_share_a_name():
    first = government_get_or_create(name="嘉兴市", actor=SYSTEM)
    second = government_get_or_create(name="湖州市", actor=SYSTEM)
    department_create(government=first, name="市财政局", actor=SYSTEM)
    department_create(government=second, name="市财政局", actor=SYSTEM)
    assert government_get_or_create(name="嘉兴市", actor=SYSTEM) == first


def _together(work, count=2):
    barrier = threading.Barrier(count)
    results: list[object] = [None] * count

    def run(index):
        try:
            barrier.wait()
            results[index] = work()
        except Exception as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    return results


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_first_imports_found_one_government():
    def first_import():
        with transaction.atomic():  # an import's transaction stays open while it writes
            government = government_get_or_create(name="嘉兴市", actor=SYSTEM)
            time.sleep(0.5)
            return government.pk

    results = _together(first_import)
    assert Department.objects.filter(government=None, name="嘉兴市").count() == 1
    assert results[0] == results[1]


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_unit_created_by_a_simultaneous_import_is_refused_in_chinese():
    government = government_get_or_create(name="嘉兴市", actor=SYSTEM)

    def create():
        with transaction.atomic():
            unit = department_create(government=government, name="市财政局", actor=SYSTEM)
            time.sleep(0.5)
            return unit.pk

    results = _together(create)
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(refused) == 1
    assert isinstance(refused[0], DomainError)
    assert refused[0].message == UNIT_CREATED_MEANWHILE.format(name="市财政局")
