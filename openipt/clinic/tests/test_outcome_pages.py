"""The outcome dashboard's pages: who sees what (the admin and a programme lead never a
client's identity), the drill-down from a figure to its episodes (audited), the CSV, bad
filter input, and query counts that do not grow with the rows."""

from datetime import date

import pytest
from django.urls import reverse

from openipt.audit.models import AuditEvent
from openipt.caseload.models import Client, Episode
from openipt.outcomes.tests.builders import summary_row
from openipt.testing.people import make_client

Q1 = "2026-Q1"
JAN5, JAN19, FEB10 = date(2026, 1, 5), date(2026, 1, 19), date(2026, 2, 10)


def finished_course(client, phq9):
    episode = Episode.objects.create(
        organisation_id=client.organisation_id,
        client=client,
        clinician=client.clinician,
        opened_on=JAN5,
    )
    return summary_row(
        episode,
        referred_on=JAN5,
        first_treatment_on=JAN19,
        attended_sessions=6,
        ended_on=FEB10,
        end_reason="completed",
        phq9=phq9,
    )


def clients_of(people, count, clinician, name):
    return [make_client(clinician, f"{name}{n}", episode=False) for n in range(count)]


@pytest.fixture
def teams(people):
    """Five of the first team's clients finished in Q1 2026 (four recovered, one reliably
    deteriorated); five of the other team's, none recovered."""
    first = clients_of(people, 5, people.owner, "Robin")
    for client, phq9 in zip(first, [(15, 4)] * 4 + [(12, 20)], strict=True):
        finished_course(client, phq9)
    for client in clients_of(people, 5, people.unrelated, "Alex"):
        finished_course(client, (18, 17))
    people.first_team = first
    return people


def page(client, user, name="clinic:outcomes", query=None, **kwargs):
    client.force_login(user)
    response = client.get(reverse(name, kwargs=kwargs or None), {"period": Q1, **(query or {})})
    assert response.status_code == 200
    return response


def identities_in(text):
    return [
        c.reference
        for c in Client.objects.all()
        if c.reference in text or c.full_name in text or c.given_name in text
    ]


def test_a_supervisor_sees_their_teams_figures(teams, client):
    text = page(client, teams.supervisor).content.decode()
    assert "80% (4 of 5)" in text  # recovery
    assert "20% (1 of 5)" in text  # reliable deterioration
    assert "Your team" in text
    assert "Reliably deteriorated episodes to review" in text


def test_another_supervisor_sees_none_of_the_first_teams_figures_or_episodes(teams, client):
    text = page(client, teams.other_supervisor).content.decode()
    assert "0% (0 of 5)" in text and "80% (4 of 5)" not in text
    episodes = page(
        client, teams.other_supervisor, "clinic:outcome_episodes", figure="recovery"
    ).content.decode()
    assert not any(c.reference in episodes for c in teams.first_team)
    assert sum(c.reference in episodes for c in Client.objects.filter(clinician=teams.unrelated))


@pytest.mark.parametrize("person", ["admin", "programme_lead"])
def test_the_admin_and_a_programme_lead_see_figures_and_no_client_anywhere(teams, client, person):
    user = getattr(teams, person)
    text = page(client, user).content.decode()
    assert "90% (9 of 10)" in text or "40% (4 of 10)" in text  # the whole organisation
    assert "outcome_episodes" not in text and "/episodes/" not in text
    assert identities_in(text) == []
    csv = page(client, user, "clinic:outcomes_csv").content.decode()
    assert "Recovery" in csv and identities_in(csv) == []


def test_the_drill_down_lists_the_episodes_behind_a_figure_and_audits_each_client(teams, client):
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = page(
        client,
        teams.supervisor,
        "clinic:outcome_episodes",
        {"only": "counted"},
        figure="reliable_deterioration",
    )
    text = response.content.decode()
    deteriorated = teams.first_team[4]
    assert deteriorated.reference in text
    assert reverse("clinic:episode", args=[deteriorated.episodes.get().pk]) in text
    assert not any(c.reference in text for c in teams.first_team[:4])
    named = set(
        AuditEvent.objects.filter(pk__gt=before, action="outcomes.episodes_viewed").values_list(
            "client_id", flat=True
        )
    )
    assert named == {deteriorated.pk}
    every = page(client, teams.supervisor, "clinic:outcome_episodes", figure="recovery")
    assert all(c.reference in every.content.decode() for c in teams.first_team)


def test_an_unknown_figure_is_not_found(teams, client):
    client.force_login(teams.supervisor)
    url = reverse("clinic:outcome_episodes", kwargs={"figure": "happiness"})
    assert client.get(url).status_code == 404


def test_the_csv_is_a_download_of_the_figures_and_is_audited(teams, client):
    response = page(client, teams.supervisor, "clinic:outcomes_csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == f'attachment; filename="outcomes-{Q1}.csv"'
    assert "Recovery,Jan–Mar 2026,4,5,80.0,80% (4 of 5),50%" in response.content.decode()
    assert AuditEvent.objects.filter(action="outcomes.exported", actor=teams.supervisor).exists()


def test_a_bad_filter_is_shown_beside_its_field_and_left_out(teams, client):
    response = page(client, teams.supervisor, query={"site": "999999", "modality": "nonsense"})
    text = response.content.decode()
    assert "Select a valid choice" in text
    assert "80% (4 of 5)" in text  # counted without the bad filters


def test_the_period_defaults_to_the_last_whole_quarter(teams, client):
    client.force_login(teams.supervisor)
    response = client.get(reverse("clinic:outcomes"))
    assert response.status_code == 200
    assert response.context["dashboard"].period.key != ""


def test_the_outcomes_link_is_in_the_navigation_of_those_who_see_it(people, client):
    for person, shown in [
        ("supervisor", True),
        ("admin", True),
        ("programme_lead", True),
        ("owner", False),
    ]:
        client.force_login(getattr(people, person))
        text = client.get(reverse("accounts:account")).content.decode()
        assert (reverse("clinic:outcomes") in text) is shown, person


def test_a_programme_lead_starts_on_the_dashboard(people, client):
    client.force_login(people.programme_lead)
    assert client.get("/").url == reverse("clinic:outcomes")


# --- query counts: the same for 1 row as for 50 ----------------------------------------------


def _add(people, count):
    for client in clients_of(people, count, people.owner, "Kim"):
        finished_course(client, (15, 4))


@pytest.mark.parametrize(
    ("name", "kwargs", "person", "expected"),
    [
        # Session read and write, the user; the filters' choices (sites, clinicians, groups
        # and, for the admin, supervisors); the figures of two periods with the recomputation
        # checks, and the trend (one query each); the audit event (the chain's tip and the
        # insert, in a savepoint); for a supervisor, the ids of their team.
        ("clinic:outcomes", None, "admin", 13),
        ("clinic:outcomes", None, "supervisor", 13),
        ("clinic:outcomes_csv", None, "admin", 9),
        # The same, with the episodes counted and one page of them instead of the figures.
        ("clinic:outcome_episodes", {"figure": "recovery"}, "supervisor", 10),
    ],
)
@pytest.mark.parametrize("rows", [1, 50])
def test_outcome_pages_query_counts_do_not_grow_with_rows(
    people, client, django_assert_num_queries, name, kwargs, person, expected, rows
):
    _add(people, rows)
    client.force_login(getattr(people, person))
    url = reverse(name, kwargs=kwargs)
    with django_assert_num_queries(expected):
        response = client.get(url, {"period": Q1})
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("language", "header", "recovery_line", "chart_title"),
    [
        (
            "nl",
            "Onderdeel,Cijfer,Periode,Teller,Noemer,Waarde,Getoond als,Norm,Geteld over",
            "Herstel,Jan–Mrt 2026,4,5,80.0,80% (4 van 5),50%",
            "Herstel, betrouwbare verbetering en betrouwbaar herstel per kwartaal",
        ),
        (
            "fr",
            "Rubrique,Indicateur,Période,Numérateur,Dénominateur,Valeur,Affiché comme,Norme,"
            "Calculé sur",
            "Rétablissement,Jan–Mar 2026,4,5,80.0,80 % (4 sur 5),50%",
            "Rétablissement, amélioration fiable et rétablissement fiable par trimestre",
        ),
    ],
)
def test_the_figures_the_chart_and_the_csv_are_in_the_readers_language(
    teams, client, language, header, recovery_line, chart_title
):
    """Issue 16: the CSV's header row and wording, the figure names and the trend SVG's
    title follow the person's language (the numbers a spreadsheet reads stay as they are)."""
    teams.supervisor.language = language
    teams.supervisor.save(update_fields=["language"])
    text = page(client, teams.supervisor).content.decode()
    assert f'<title id="outcome-trend-title">{chart_title}</title>' in text
    assert "Recovery" not in text
    csv = page(client, teams.supervisor, "clinic:outcomes_csv").content.decode()
    assert header in csv.splitlines()
    assert recovery_line in csv
