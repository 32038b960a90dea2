"""Every existing client moves to their organisation's default site (accounts 0008)."""

from django.db import migrations
from django.db.models import OuterRef, Subquery

DEFAULT_SITE_NAME = "Main site"  # as accounts.models.DEFAULT_SITE_NAME, frozen here


def put_clients_on_main_sites(apps, schema_editor):
    Client = apps.get_model("caseload", "Client")
    Site = apps.get_model("accounts", "Site")
    main_site = Site.objects.filter(
        organisation_id=OuterRef("organisation_id"), name=DEFAULT_SITE_NAME
    ).values("pk")[:1]
    # One UPDATE for the whole table, whatever the number of clients.
    Client.objects.filter(site__isnull=True).update(site=Subquery(main_site))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0008_main_site_for_every_organisation"),
        ("caseload", "0002_client_site"),
    ]

    operations = [migrations.RunPython(put_clients_on_main_sites, migrations.RunPython.noop)]
