"""Answer sets for tests, built from the definitions so each test states only what matters."""

from __future__ import annotations

from openipt.measures.instruments.base import Instrument, Item


def answers_totalling(definition: Instrument, total: int, **overrides) -> dict:
    """Valid answers whose scored items add up to ``total``, filled from the first item on
    (every required item starts at its quietest answer)."""
    answers = {item.key: quiet_answer(item) for item in definition.items if item.required}
    remaining = total - definition.min_total
    for item in definition.scored_items:
        points = min(remaining, item.max_score - item.min_score)
        answers[item.key] = scoring(item, item.min_score + points)
        remaining -= points
    assert remaining == 0, f"{definition.name} cannot reach {total}"
    answers.update(overrides)
    return answers


def quietest_answers(definition: Instrument, **overrides) -> dict:
    """The valid answers that raise nothing and score lowest."""
    return answers_totalling(definition, definition.min_total, **overrides)


def quiet_answer(item: Item):
    """The answer that raises nothing: the lowest score, or "no" on a yes/no item."""
    values = [option.value for option in item.options]
    if "no" in values:
        return "no"
    return scoring(item, item.min_score)


def scoring(item: Item, points: int):
    """The value of the option worth ``points``."""
    return next(option.value for option in item.options if option.score == points)
