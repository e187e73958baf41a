"""Uploads in S3-compatible object storage, against a real S3 server on loopback.

moto's standalone server (`moto_server`, requirements/dev.txt) answers the S3 HTTP protocol in
a separate process, with its own IAM: credentials are checked and policies applied, so a wrong
key fails the way a government cloud's store refuses it. duban's storage is configured from the
production variables (DUBAN_STORAGE_BACKEND, DUBAN_S3_*) through the settings' own
`storages_from_env`.
"""

import contextlib
import json
import os
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import boto3
import environ
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from config.settings.base import storages_from_env
from config.storage import STORAGE_NO_BUCKET, STORAGE_REFUSED, STORAGE_UNREACHABLE
from duban.conftest import SEED_PATH
from duban.imports.models import ImportBatch, ImportStatus
from duban.ledger.models import KeyTask
from duban.reporting.models import ProgressReport

pytestmark = pytest.mark.django_db

MOTO_SERVER = Path(sys.executable).with_name("moto_server")
# The server lets this many requests pass unauthenticated: enough to create the account, its
# key and its policy. Every request after is signed and checked against the account's policy.
BOOTSTRAP_REQUESTS = 3
POLICY = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}],
}
PNG_HEADER = b"\x89PNG\r\n\x1a\n"
IMPORT_FORM = {
    "government": "嘉兴市",
    "year": "2021",
    "period": "上半年",
    "as_of": "2021-06-30",
    "profile": "jiaxing",
}


@dataclass(frozen=True)
class S3Server:
    endpoint: str
    access_key: str
    secret_key: str

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name="us-east-1",
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
        )

    def keys(self, bucket: str) -> list[str]:
        listing = self.client().list_objects_v2(Bucket=bucket)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def read(self, bucket: str, key: str) -> bytes:
        return self.client().get_object(Bucket=bucket, Key=key)["Body"].read()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(port: int, process: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"moto_server exited with {process.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.1)
    raise RuntimeError(f"moto_server did not listen on {port} within {seconds} s")


@pytest.fixture(scope="module")
def s3_server():
    """moto_server on a free loopback port for this module, with one account and one bucket."""
    port = _free_port()
    process = subprocess.Popen(
        [str(MOTO_SERVER), "-H", "127.0.0.1", "-p", str(port)],
        env={**os.environ, "INITIAL_NO_AUTH_ACTION_COUNT": str(BOOTSTRAP_REQUESTS)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(port, process)
        endpoint = f"http://127.0.0.1:{port}"
        anonymous = {
            "endpoint_url": endpoint,
            "region_name": "us-east-1",
            "aws_access_key_id": "bootstrap",
            "aws_secret_access_key": "bootstrap",
        }
        iam = boto3.client("iam", **anonymous)
        iam.create_user(UserName="duban")
        key = iam.create_access_key(UserName="duban")["AccessKey"]
        iam.put_user_policy(
            UserName="duban", PolicyName="uploads", PolicyDocument=json.dumps(POLICY)
        )
        yield S3Server(endpoint, key["AccessKeyId"], key["SecretAccessKey"])
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def bucket(s3_server, request):
    """An empty bucket of this test's own, as the operator creates it before installing."""
    name = "duban-" + request.node.name[5:40].replace("_", "-")
    s3_server.client().create_bucket(Bucket=name)
    return name


@pytest.fixture
def use_storage(s3_server, bucket, settings, monkeypatch):
    """use_storage(**overrides): duban's storage from the production variables, as the
    settings read them; an override replaces one variable (a wrong key, another bucket)."""

    def configure(**overrides: str) -> None:
        variables = {
            "DUBAN_STORAGE_BACKEND": "config.storage.S3ObjectStorage",
            "DUBAN_S3_BUCKET": bucket,
            "DUBAN_S3_ENDPOINT_URL": s3_server.endpoint,
            "DUBAN_S3_REGION": "",
            "DUBAN_S3_ACCESS_KEY": s3_server.access_key,
            "DUBAN_S3_SECRET_KEY": s3_server.secret_key,
            **overrides,
        }
        for name, value in variables.items():
            monkeypatch.setenv(name, value)
        settings.STORAGES = storages_from_env(environ.Env())

    return configure


@pytest.fixture
def report(open_period):
    return ProgressReport.objects.get(period=open_period, task__seq="8")


@pytest.fixture
def liaison(make_user, open_period):
    client = Client()
    client.force_login(make_user("liaison", "市发展改革委"))
    return client


def test_attachment_is_stored_in_the_bucket_and_downloaded_back(
    use_storage, s3_server, bucket, liaison, report, settings
):
    use_storage()
    # Past the 8 MB at which uploads go in parts: the 20 MB attachments of real use do too.
    data = PNG_HEADER + os.urandom(9 * 1024 * 1024)
    page = liaison.post(
        reverse("reporting:report_detail", args=[report.pk]),
        {"action": "attach", "file": SimpleUploadedFile("现场照片.png", data)},
        follow=True,
    )
    assert "附件已上传。" in page.content.decode()
    attachment = report.attachments.get()
    assert s3_server.keys(bucket) == [attachment.file.name]
    assert s3_server.read(bucket, attachment.file.name) == data
    # Stored without the flexible checksums boto3 adds by default, which S3-compatible stores
    # built before 2025 refuse (config/settings/base.py).
    head = s3_server.client().head_object(
        Bucket=bucket, Key=attachment.file.name, ChecksumMode="ENABLED"
    )
    assert not [name for name in head if name.startswith("ChecksumCRC")]
    assert not (Path(settings.MEDIA_ROOT) / attachment.file.name).exists()
    download = liaison.get(
        reverse("reporting:attachment_download", args=[report.pk, attachment.pk])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == data


def test_import_file_is_stored_in_the_bucket_and_read_by_the_jobs(
    use_storage, s3_server, bucket, office_client, settings, django_capture_on_commit_callbacks
):
    use_storage()
    seed = SEED_PATH.read_bytes()
    # The read job runs when the upload commits: the function db_worker runs, here in-process.
    with django_capture_on_commit_callbacks(execute=True):
        office_client.post(
            reverse("imports:batch_list"),
            {**IMPORT_FORM, "file": SimpleUploadedFile("嘉兴2021上半年.txt", seed)},
        )
    batch = ImportBatch.objects.get()
    assert s3_server.keys(bucket) == [batch.source.name]
    assert s3_server.read(bucket, batch.source.name) == seed
    assert not (Path(settings.MEDIA_ROOT) / batch.source.name).exists()
    assert batch.status == ImportStatus.PREVIEW, batch.error
    assert batch.progress_total == 100
    # Confirming reads the file from the bucket again, in the apply job.
    with django_capture_on_commit_callbacks(execute=True):
        office_client.post(reverse("imports:batch_detail", args=[batch.pk]), {})
    batch.refresh_from_db()
    assert batch.status == ImportStatus.APPLIED, batch.error
    assert KeyTask.objects.count() == 100


def attach(client, report, name="证明.png", data=PNG_HEADER + b"x" * 100):
    """The liaison's upload on the report page; the page it lands on, as text."""
    page = client.post(
        reverse("reporting:report_detail", args=[report.pk]),
        {"action": "attach", "file": SimpleUploadedFile(name, data)},
        follow=True,
    )
    assert page.status_code == 200
    return page.content.decode()


def assert_clean_server_error(response) -> None:
    """Django's 500, rendered as duban's Chinese page: nothing of the failure shown."""
    body = response.content.decode()
    assert response.status_code == 500
    assert "服务器出错" in body
    for leak in ("Traceback", "botocore", "ClientError", "bucket"):
        assert leak not in body


def test_a_missing_bucket_is_said_on_the_page(
    use_storage, s3_server, liaison, report, office_client
):
    use_storage(DUBAN_S3_BUCKET="no-such-bucket")
    assert STORAGE_NO_BUCKET in attach(liaison, report)
    assert not report.attachments.exists()
    # The import upload page says it beside the form, and keeps no batch.
    response = office_client.post(
        reverse("imports:batch_list"),
        {**IMPORT_FORM, "file": SimpleUploadedFile("t.txt", SEED_PATH.read_bytes())},
    )
    assert response.status_code == 200
    assert STORAGE_NO_BUCKET in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_wrong_key_is_said_on_the_page_and_downloads_fail_cleanly(
    use_storage, s3_server, bucket, liaison, report
):
    use_storage()
    assert "附件已上传。" in attach(liaison, report, "第一份.png")
    stored = report.attachments.get()
    use_storage(DUBAN_S3_SECRET_KEY="not-the-secret")
    assert STORAGE_REFUSED in attach(liaison, report, "第二份.png")
    use_storage(DUBAN_S3_ACCESS_KEY="AKIANOSUCHKEY")
    assert STORAGE_REFUSED in attach(liaison, report, "第三份.png")
    assert list(report.attachments.all()) == [stored]
    assert s3_server.keys(bucket) == [stored.file.name]
    liaison.raise_request_exception = False
    download = liaison.get(reverse("reporting:attachment_download", args=[report.pk, stored.pk]))
    assert_clean_server_error(download)


def test_the_worker_with_a_wrong_key_fails_the_batch_in_chinese(
    use_storage, s3_server, office_client, django_capture_on_commit_callbacks
):
    use_storage()
    with django_capture_on_commit_callbacks() as read_job:
        office_client.post(
            reverse("imports:batch_list"),
            {**IMPORT_FORM, "file": SimpleUploadedFile("t.txt", SEED_PATH.read_bytes())},
        )
    # The key is rotated between the upload and the worker's turn.
    use_storage(DUBAN_S3_SECRET_KEY="rotated")
    for callback in read_job:
        callback()
    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.FAILED
    assert batch.error == STORAGE_REFUSED
    page = office_client.get(reverse("imports:batch_detail", args=[batch.pk])).content.decode()
    assert STORAGE_REFUSED in page


def test_a_store_that_never_answers_fails_the_upload_in_seconds(use_storage, liaison, report):
    # Accepts connections (the kernel's backlog) and never answers a byte.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        use_storage(DUBAN_S3_ENDPOINT_URL=f"http://127.0.0.1:{port}", DUBAN_S3_TIMEOUT="1")
        started = time.monotonic()
        page = attach(liaison, report)
        elapsed = time.monotonic() - started
    assert STORAGE_UNREACHABLE in page
    assert elapsed < 10
    assert not report.attachments.exists()


def test_every_runtime_pin_is_in_the_offline_hashes():
    """The offline install takes requirements/base.hashes.txt alone (deploy/offline): a package
    pinned in base.txt but missing there, or at another version, is not installed."""
    requirements = Path(__file__).resolve().parents[3] / "requirements"

    def pins(name: str) -> dict[str, str]:
        found = {}
        for line in (requirements / name).read_text().splitlines():
            match = re.match(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==(\S+)", line)
            if match:
                found[re.sub(r"[-_.]+", "-", match[1]).lower()] = match[2]
        return found

    runtime, hashed = pins("base.txt"), pins("base.hashes.txt")
    assert {"django-storages", "boto3"} <= runtime.keys()
    assert {name: version for name, version in runtime.items() if hashed.get(name) != version} == {}
