"""The audit table refuses UPDATE and DELETE in PostgreSQL itself, not only in the model.

`AuditEvent.save()`/`delete()` refuse in the application; this trigger holds against raw SQL,
`QuerySet.update()`/`.delete()` and any other client of the database. The one way rows leave is
the retention prune (`manage.py audit_prune`, decision 0027), which sets the transaction-local
flag `duban.audit_prune` and may delete only; nothing may ever update. On SQLite (development)
this migration does nothing: the model's guard is what holds there.

TRUNCATE is left to privileges, not a trigger: the test runner empties every table between
transactional tests with one TRUNCATE, and in production the application's database role holds
no TRUNCATE and does not own the tables (docs/decisions/0027).
"""

from django.db import migrations

INSTALL = """
CREATE OR REPLACE FUNCTION duban_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('duban.audit_prune', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'core_auditevent is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_auditevent_append_only
    BEFORE UPDATE OR DELETE ON core_auditevent
    FOR EACH ROW EXECUTE FUNCTION duban_audit_append_only();
"""

REMOVE = """
DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent;
DROP FUNCTION IF EXISTS duban_audit_append_only();
"""


def _on_postgresql(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)  # the PL/pgSQL holds a literal %

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(_on_postgresql(INSTALL), _on_postgresql(REMOVE))]
