"""A job that does nothing but count its runs: proof that the queue hands each job to one worker.

`make prod-smoke` enqueues a batch of these against two workers and then expects every count
to be exactly 1; an operator can enqueue one to see that some worker is taking jobs.
"""

from django.core.cache import cache
from django_tasks import task

PROBE_SECONDS = 3600


def probe_key(token: str) -> str:
    return f"duban:probe:{token}"


@task()
def probe_job(token: str) -> int:
    """Count one run for `token` in the shared cache and return the count so far."""
    key = probe_key(token)
    cache.add(key, 0, PROBE_SECONDS)
    return int(cache.incr(key))
