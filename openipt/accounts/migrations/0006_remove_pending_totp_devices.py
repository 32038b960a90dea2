"""Opening the setup page used to save an unconfirmed device; the secret now lives in the
session until it is confirmed, so those half-made devices are removed."""

from django.db import migrations


def remove_pending_devices(apps, schema_editor):
    apps.get_model("otp_totp", "TOTPDevice").objects.filter(confirmed=False).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_deletion_request"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(remove_pending_devices, migrations.RunPython.noop)]
