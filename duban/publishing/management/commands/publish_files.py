"""Write the public pages and downloads as files again (static publishing, docs/deploy.md)."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from duban.publishing.models import Publication
from duban.publishing.published_files import (
    published_files_root,
    published_files_write,
    published_files_write_all,
)

STATIC_PUBLISHING_OFF = "未设置 DUBAN_STATIC_PUBLISH_ROOT,静态发布未开启。"
NOTHING_CHOSEN = "请指定 --all 或要重写的公开发布编号。"
PUBLICATION_NOT_FOUND = "没有编号为 {pk} 的公开发布。"


class Command(BaseCommand):
    help = "把政务公开页面及其下载文件重新写入静态发布目录(DUBAN_STATIC_PUBLISH_ROOT)。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("publications", nargs="*", type=int, help="公开发布编号")
        parser.add_argument("--all", action="store_true", help="重写全部公开发布")

    def handle(self, *args: Any, **options: Any) -> None:
        if published_files_root() is None:
            raise CommandError(STATIC_PUBLISHING_OFF)
        if options["all"]:
            written = published_files_write_all()
        elif options["publications"]:
            written = 0
            for pk in options["publications"]:
                publication = Publication.objects.filter(pk=pk).first()
                if publication is None:
                    raise CommandError(PUBLICATION_NOT_FOUND.format(pk=pk))
                written += published_files_write(publication)
        else:
            raise CommandError(NOTHING_CHOSEN)
        self.stdout.write(f"已写入 {written} 个文件:{published_files_root()}")
