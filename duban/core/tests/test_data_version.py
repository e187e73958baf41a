"""The data version (core/data_version.py): every audited write changes it, now and after commit."""

import pytest
from django.core.cache import cache

from duban.core.audit import SYSTEM, record_event
from duban.core.audit_verbs import VERBS_WITHOUT_DATA_CHANGE, AuditVerb
from duban.core.data_version import DATA_VERSION_KEY, data_version, data_version_bump

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def test_a_bump_changes_the_version():
    before = data_version()
    assert data_version() == before  # stable between writes
    data_version_bump()
    assert data_version() != before


def test_a_decision_changes_only_the_version_that_reads_decisions():
    without, full = data_version(decisions=False), data_version()
    record_event(actor=SYSTEM, verb=AuditVerb.STATUS_DECIDE)
    assert data_version(decisions=False) == without
    assert data_version() != full


@pytest.mark.parametrize(
    "verb", [AuditVerb.TASK_UPDATE, AuditVerb.REPORT_SUBMIT, AuditVerb.ADMIN_CHANGE]
)
def test_every_other_write_changes_both(verb):
    without, full = data_version(decisions=False), data_version()
    record_event(actor=SYSTEM, verb=verb)
    assert data_version(decisions=False) != without
    assert data_version() != full


@pytest.mark.parametrize("verb", [AuditVerb.LOGIN_FAILED, AuditVerb.COCKPIT_EXPORT])
def test_sign_ins_and_downloads_leave_the_version(verb):
    assert verb in VERBS_WITHOUT_DATA_CHANGE
    before = data_version()
    record_event(actor=SYSTEM, verb=verb)
    assert data_version() == before


def test_the_version_changes_again_when_the_write_commits(django_capture_on_commit_callbacks):
    # A reader that took the token while the write was uncommitted may have kept the old
    # figures under it: the commit must move past that token.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        record_event(actor=SYSTEM, verb=AuditVerb.TASK_UPDATE)
        record_event(actor=SYSTEM, verb=AuditVerb.TASK_UPDATE)
        seen_before_commit = data_version()
    assert len(callbacks) == 2
    after_commit = data_version()
    assert after_commit != seen_before_commit
    for callback in callbacks:  # nothing left pending: a later callback bumps nothing
        callback()
    assert data_version() == after_commit


def test_a_dropped_token_never_comes_back():
    before = data_version()
    cache.delete(DATA_VERSION_KEY)
    assert data_version() != before
