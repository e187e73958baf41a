"""Problems found in an import file, kept to a number a page can show.

A broken file can have a problem on every row (190,000 of them); the office needs the first
ones to see what is wrong, and how many there are in all.
"""

from django.conf import settings

MORE_PROBLEMS = "另有 {count} 处问题未列出。"


def capped(problems: list[str], limit: int | None = None) -> list[str]:
    """The first `limit` problems (DUBAN_IMPORT_MAX_PROBLEMS by default) and, when some are
    left out, a last line saying how many."""
    if limit is None:
        limit = settings.DUBAN_IMPORT_MAX_PROBLEMS
    if len(problems) <= limit:
        return list(problems)
    return [*problems[:limit], MORE_PROBLEMS.format(count=len(problems) - limit)]
