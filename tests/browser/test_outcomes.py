"""The outcome dashboard in Chromium: a supervisor filters by site and quarter, drills down
to a reliably deteriorated episode, and downloads the figures as CSV; every page passes
the axe-core scan (issue 11, item 3)."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from openipt.accounts.models import Site
from openipt.caseload.models import Episode
from openipt.outcomes import periods
from openipt.outcomes.tests.builders import summary_row
from openipt.testing.people import make_client

pytestmark = pytest.mark.browser


def finished_course(clinician, name, site, ended_on, phq9):
    client = make_client(clinician, name, episode=False)
    client.site = site
    client.save(update_fields=["site"])
    episode = Episode.objects.create(
        organisation_id=client.organisation_id,
        client=client,
        clinician=clinician,
        opened_on=ended_on - timedelta(weeks=10),
    )
    summary_row(
        episode,
        referred_on=episode.opened_on,
        first_treatment_on=episode.opened_on + timedelta(weeks=2),
        attended_sessions=8,
        ended_on=ended_on,
        end_reason="completed",
        phq9=phq9,
    )
    return client


def test_a_supervisor_filters_drills_down_and_exports(
    page, browser_people, sign_in, assert_accessible
):
    people = browser_people
    harbour = Site.objects.create(organisation=people.owner.organisation, name="Harbour Clinic")
    quarter = periods.default(timezone.localdate()).previous()
    ended = quarter.start + timedelta(days=20)
    for number in range(4):
        finished_course(people.owner, f"Rowan{number}", harbour, ended, (15, 4))
    worse = finished_course(people.owner, "Sky", harbour, ended, (12, 20))
    finished_course(people.owner, "Ash", harbour, ended, (14, 12))
    # At the main site, in the default quarter: not in the filtered figures.
    for number in range(5):
        finished_course(
            people.owner, f"Main{number}", people.owner.site, ended + timedelta(days=92), (15, 14)
        )

    sign_in(page, people.supervisor)
    page.get_by_role("link", name="Outcomes").click()
    page.get_by_role("heading", name="Service outcomes").wait_for()
    assert_accessible(page)

    page.get_by_label("Site").select_option(label="Harbour Clinic")
    page.get_by_label("Period").select_option(label=quarter.label)
    page.get_by_role("button", name="Show figures").click()
    page.get_by_role("heading", name=quarter.label).wait_for()
    recovery = page.get_by_role("row", name="Recovery", exact=False).first
    assert "67% (4 of 6)" in recovery.inner_text()
    assert "Only site Harbour Clinic" in page.content()
    assert_accessible(page)

    page.get_by_role("link", name="Reliably deteriorated episodes to review").click()
    page.get_by_role("heading", name="Reliable deterioration").wait_for()
    assert worse.reference in page.content()
    assert "Rowan0" not in page.content()
    assert_accessible(page)

    page.get_by_role("link", name=worse.reference).click()
    page.wait_for_url(f"**/episodes/{worse.episodes.get().pk}/")
    assert_accessible(page)

    page.go_back()
    page.get_by_role("link", name="Back to service outcomes").click()
    page.get_by_role("heading", name=quarter.label).wait_for()
    with page.expect_download() as downloading:
        page.get_by_role("link", name="Download these figures (CSV)").click()
    download = downloading.value
    assert download.suggested_filename == f"outcomes-{quarter.key}.csv"
    text = Path(download.path()).read_text(encoding="utf-8")
    assert "Site,Harbour Clinic" in text
    assert f"Recovery,{quarter.label},4,6,66.7,67% (4 of 6),50%" in text
    assert worse.reference not in text
