"""Strategies per stage of a role dispute (issue 14, item 6): each stage has its own, the
recorded stage's come first, and a change of stage never hides a ticked strategy."""

from datetime import date

import pytest

from openipt.formulation import actions, strategies
from openipt.formulation.models import DisputeStage, ProblemArea

from .test_pages import url

STAGES = [choice.value for choice in DisputeStage]


def test_the_stage_constants_match_the_model():
    assert {strategies.RENEGOTIATION, strategies.IMPASSE, strategies.DISSOLUTION} == set(STAGES)


def test_keys_are_unique_across_every_area():
    keys = [s.key for group in strategies.STRATEGIES.values() for s in group]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("stage", STAGES)
def test_every_stage_has_strategies_of_its_own(stage):
    own = [s for s in strategies.for_area("role_dispute") if s.stage == stage]
    assert len(own) >= 2


@pytest.mark.parametrize("stage", STAGES)
def test_the_recorded_stage_comes_first_and_nothing_is_hidden(stage):
    offered = strategies.for_area("role_dispute", stage)
    assert set(offered) == set(strategies.for_area("role_dispute"))
    staged = [s.stage for s in offered if s.stage]
    assert staged[: staged.count(stage)] == [stage] * staged.count(stage)


def test_only_disputes_have_staged_strategies():
    for area in ("grief", "role_transition", "deficits"):
        assert all(not s.stage for s in strategies.for_area(area))


def test_the_area_page_offers_the_stages_strategies_first(people, client):
    client.force_login(people.owner)
    client.post(url("problem_areas", people), {"area": "role_dispute", "chosen_on": "2026-09-10"})
    area = ProblemArea.objects.get()
    actions.record_dispute_stage(people.owner, area, stage="impasse", recorded_on=date(2026, 9, 17))
    page = client.get(url("problem_area", people, area.pk)).content.decode()
    impasse = page.index("Impasse: reopen the conversation")
    assert impasse < page.index("Renegotiation: lower the heat")
    assert impasse < page.index("Dissolution: plan an ending")
    response = client.post(
        url("area_strategies", people, area.pk), {"keys": ["dispute_impasse_reopen"]}
    )
    assert response.status_code == 302
    area.refresh_from_db()
    assert area.planned_strategies == ["dispute_impasse_reopen"]
