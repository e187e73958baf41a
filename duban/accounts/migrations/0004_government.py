import django.db.models.deletion
from django.db import migrations, models

GOVERNMENT_ROLES = ["office_admin", "reviewer", "leader"]


def to_the_one_government(apps, schema_editor):
    """An instance with one government: its office and leaders belong to it, written down so
    that a second government added later changes nothing they see."""
    Department = apps.get_model("orgs", "Department")
    User = apps.get_model("accounts", "User")
    governments = list(Department.objects.filter(kind="government", government=None)[:2])
    if len(governments) != 1:
        return
    User.objects.filter(government=None, department=None).filter(
        models.Q(role__in=GOVERNMENT_ROLES) | models.Q(role="", is_superuser=True)
    ).update(government=governments[0])


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_password_changed_at'),
        ('orgs', '0002_one_government_per_name'),
    ]

    operations = [
        migrations.AddField(
            model_name='user',
            name='government',
            field=models.ForeignKey(blank=True, limit_choices_to={'kind': 'government'}, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='accounts', to='orgs.department', verbose_name='所属政府'),
        ),
        migrations.RunPython(to_the_one_government, migrations.RunPython.noop),
    ]
