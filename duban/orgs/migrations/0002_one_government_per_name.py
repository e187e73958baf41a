"""One government per name: a partial unique index on the roots of the trees.

A database where two simultaneous imports already made two governments of one name keeps
the oldest under that name; each later one is renamed "<name>(重复N)" so the index can be
built and the office can see, move and remove it.
"""

from django.db import migrations, models


def rename_duplicate_governments(apps, schema_editor):
    department = apps.get_model("orgs", "Department")
    seen: dict[str, int] = {}
    for root in department.objects.filter(government__isnull=True).order_by("id"):
        count = seen.get(root.name, 0)
        seen[root.name] = count + 1
        if count:
            root.name = f"{root.name}(重复{count})"[:100]
            root.save(update_fields=["name"])


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(rename_duplicate_governments, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="department",
            constraint=models.UniqueConstraint(
                condition=models.Q(("government__isnull", True)),
                fields=("name",),
                name="government_unique_name",
            ),
        ),
    ]
