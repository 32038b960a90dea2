# Issue 17, item 5: each organisation's audit events form a hash chain. Events written
# before this migration are linked here, in the order they were written (by id). The
# database triggers that refuse UPDATE and DELETE are installed after migrate
# (audit/database.py), so this migration can still fill in the hashes.

import django.utils.timezone
from django.db import migrations, models

BATCH = 1000


def link_existing_events(apps, schema_editor):
    # The chain rules of the app (format "openipt-audit-v1"): verify-audit checks events
    # by the format they were written in, so these hashes stay valid.
    from openipt.audit.chain import content_of, event_hash, start_of_chain

    AuditEvent = apps.get_model("audit", "AuditEvent")
    chains = AuditEvent.objects.order_by().values_list("organisation_id", flat=True).distinct()
    for organisation_id in set(chains):
        previous = start_of_chain(organisation_id)
        batch = []
        events = AuditEvent.objects.filter(organisation_id=organisation_id).order_by("id")
        for event in events.iterator(chunk_size=BATCH):
            event.previous_hash = previous
            event.event_hash = previous = event_hash(content_of(event), previous)
            batch.append(event)
            if len(batch) == BATCH:
                AuditEvent.objects.bulk_update(batch, ["previous_hash", "event_hash"])
                batch = []
        AuditEvent.objects.bulk_update(batch, ["previous_hash", "event_hash"])


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="at",
            field=models.DateTimeField(
                db_index=True, default=django.utils.timezone.now, editable=False
            ),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="previous_hash",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="event_hash",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(link_existing_events, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["organisation", "id"], name="audit_chain_order"),
        ),
        migrations.AddConstraint(
            model_name="auditevent",
            constraint=models.UniqueConstraint(
                fields=("previous_hash",), name="audit_chain_no_fork"
            ),
        ),
    ]
