import signal
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from openipt.accounts.models import Organisation, Site, User
from openipt.audit.models import AuditEvent
from openipt.caseload.models import Client, Episode
from openipt.demo import build as demo
from openipt.demo.build import (
    CLIENTS,
    DEMO_ORGANISATION,
    DEMO_PASSWORD,
    GROUP,
    GROUP_CLIENTS,
    IPC_GROUP,
    IPC_GROUP_CLIENTS,
    REMINDED_CLIENT,
    SAFETY_LEAD,
    SITES,
    STAFF,
    UNSENT_RISK_DEMO,
    ensure_a_reminder_is_due,
)
from openipt.demo.management.commands import demo_serve
from openipt.groups.models import Group
from openipt.measures.models import RiskFlag
from openipt.outcomes import periods
from openipt.outcomes.figures import FIGURES
from openipt.outcomes.models import OutcomeSummary
from openipt.protocol.models import CourseEnding, ProgressNote
from openipt.reminders.scheduler import run_due

# The history of past courses (64 through the real actions) is built in full by one test;
# the others build a few, which is all they need and keeps the suite quick.
FEW_PAST_COURSES = 4


@pytest.fixture(autouse=True)
def few_past_courses(request, monkeypatch):
    if "full_history" not in request.keywords:
        monkeypatch.setattr(demo, "HISTORY_COURSES", FEW_PAST_COURSES)


def counts():
    return (
        Site.objects.count(),
        User.objects.count(),
        Client.objects.count(),
        Episode.objects.count(),
        AuditEvent.objects.count(),
    )


def test_demo_data_is_complete_and_idempotent(db, capsys):
    call_command("demo_data")
    first = counts()
    call_command("demo_data")
    assert counts() == first
    assert first[2] == (
        len(CLIENTS) + len(GROUP_CLIENTS) + 1 + len(IPC_GROUP_CLIENTS) + FEW_PAST_COURSES
    )  # 1 declined
    roles = set(User.objects.values_list("role", flat=True))
    assert roles == {"admin", "programme_lead", "supervisor", "therapist", "counsellor", "client"}
    output = capsys.readouterr().out
    for username, *_ in STAFF:
        assert username in output
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD)
    assert Episode.objects.filter(status="closed").exists()
    assert User.objects.get(username="therapist").supervisor.username == "supervisor"
    # Issue 13: a safety lead is named, and a flag waits from an unsent questionnaire.
    assert Organisation.objects.get(slug=DEMO_ORGANISATION[1]).safety_lead.username == SAFETY_LEAD
    unsent = RiskFlag.objects.get(administration__isnull=True)
    assert unsent.client.given_name == UNSENT_RISK_DEMO and unsent.from_unfinished_questionnaire
    # Issue 12: held sessions have signed notes (drafts for the latest of running courses),
    # and a counsellor's notes wait for the supervisor's co-signature.
    assert ProgressNote.objects.filter(signed_at__isnull=False).exists()
    assert ProgressNote.objects.filter(signed_at__isnull=True).exists()
    waiting = ProgressNote.objects.filter(cosignature_required=True, cosigned_at__isnull=True)
    assert waiting.exists() and waiting.first().signed_by.supervisor.username == "supervisor"


def test_demo_therapist_can_sign_in_and_see_the_caseload(db, client):
    call_command("demo_data")
    client.post("/accounts/login/", {"username": "therapist", "password": DEMO_PASSWORD})
    page = client.get("/caseload/").content.decode()
    assert "Maya Fernandes" in page and "Priya Raman" in page
    assert "Amina Diallo" not in page  # another therapist's client


def test_the_demo_organisation_has_crisis_numbers_for_its_help_page(db, client):
    call_command("demo_data")
    page = client.get(reverse("portal:crisis")).content.decode()
    assert "116 123" not in page  # anonymous visitors get the general advice
    client.force_login(User.objects.get(username="client"))
    assert "116 123" in client.get(reverse("portal:crisis")).content.decode()


def test_the_demo_has_a_dutch_speaking_client_who_reads_the_portal_in_dutch(db, client, capsys):
    call_command("demo_data")
    dutch = User.objects.get(username="client-nl")
    assert dutch.language == "nl" and dutch.check_password(DEMO_PASSWORD)
    assert dutch.client_record.given_name == "Daniel"
    assert "client-nl    Daniel Achterberg, client portal, in Dutch" in capsys.readouterr().out
    client.post("/accounts/login/", {"username": "client-nl", "password": DEMO_PASSWORD})
    page = client.get(reverse("portal:crisis"))
    assert page["Content-Language"] == "nl" and '<html lang="nl"' in page.content.decode()
    # The organisation's crisis lines in Dutch (issue 16, item 5), the same numbers.
    assert "Samaritans, dag en nacht, gratis: 116 123" in page.content.decode()


def test_a_demo_database_from_before_the_dutch_client_gives_him_his_login(db):
    call_command("demo_data")
    daniel = Client.objects.get(user__username="client-nl")
    user = daniel.user
    daniel.user = None
    daniel.save(update_fields=["user"])
    user.delete()
    call_command("demo_data")
    assert User.objects.get(username="client-nl").language == "nl"
    again = counts()
    call_command("demo_data")
    assert counts() == again


def test_demo_has_two_sites_with_staff_and_clients_on_both(db):
    call_command("demo_data")
    for name in SITES:
        site = Site.objects.get(name=name)
        assert site.staff.filter(role__in=["therapist", "counsellor"]).exists(), name
        assert site.clients.exists(), name
    # Every client is seen where their clinician works.
    for client in Client.objects.select_related("clinician"):
        assert client.site_id == client.clinician.site_id


def test_a_demo_database_from_before_sites_moves_onto_the_demo_sites(db):
    """`make demo` on a database migrated from before sites: its "Main site" becomes the
    first demo site and people move to where the demo has them; a second run does nothing."""
    call_command("demo_data")
    first, second = (Site.objects.get(name=name) for name in SITES)
    first.name = "Main site"
    first.save()
    User.objects.filter(site=second).update(site=first)
    Client.objects.filter(site=second).update(site=first)
    # Groups came after sites; the simulation moves the demo's group too.
    Group.objects.filter(site=second).update(site=first)
    OutcomeSummary.objects.filter(site=second).update(site=first)  # derived: moves with them
    second.delete()
    call_command("demo_data")
    assert sorted(Site.objects.values_list("name", flat=True)) == sorted(SITES)
    assert Client.objects.filter(site__name=SITES[1]).exists()
    again = counts()
    call_command("demo_data")
    assert counts() == again


def test_the_demo_has_a_running_group_at_session_4_of_8(db, client):
    """Issue 10, item 11: the counsellor's group of 8, one member who missed the last two
    sessions, one person declined at the screen with a referral, and client2 a member whose
    individual course ended before she joined."""
    call_command("demo_data")
    group = Group.objects.get(name=GROUP["name"])
    assert group.facilitator.username == "counsellor" and group.planned_sessions == 8
    assert group.status == "running"
    recorded = list(group.sessions.filter(took_place=True).values_list("number", flat=True))
    assert recorded == [1, 2, 3]
    joined = group.members.filter(status="active")
    assert joined.count() == 8
    declined = group.members.get(status="declined")
    assert declined.episode.referrals.exists()
    amina = group.members.get(client__user__username="client2")
    individual = amina.client.episodes.exclude(pk=amina.episode_id).get()
    assert individual.status == "closed" and individual.closed_on < amina.joined_on
    client.force_login(group.facilitator)
    sheet = client.get(reverse("clinic:group_progress", args=[group.pk]))
    (missed,) = sheet.context["to_follow_up"]
    assert missed[1] == 2 and missed[0].client.given_name == "Ruth"
    assert client.get(reverse("clinic:group_session", args=[group.pk, 4])).status_code == 200
    client.force_login(amina.client.user)
    assert client.get(reverse("portal:group")).status_code == 200


def test_the_demo_has_a_planned_group_ipc(db, client):
    call_command("demo_data")
    group = Group.objects.get(name=IPC_GROUP["name"])
    assert group.modality == "ipc" and group.status == "planned"
    assert group.members.filter(status="accepted").count() == len(IPC_GROUP_CLIENTS)
    assert {m.episode.course_plan.modality for m in group.members.all()} == {"ipc"}
    client.force_login(group.facilitator)
    assert client.get(reverse("clinic:group_session", args=[group.pk, 1])).status_code == 200


def test_a_reminder_is_due_whenever_the_demo_starts(db, settings):
    """`make demo` starts `openipt demo-serve`, which moves the demo client's next session
    into the next 24 hours when needed: the first scheduler pass then reminds it, and so
    does the first pass after the next start."""
    call_command("demo_data")
    maya = Client.objects.get(given_name=REMINDED_CLIENT)
    for start in (timezone.now(), timezone.now() + timedelta(minutes=10)):
        session = ensure_a_reminder_is_due(start)
        assert start < session.scheduled_for <= start + timedelta(hours=24)
        result = run_due(start)
        assert f"session {maya.reference} email" in [q.line for q in result.queued]
    reminders = [m for m in mail.outbox if m.to == [maya.email] and "When:" in m.body]
    assert len(reminders) == 2
    assert "Riverside appointments" in reminders[0].body and "room 2" in reminders[0].body


def test_demo_serve_runs_the_scheduler_and_stops_its_children(db, monkeypatch, capsys):
    """The web server and the worker are child processes (replaced here); the scheduler
    passes run in the command itself until a child stops or Ctrl-C."""
    started = []

    class Child:
        def __init__(self, command):
            started.append(command)
            self.returncode = None

        def poll(self):  # the web server "stops" after the first pass
            self.returncode = 0 if len(started) == 2 else None
            return self.returncode

        def terminate(self):
            pass

        def wait(self, timeout=None):
            return 0

    monkeypatch.setattr(demo_serve.subprocess, "Popen", Child)
    call_command("demo_data")
    handler = signal.getsignal(signal.SIGTERM)
    call_command("demo_serve", every=0)
    assert signal.getsignal(signal.SIGTERM) is handler  # put back as it was
    output = capsys.readouterr().out
    assert [command[1] for command in started] == ["openipt.wsgi", "db-worker"]
    assert "A session reminder is due" in output
    assert "run-due: session" in output


@pytest.mark.full_history
def test_the_demo_has_enough_history_for_the_outcome_dashboard(db, client):
    """Issue 11, item 5: at least 60 ended courses over both sites and several quarters,
    made through the actions (so every one has its outcome summary), and the dashboard's
    default quarter shows figures, not suppressed cells."""
    call_command("demo_data")
    before = counts()
    call_command("demo_data")
    assert counts() == before
    endings = CourseEnding.objects.select_related("episode__client__site")
    assert endings.count() >= 60
    assert {ending.episode.client.site.name for ending in endings} == set(SITES)
    quarters = {periods.quarter_of(ending.ended_on).key for ending in endings}
    assert len(quarters) >= 5
    assert OutcomeSummary.objects.count() == Episode.objects.count()
    assert OutcomeSummary.objects.filter(finished_course=True).count() >= 50
    client.force_login(User.objects.get(username="supervisor"))
    page = client.get(reverse("clinic:outcomes"))
    dashboard = page.context["dashboard"]
    rows = {row.figure.key: row for _, section in dashboard.sections for row in section}
    for key in ("finished_courses", "recovery", "reliable_improvement", "paired_scores"):
        assert not rows[key].current.suppressed, key
        assert not rows[key].previous.suppressed, key
    assert dashboard.period == periods.default(timezone.localdate())
    shown = [cell for row in dashboard.trend for cell in row.cells if cell.value is not None]
    assert len(shown) >= 4 * len(dashboard.trend_figures)
    assert len(FIGURES) == len(rows)
