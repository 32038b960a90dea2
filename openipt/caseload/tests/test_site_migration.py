"""Existing data moves onto sites: one "Main site" per organisation, with every clinician,
supervisor and client of that organisation on it (accounts 0008, caseload 0003)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from openipt.accounts.models import Organisation, Site, User
from openipt.caseload.models import Client

BEFORE_SITES = [("accounts", "0006_remove_pending_totp_devices"), ("caseload", "0001_initial")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_each_organisation_gets_a_main_site_with_its_people_on_it():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old = migrate(BEFORE_SITES)
    try:
        make_organisation(old, "north")
        make_organisation(old, "south")
    finally:
        migrate(latest)
    for organisation in Organisation.objects.all():
        (site,) = Site.objects.filter(organisation=organisation)
        assert site.name == "Main site" and site.is_active
        people = User.objects.filter(organisation=organisation)
        assert {(u.role, u.site_id) for u in people} == {
            ("admin", None),
            ("client", None),
            ("supervisor", site.pk),
            ("therapist", site.pk),
        }
        assert set(
            Client.objects.filter(organisation=organisation).values_list("site", flat=True)
        ) == {site.pk}


def make_organisation(apps, slug):
    OldOrganisation = apps.get_model("accounts", "Organisation")
    OldUser = apps.get_model("accounts", "User")
    OldClient = apps.get_model("caseload", "Client")
    organisation = OldOrganisation.objects.create(name=slug, slug=slug)
    people = {
        role: OldUser.objects.create(
            username=f"{slug}-{role}", organisation=organisation, role=role
        )
        for role in ("admin", "supervisor", "therapist", "client")
    }
    for number in range(3):
        OldClient.objects.create(
            organisation=organisation,
            reference=f"C-{slug[:2].upper()}{number:04d}",
            given_name="Old",
            family_name="Record",
            date_of_birth="1980-01-01",
            clinician=people["therapist"],
        )
