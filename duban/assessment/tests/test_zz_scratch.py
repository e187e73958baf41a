from duban.assessment.extraction import extract
from duban.assessment.extraction.quantities import read_text
from duban.reporting.models import ProgressReport
from duban.ledger.models import KeyTask

def test_scratch(seed_period):
    p = seed_period
    for t in KeyTask.objects.filter(plan=p.plan, seq__in=["1","17","19","29","43","64","86","38"]).order_by("position"):
        r = ProgressReport.objects.get(task=t, period=p)
        e = extract(t.text, r.progress, 6, 2021)
        print("TASK", t.seq, t.text[:120])
        for tg in e.targets: print("   T", tg)
        rd = read_text(t.text)
        print("   M", [(rd.source.original_span(m.start, m.end), m.value, m.unit) for m in rd.mentions])
        if t.seq == "1":
            for a in e.actuals: print("   A", a)
