"""Every periodic job, in one place. Production runs these from cron or systemd timers.

# m h dom mon dow  command
0  8 *   *   *    cd /srv/duban && .venv/bin/python manage.py send_reminders
"""

SCHEDULE = [
    ("每天 08:00", "send_reminders", "填报截止前N天(默认3天)和当天,提醒未提交的部门联络员"),
]
# Escalation proposals are generated on demand from the proposals page (督办建议 →
# 按期次生成督办建议) once the office has decided a period's statuses; no timer runs them.
