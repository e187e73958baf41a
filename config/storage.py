"""S3-compatible object storage for uploads, saying in Chinese what went wrong.

django-storages' S3Storage lets botocore's errors through: English, naming the operation, and
unhandled by the views, so a missing bucket or a rotated key became a server error on every
upload. Here they become a `DomainError` the pages already show as a message ("附件未能保存…"
on the report page, the import batch's error on its page, HTTP 400 in the API), while the log
keeps botocore's own words for the operator. Chosen by
DUBAN_STORAGE_BACKEND=config.storage.S3ObjectStorage (docs/deploy.md, "Storage").
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from boto3.exceptions import S3UploadFailedError
from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError
from storages.backends.s3 import S3Storage

from duban.core.exceptions import DomainError

logger = logging.getLogger(__name__)

STORAGE_NO_BUCKET = "文件存储出错:对象存储中没有配置的存储桶,文件未能存取。请联系系统管理员。"
STORAGE_REFUSED = (
    "文件存储出错:对象存储拒绝了访问(访问密钥无效或没有权限),文件未能存取。请联系系统管理员。"
)
STORAGE_UNREACHABLE = "文件存储出错:无法连接对象存储,文件未能存取。请稍后重试或联系系统管理员。"
STORAGE_FAILED = (
    "文件存储出错:对象存储未能完成请求({code}),文件未能存取。请稍后重试或联系系统管理员。"
)

# S3 error codes by what the person asking can be told about them.
_REFUSED_CODES = {
    "AccessDenied",
    "InvalidAccessKeyId",
    "SignatureDoesNotMatch",
    "InvalidToken",
    "ExpiredToken",
    "AllAccessDisabled",
    "403",
}


class StorageUnavailableError(DomainError):
    """The object store refused or could not be reached; nothing was stored or read."""


def _client_error(error: BaseException) -> ClientError | None:
    """The ClientError behind `error`: boto3's upload wraps it without saying `from`."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ClientError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def storage_message(error: BaseException) -> str:
    """The Chinese message for a failure of the object store."""
    if isinstance(error, NoCredentialsError):
        return STORAGE_REFUSED
    client_error = _client_error(error)
    if client_error is None:
        return STORAGE_UNREACHABLE  # connection refused, timed out, name not resolved
    code = str(client_error.response.get("Error", {}).get("Code", ""))
    if code == "NoSuchBucket":
        return STORAGE_NO_BUCKET
    if code in _REFUSED_CODES:
        return STORAGE_REFUSED
    return STORAGE_FAILED.format(code=code or "?")


class S3ObjectStorage(S3Storage):
    """S3Storage whose failures reach people as `StorageUnavailableError` (see the module)."""

    @contextmanager
    def _translated(self, operation: str, name: str) -> Iterator[None]:
        try:
            yield
        except (ClientError, BotoCoreError, S3UploadFailedError) as error:
            logger.error(
                "object storage: %s %s in bucket %s at %s failed: %s",
                operation,
                name,
                self.bucket_name,
                self.endpoint_url or "(default endpoint)",
                error,
            )
            raise StorageUnavailableError(storage_message(error)) from error

    def _save(self, name: str, content: Any) -> str:
        with self._translated("save", name):
            return str(super()._save(name, content))

    def _open(self, name: str, mode: str = "rb") -> Any:
        with self._translated("open", name):
            return super()._open(name, mode)

    def exists(self, name: str) -> bool:
        with self._translated("exists", name):
            return bool(super().exists(name))

    def delete(self, name: str) -> None:
        with self._translated("delete", name):
            super().delete(name)

    def size(self, name: str) -> int:
        with self._translated("size", name):
            return int(super().size(name))
