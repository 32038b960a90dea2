"""Sites arrive: every organisation gets one default site, and every clinician and
supervisor already there works at it (clients follow in caseload 0003)."""

from django.db import migrations
from django.db.models import OuterRef, Subquery

DEFAULT_SITE_NAME = "Main site"  # as accounts.models.DEFAULT_SITE_NAME, frozen here
SITE_ROLES = ("supervisor", "therapist", "counsellor")


def add_main_sites(apps, schema_editor):
    Organisation = apps.get_model("accounts", "Organisation")
    Site = apps.get_model("accounts", "Site")
    User = apps.get_model("accounts", "User")
    Site.objects.bulk_create(
        Site(organisation_id=pk, name=DEFAULT_SITE_NAME)
        for pk in Organisation.objects.exclude(sites__isnull=False).values_list("pk", flat=True)
    )
    main_site = Site.objects.filter(
        organisation_id=OuterRef("organisation_id"), name=DEFAULT_SITE_NAME
    ).values("pk")[:1]
    # One UPDATE for the whole table, whatever the number of people.
    User.objects.filter(role__in=SITE_ROLES, site__isnull=True).update(site=Subquery(main_site))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0007_sites_and_staff_invitations")]

    operations = [migrations.RunPython(add_main_sites, migrations.RunPython.noop)]
