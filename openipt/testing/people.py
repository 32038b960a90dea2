"""The named people every access test uses (see docs/architecture.md).

In "Northside": an owning therapist with a client, their supervisor, an unrelated
counsellor with a client of their own in another supervisor's team, the organisation
admin, a programme lead (the service's outcome figures, no client records), and two
clients with portal accounts.
In "Southside": another organisation's therapist with a client of their own.
Each organisation has one site, its "Main site"; clinicians, supervisors and clients
are on it unless a test says otherwise.
"""

from dataclasses import dataclass
from datetime import date

from openipt.accounts.models import DEFAULT_SITE_NAME, Organisation, Role, Site, User
from openipt.caseload.models import Client, Episode

PASSWORD = "a-long-test-password-42"


def main_site(organisation):
    site, _ = Site.objects.get_or_create(organisation=organisation, name=DEFAULT_SITE_NAME)
    return site


def make_user(organisation, username, role, supervisor=None, site=None):
    if site is None and role in (Role.SUPERVISOR, Role.THERAPIST, Role.COUNSELLOR):
        site = main_site(organisation)
    user = User(
        username=username, organisation=organisation, role=role, supervisor=supervisor, site=site
    )
    user.first_name = username.capitalize()
    user.last_name = "Tester"
    user.email = f"{username}@example.invalid"
    user.set_password(PASSWORD)
    user.save()
    return user


def make_client(clinician, given="Robin", portal_username=None, episode=True):
    client = Client.objects.create(
        organisation_id=clinician.organisation_id,
        site=clinician.site or main_site(clinician.organisation),
        given_name=given,
        family_name="Example",
        date_of_birth=date(1985, 5, 17),
        email=f"{given.lower()}@example.invalid",
        clinician=clinician,
    )
    if portal_username:
        client.user = make_user(clinician.organisation, portal_username, Role.CLIENT)
        client.save(update_fields=["user"])
    if episode:
        Episode.objects.create(
            organisation_id=clinician.organisation_id,
            client=client,
            clinician=clinician,
            opened_on=date(2026, 9, 1),
            presenting_concerns="Low mood after moving city.",
        )
    return client


@dataclass
class People:
    owner: User
    supervisor: User
    other_supervisor: User
    unrelated: User
    admin: User
    programme_lead: User
    other_org_clinician: User
    client_user: User
    another_client_user: User
    client: Client
    another_client: Client
    other_org_client: Client

    @property
    def episode(self):
        return self.client.episodes.get()


def make_people():
    north = Organisation.objects.create(name="Northside", slug="northside")
    south = Organisation.objects.create(name="Southside", slug="southside")
    supervisor = make_user(north, "supervisor", Role.SUPERVISOR)
    owner = make_user(north, "owner", Role.THERAPIST, supervisor=supervisor)
    other_supervisor = make_user(north, "othersupervisor", Role.SUPERVISOR)
    unrelated = make_user(north, "unrelated", Role.COUNSELLOR, supervisor=other_supervisor)
    admin = make_user(north, "admin", Role.ADMIN)
    programme_lead = make_user(north, "programmelead", Role.PROGRAMME_LEAD)
    other = make_user(south, "souththerapist", Role.THERAPIST)
    client = make_client(owner, "Robin", portal_username="robin")
    another = make_client(unrelated, "Alex", portal_username="alex")
    other_client = make_client(other, "Sasha")
    return People(
        owner=owner,
        supervisor=supervisor,
        other_supervisor=other_supervisor,
        unrelated=unrelated,
        admin=admin,
        programme_lead=programme_lead,
        other_org_clinician=other,
        client_user=client.user,
        another_client_user=another.user,
        client=client,
        another_client=another,
        other_org_client=other_client,
    )
