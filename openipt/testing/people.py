"""The named people every access test uses (see docs/architecture.md).

In "Northside": an owning therapist with a client, their supervisor, an unrelated
counsellor with a client of their own in another supervisor's team, the organisation
admin, a programme lead (the service's outcome figures, no client records), and two
clients with portal accounts. For groups (docs/groups.md): a
co-facilitator (a counsellor in the other supervisor's team, so that team's supervisor
oversees the groups they co-facilitate), and a second group member with a portal account
and no episode of their own (groups/tests/builders.py puts the client and them in a group
the owner runs). These two are made the first time a test asks for them, so tests that
count the organisation's people or clients are not changed by them.
In "Southside": another organisation's therapist with a client of their own.
Each organisation has one site, its "Main site"; clinicians, supervisors and clients
are on it unless a test says otherwise.
"""

from dataclasses import dataclass, field
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
    made_on_demand: dict = field(default_factory=dict, repr=False)

    @property
    def co_facilitator(self):
        if "co_facilitator" not in self.made_on_demand:
            self.made_on_demand["co_facilitator"] = make_user(
                self.owner.organisation,
                "cofacilitator",
                Role.COUNSELLOR,
                supervisor=self.other_supervisor,
            )
        return self.made_on_demand["co_facilitator"]

    @property
    def second_member(self):
        if "second_member" not in self.made_on_demand:
            self.made_on_demand["second_member"] = make_client(
                self.owner, "Jordan", portal_username="jordan", episode=False
            )
        return self.made_on_demand["second_member"]

    @property
    def second_member_user(self):
        return self.second_member.user

    @property
    def episode(self):
        """The client's own (individual) episode; a group member's course is another."""
        return self.client.episodes.get(group_membership__isnull=True)


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
