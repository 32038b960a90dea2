"""`openipt demo-data`: one demonstration organisation with staff and clients.

Running it again changes nothing: everything is looked up by its demo username
or reference before it is created.
"""

from datetime import date, timedelta

from django.core.management.base import BaseCommand
from django.db import transaction

from openipt.accounts.models import Organisation, Role, User
from openipt.caseload.actions import close_episode, open_episode, register_client
from openipt.caseload.models import Client

DEMO_PASSWORD = "openipt-demo-2026"
DEMO_ORGANISATION = ("Riverside Talking Therapies (demo)", "riverside-demo")

STAFF = [
    # username, first, last, role, supervisor username
    ("admin", "Ada", "Okafor", Role.ADMIN, None),
    ("supervisor", "Sam", "Lindqvist", Role.SUPERVISOR, None),
    ("therapist", "Tara", "Mensah", Role.THERAPIST, "supervisor"),
    ("therapist2", "Theo", "Brandt", Role.THERAPIST, "supervisor"),
    ("counsellor", "Cora", "Nwosu", Role.COUNSELLOR, "supervisor"),
]

# Clients at different points of a course: (given, family, born, clinician,
# weeks since the episode opened, weeks since it closed or None, portal username or None)
CLIENTS = [
    ("Maya", "Fernandes", date(1988, 4, 12), "therapist", 1, None, "client"),
    ("Daniel", "Achterberg", date(1975, 9, 30), "therapist", 6, None, None),
    ("Priya", "Raman", date(1994, 1, 5), "therapist", 11, None, None),
    ("George", "Whitfield", date(1959, 6, 21), "therapist", 20, 4, None),
    ("Amina", "Diallo", date(2001, 11, 2), "therapist2", 3, None, "client2"),
    ("Lukas", "Novak", date(1982, 2, 17), "counsellor", 2, None, None),
    ("Hannah", "Kowalczyk", date(1990, 8, 8), "counsellor", 0, None, None),
]


class Command(BaseCommand):
    help = "Create the demonstration organisation, staff and clients (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        name, slug = DEMO_ORGANISATION
        organisation, _ = Organisation.objects.get_or_create(slug=slug, defaults={"name": name})
        staff = {row[0]: self._staff_member(organisation, *row) for row in STAFF}
        for row in CLIENTS:
            self._client(organisation, staff, *row)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready for {organisation.name}."))
        self._print_logins()

    def _print_logins(self):
        self.stdout.write(f"\nDemo logins (password for every one: {DEMO_PASSWORD})")
        for username, first, last, role, _ in STAFF:
            self.stdout.write(f"  {username:<12} {first} {last}, {role.label}")
        for given, family, *_, login in CLIENTS:
            if login:
                self.stdout.write(f"  {login:<12} {given} {family}, client portal")

    def _staff_member(self, organisation, username, first, last, role, supervisor):
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, organisation=organisation, role=role)
            user.first_name, user.last_name = first, last
            user.email = f"{username}@riverside-demo.invalid"
            user.supervisor = User.objects.filter(username=supervisor).first()
            user.set_password(DEMO_PASSWORD)
            user.save()
        return user

    def _client(self, organisation, staff, given, family, born, clinician, opened, closed, login):
        clinician = staff[clinician]
        client = Client.objects.filter(
            organisation=organisation, given_name=given, family_name=family
        ).first()
        if client is not None:
            return client
        email = f"{given.lower()}@example.invalid"
        client = register_client(
            clinician, given_name=given, family_name=family, date_of_birth=born, email=email
        )
        today = date.today()
        episode = open_episode(
            clinician,
            client,
            opened_on=today - timedelta(weeks=opened),
            presenting_concerns="Low mood since a change at home; sleeping poorly.",
        )
        if closed is not None:
            close_episode(clinician, episode, closed_on=today - timedelta(weeks=closed))
        if login:
            self._portal_account(client, login)
        return client

    def _portal_account(self, client, username):
        user = User(username=username, organisation_id=client.organisation_id, role=Role.CLIENT)
        user.first_name, user.last_name, user.email = (
            client.given_name,
            client.family_name,
            client.email,
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        client.user = user
        client.save(update_fields=["user"])
