"""Answer sets for tests, built from the definitions so each test states only what matters."""

from __future__ import annotations

from openipt.measures.instruments.base import Instrument, Item


def answers_totalling(definition: Instrument, total: int, **overrides) -> dict:
    """Valid answers whose scored items add up to ``total``, filled from the first item on."""
    answers = {item.key: quiet_answer(item) for item in definition.items if item.required}
    remaining = total
    for item in definition.scored_items:
        points = min(remaining, item.max_score)
        answers[item.key] = points
        remaining -= points
    assert remaining == 0, f"{definition.name} cannot reach {total}"
    answers.update(overrides)
    return answers


def quiet_answer(item: Item):
    """The answer that raises nothing: the lowest score, or "no" on a yes/no item."""
    values = [option.value for option in item.options]
    return "no" if "no" in values else min(v for v in values if isinstance(v, int))
