"""Every periodic job, in one place. Production runs these from the systemd timers in
deploy/systemd (one `duban-<name>.timer` each), or from cron:

# m  h dom mon dow  command
0    8 *   *   *    cd /srv/duban && .venv/bin/python manage.py send_reminders
30   2 *   *   *    cd /srv/duban && .venv/bin/python manage.py clearsessions
0    3 *   *   *    cd /srv/duban && .venv/bin/python manage.py prune_db_task_results …
"""

from typing import NamedTuple


class Periodic(NamedTuple):
    when: str  # as people read it
    on_calendar: str  # systemd's OnCalendar= for the timer
    timer: str  # deploy/systemd/duban-<timer>.timer
    command: tuple[str, ...]  # manage.py arguments
    why: str


SCHEDULE = [
    Periodic(
        "每天 08:00",
        "*-*-* 08:00:00",
        "reminders",
        ("send_reminders",),
        "填报截止前N天(默认3天)和当天,提醒未提交的部门联络员",
    ),
    Periodic(
        "每天 02:30",
        "*-*-* 02:30:00",
        "clearsessions",
        ("clearsessions",),
        "删除已过期的登录会话(数据库里的会话不会自己消失)",
    ),
    Periodic(
        "每天 03:00",
        "*-*-* 03:00:00",
        "prune-jobs",
        ("prune_db_task_results", "--min-age-days", "14", "--failed-min-age-days", "90"),
        "删除14天前完成的后台任务记录;失败的保留90天以便排查",
    ),
]
# Escalation proposals are generated on demand from the proposals page (督办建议 →
# 按期次生成督办建议) once the office has decided a period's statuses; no timer runs them.
