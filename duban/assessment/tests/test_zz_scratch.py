from duban.assessment.rules import PROFILE_SETTINGS, assess_row
from duban.assessment.suggestion import suggest
from duban.ledger.models import KeyTask
from duban.reporting.models import ProgressReport


def test_scratch(seed_period):
    p = seed_period
    n = 0
    for t in KeyTask.objects.filter(plan=p.plan).order_by("position"):
        r = ProgressReport.objects.get(task=t, period=p)
        a = assess_row(t.text, r.progress, p.as_of, PROFILE_SETTINGS["jiaxing"])
        s = suggest(t.text, r.progress, p.as_of, PROFILE_SETTINGS["jiaxing"])
        assert (a.status, a.reasons) == (s.status, s.reasons)
        if t.seq == "1":
            print(s)
        n += 1
    print(n)
