import collections
from duban.assessment.rules import assess_row, PROFILE_SETTINGS
from duban.reporting.models import ProgressReport, StatusDecision
from duban.ledger.models import KeyTask

def test_scratch(seed_period):
    p = seed_period
    tasks = list(KeyTask.objects.filter(plan=p.plan).order_by("position"))
    reps = {r.task_id: r for r in ProgressReport.objects.filter(period=p)}
    decs = {d.task_id: d for d in StatusDecision.objects.filter(period=p)}
    c = collections.Counter()
    for t in tasks:
        r = reps.get(t.pk); d = decs.get(t.pk)
        a = assess_row(t.text, r.progress if r else "", p.as_of, PROFILE_SETTINGS["jiaxing"])
        c[(a.status.value, d.status)] += 1
        if a.status != "NOT_ASSESSABLE" and a.status != d.status:
            print(t.seq or "sub", t.parent_id, d.status, a.status, a.reasons[:3])
    for k, v in sorted(c.items()): print(k, v)
    print(collections.Counter(r.self_status for r in reps.values()))
    print([ (t.seq, t.parent_id, decs[t.pk].status) for t in tasks if t.parent_id or not t.seq])
