"""The outcome figures: a known cohort gives known rates (each worked out by hand below),
a cell over fewer than 5 episodes is suppressed, filters narrow and never widen, and each
person's scope is theirs."""

from datetime import date

import pytest

from openipt.accounts.models import Site
from openipt.caseload.models import Episode
from openipt.formulation.models import ProblemArea
from openipt.outcomes import periods
from openipt.outcomes.dashboard import build
from openipt.outcomes.export import csv_text, rows, safe
from openipt.outcomes.figures import BY_KEY, FIGURES, Cell, count
from openipt.outcomes.models import OutcomeSummary
from openipt.outcomes.queries import Choices, summaries_for

from .builders import summary_row

Q1 = periods.parse("2026-Q1")
Q4 = periods.parse("2025-Q4")
JAN5, JAN19, FEB10 = date(2026, 1, 5), date(2026, 1, 19), date(2026, 2, 10)


def episode_of(client, clinician=None):
    return Episode.objects.create(
        organisation_id=client.organisation_id,
        client=client,
        clinician=clinician or client.clinician,
        opened_on=JAN5,
    )


def finished(client, *, referred=JAN5, first=JAN19, attended=6, **facts):
    """A course that ended on 10 Feb 2026 (in Q1) after `attended` sessions."""
    return summary_row(
        episode_of(client),
        referred_on=referred,
        first_treatment_on=first,
        attended_sessions=attended,
        ended_on=FEB10,
        end_reason=facts.pop("end_reason", "completed"),
        **facts,
    )


# The first team's cohort: (PHQ-9 pair, GAD-7 pair, referred, first session, attended),
# each a course finished in Q1 2026.
COHORT = [
    ((15, 4), None, JAN5, JAN19, 6),  # 1 case, recovered, reliably improved, response, remission
    ((15, 4), None, JAN5, JAN19, 6),  # 2 the same
    ((12, 8), None, JAN5, JAN19, 6),  # 3 case, recovered, down 4: not reliable, no response
    ((20, 12), None, JAN5, JAN19, 6),  # 4 case, still a case, down 8: reliably improved
    ((16, 22), None, JAN5, JAN19, 6),  # 5 case, up 6: reliably deteriorated
    ((8, 3), None, JAN5, JAN19, 6),  # 6 not a case; down 5: not reliable; response, remission
    (None, (10, 4), JAN5, JAN19, 6),  # 7 GAD-7 case, recovered, reliably improved
    (None, None, date(2025, 10, 1), JAN5, 2),  # 8 no pair; waited 96 days
    (None, None, date(2025, 6, 1), JAN5, 10),  # 9 no pair; waited 218 days
    ((18, 6), (9, 5), JAN5, JAN19, 6),  # 10 case, recovered, reliably improved, response
]

# What the cohort gives for Q1, worked out by hand: (numerator, denominator) for rates,
# (sum, count) for the mean, the count for counts.
EXPECTED_Q1 = {
    # Referred in Q1: 1-7, 10, and 11-13 below; 8 and 9 were referred in 2025.
    "referrals": 11,
    # First attended session in Q1: 1-10, 11 (one session), 13 (still running).
    "entered_treatment": 12,
    # Ended in Q1 with 2 or more attended sessions: 1-10 (11 had one, 13 has not ended).
    "finished_courses": 10,
    "mean_attended": (60, 10),  # 8 x 6 + 2 + 10
    # Ended in Q1 after at least one attended session: 1-11; dropped out: 11.
    "dropped_out": (1, 11),
    "waited_6_weeks": (8, 10),  # all but 8 (96 days) and 9 (218 days)
    "waited_18_weeks": (9, 10),  # all but 9
    "paired_scores": (8, 10),  # all but 8 and 9
    # Case at the start: 1, 2, 3, 4, 5, 7, 10; recovered: 1, 2, 3, 7, 10.
    "recovery": (5, 7),
    # Over every finished course (NHS Digital): 1, 2, 4, 7, 10 reliably improved.
    "reliable_improvement": (5, 10),
    "reliable_recovery": (4, 7),  # 1, 2, 7, 10
    "reliable_deterioration": (1, 10),  # 5
    # A first PHQ-9 above 0 and a last: 1-6, 10; fell by half or more: 1, 2, 6, 10.
    "response": (4, 7),
    "remission": (3, 7),  # last PHQ-9 below 5: 1, 2, 6
}


@pytest.fixture
def cohort(people):
    client = people.client
    for phq9, gad7, referred, first, attended in COHORT:
        finished(client, referred=referred, first=first, attended=attended, phq9=phq9, gad7=gad7)
    # 11: ended in Q1 after one attended session, dropped out: entered, not finished.
    finished(client, attended=1, end_reason="dropped_out", phq9=(14, 14))
    # 12: ended in Q1 without attending: referred on elsewhere.
    summary_row(episode_of(client), referred_on=JAN5, ended_on=FEB10, end_reason="referred_on")
    # 13: still running after five attended sessions, recovered so far: not finished.
    summary_row(
        episode_of(client),
        referred_on=JAN5,
        first_treatment_on=JAN19,
        attended_sessions=5,
        phq9=(15, 3),
    )
    # 14: finished and recovered in Q4 2025 (the previous period), referred in 2025.
    summary_row(
        episode_of(client),
        referred_on=date(2025, 9, 1),
        first_treatment_on=date(2025, 9, 15),
        attended_sessions=6,
        ended_on=date(2025, 11, 10),
        end_reason="completed",
        phq9=(14, 5),
    )
    return people


def figures_of(user, **choices):
    summaries = summaries_for(user, Choices(period=choices.pop("period", Q1), **choices))
    return count(summaries, [Q1, Q4])


def test_a_years_figures_add_up_its_quarters(cohort):
    """The figures placed by the course end date are counted by quarter and added up: 2026
    holds the Q1 courses, 2025 the one that ended in November; a year holds its quarters
    and no other."""
    year_2026, year_2025 = periods.parse("2026"), periods.parse("2025")
    summaries = summaries_for(cohort.supervisor, Choices(period=year_2026))
    cells = count(summaries, [year_2026, year_2025], trend=periods.trend(year_2026))
    assert cells["finished_courses", "2026"].denominator == 10
    assert as_expected(cells["recovery", "2026"]) == (5, 7)
    assert as_expected(cells["mean_attended", "2026"]) == (60, 10)
    assert cells["finished_courses", "2025"].denominator == 1
    assert as_expected(cells["recovery", "2025"]) == (1, 1)
    # Referrals in 2025: 8 (October), 9 (June) and 14 (September).
    assert cells["referrals", "2025"].denominator == 3
    assert cells["finished_courses", "2025-Q4"].denominator == 1
    assert cells["finished_courses", "2025-Q3"].denominator == 0


def as_expected(cell):
    if cell.kind == "count":
        return cell.denominator
    return (cell.numerator, cell.denominator)


@pytest.mark.parametrize("key", sorted(EXPECTED_Q1))
def test_a_known_cohort_gives_known_figures(cohort, key):
    cells = figures_of(cohort.supervisor)
    assert as_expected(cells[key, Q1.key]) == EXPECTED_Q1[key]


def test_every_figure_is_in_the_table():
    assert set(EXPECTED_Q1) == {figure.key for figure in FIGURES}


def test_rates_and_means_in_words(cohort):
    cells = figures_of(cohort.supervisor)
    assert cells["recovery", Q1.key].shown == "71% (5 of 7)"
    assert cells["reliable_improvement", Q1.key].shown == "50% (5 of 10)"
    assert cells["mean_attended", Q1.key].shown == "6.0 (over 10)"
    assert cells["referrals", Q1.key].shown == "11"


def test_a_course_still_running_is_not_finished_however_many_sessions(cohort):
    """Episode 13 (five attended sessions, not ended) is in no figure over finished courses."""
    cells = figures_of(cohort.supervisor)
    assert cells["finished_courses", Q1.key].denominator == 10


@pytest.mark.parametrize(
    ("denominator", "suppressed", "shown"),
    [
        (0, False, "no episodes"),
        (1, True, "fewer than 5 episodes"),
        (4, True, "fewer than 5 episodes"),
        (5, False, "40% (2 of 5)"),
    ],
)
def test_a_cell_over_fewer_than_five_episodes_is_suppressed(denominator, suppressed, shown):
    cell = Cell("rate", denominator, min(2, denominator))
    assert cell.suppressed is suppressed
    assert cell.shown == shown
    assert (cell.value is None) is (denominator < 5)


@pytest.mark.parametrize(("count_", "shown"), [(0, "0"), (3, "fewer than 5 episodes"), (7, "7")])
def test_a_count_under_five_is_suppressed_but_zero_shows(count_, shown):
    assert Cell("count", count_).shown == shown


def test_the_previous_period_with_one_finished_course_is_suppressed(cohort):
    cells = figures_of(cohort.supervisor)
    assert cells["recovery", Q4.key].suppressed
    assert cells["finished_courses", Q4.key].shown == "fewer than 5 episodes"


# --- scopes: each person's figures are theirs ------------------------------------------------


@pytest.fixture
def two_teams(cohort):
    """The other team (the unrelated counsellor's, overseen by the other supervisor): six
    finished courses in Q1, none recovered."""
    for _ in range(6):
        finished(cohort.another_client, phq9=(18, 17))
    return cohort


def test_a_supervisor_sees_their_team_and_another_supervisor_theirs(two_teams):
    mine = figures_of(two_teams.supervisor)
    theirs = figures_of(two_teams.other_supervisor)
    assert as_expected(mine["recovery", Q1.key]) == (5, 7)
    assert as_expected(theirs["recovery", Q1.key]) == (0, 6)
    assert theirs["finished_courses", Q1.key].denominator == 6


@pytest.mark.parametrize("person", ["admin", "programme_lead"])
def test_the_admin_and_a_programme_lead_see_the_whole_organisation(two_teams, person):
    cells = figures_of(getattr(two_teams, person))
    assert cells["finished_courses", Q1.key].denominator == 16
    assert as_expected(cells["recovery", Q1.key]) == (5, 13)


@pytest.mark.parametrize("person", ["owner", "unrelated", "other_org_clinician"])
def test_clinicians_and_other_organisations_count_nothing(two_teams, person):
    cells = figures_of(getattr(two_teams, person))
    assert all(cell.denominator == 0 for cell in cells.values())


# --- filters -------------------------------------------------------------------------------


def test_filters_narrow_by_team_clinician_site_modality_and_problem_area(two_teams):
    people = two_teams
    admin = people.admin
    assert figures_of(admin, team=people.supervisor)["finished_courses", Q1.key].denominator == 10
    assert (
        figures_of(admin, clinician=people.unrelated)["finished_courses", Q1.key].denominator == 6
    )
    harbour = Site.objects.create(organisation=people.admin.organisation, name="Harbour")
    theirs = OutcomeSummary.objects.filter(episode__client=people.another_client)
    moved = list(theirs.order_by("pk").values_list("pk", flat=True)[:5])
    OutcomeSummary.objects.filter(pk__in=moved).update(site=harbour, modality="ipc")
    assert figures_of(admin, site=harbour)["finished_courses", Q1.key].denominator == 5
    assert figures_of(admin, modality="ipc")["finished_courses", Q1.key].denominator == 5
    for pk in moved[:3]:
        ProblemArea.objects.create(
            episode_id=pk, area="grief", chosen_on=JAN19, chosen_by=people.unrelated
        )
    grief = figures_of(admin, problem_area="grief")["finished_courses", Q1.key]
    assert grief.denominator == 3 and grief.suppressed


def test_a_filter_never_widens_a_supervisors_scope(two_teams):
    # The other team's clinician, asked for by the first team's supervisor: nothing.
    cells = figures_of(two_teams.supervisor, clinician=two_teams.unrelated)
    assert cells["finished_courses", Q1.key].denominator == 0
    cells = figures_of(two_teams.supervisor, team=two_teams.other_supervisor)
    assert cells["finished_courses", Q1.key].denominator == 0


# --- the dashboard and its CSV ----------------------------------------------------------------


def test_the_dashboard_compares_with_the_previous_period_and_the_standard(cohort):
    shown = build(summaries_for(cohort.supervisor, Choices(period=Q1)), Q1)
    rows_by_key = {row.figure.key: row for _, section in shown.sections for row in section}
    assert rows_by_key["recovery"].figure.standard == 50
    assert rows_by_key["recovery"].previous.suppressed
    assert [row.quarter.key for row in shown.trend][-1] == "2026-Q1"
    assert len(shown.trend) == 8
    assert "<svg" in shown.chart and "Recovery standard: 50%" in shown.chart
    assert shown.other_rule == 0 and shown.stale == 0


def test_summaries_under_another_rule_are_counted_for_the_warning(cohort, settings):
    """Over the courses whose outcomes are shown: those that ended in the quarters on the
    page (all but the one still running)."""
    settings.OPENIPT_RELIABLE_IMPROVEMENT_RULE = "any"
    shown = build(summaries_for(cohort.supervisor, Choices(period=Q1)), Q1)
    assert shown.other_rule == 13


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Harbour", "Harbour"),
        (12, "12"),
        (None, ""),
    ],
)
def test_csv_cells_that_could_run_as_formulas_are_escaped(value, written):
    assert safe(value) == written


def test_the_csv_carries_what_the_page_shows_and_no_number_of_a_suppressed_cell(cohort):
    shown = build(summaries_for(cohort.supervisor, Choices(period=Q1)), Q1)
    text = csv_text(rows(shown, [("Site", "=cmd|' /C calc'!A0")], "Your team"))
    assert "'=cmd|' /C calc'!A0" in text
    assert "Recovery,Jan–Mar 2026,5,7,71.4,71% (5 of 7),50%" in text
    assert "Recovery,Oct–Dec 2025,,,,fewer than 5 episodes,50%" in text


def test_figures_have_their_words(cohort):
    for figure in FIGURES:
        assert figure.denominator_words, figure.key
        assert (figure.kind == "count") == (figure.numerator_words == ""), figure.key
    assert BY_KEY["recovery"].standard == 50
    assert BY_KEY["waited_6_weeks"].standard == 75
    assert BY_KEY["waited_18_weeks"].standard == 95
