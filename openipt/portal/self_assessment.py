"""'Is IPT for me?': a public self-assessment built from the fit questions of the
clinical reference (section 1). It explains; it never diagnoses.

Each question is data; `assess()` is a pure function from answers to a result.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

YES, NOT_SURE, NO = "yes", "not_sure", "no"
ANSWERS = ((YES, _("Yes")), (NOT_SURE, _("Not sure")), (NO, _("No")))


@dataclass(frozen=True)
class Question:
    key: str
    text: object  # a lazily translated string
    # "fit": a yes suggests IPT may suit; "other": a yes suggests another approach
    # may suit better; "safety": a yes means help is needed now.
    kind: str


QUESTIONS = (
    Question(
        "safety_now",
        _("Are you having thoughts of ending your life or harming yourself at the moment?"),
        "safety",
    ),
    Question(
        "relationships_affect_mood",
        _(
            "Does your mood or worry get worse when there is conflict, loneliness or "
            "strain in your relationships?"
        ),
        "fit",
    ),
    Question(
        "recent_change",
        _(
            "Have you had a big change in your life recently, such as a loss, a move, a "
            "new or lost job, a break-up, becoming a parent, retiring or an illness?"
        ),
        "fit",
    ),
    Question(
        "repeating_patterns",
        _("Do you notice the same difficulties coming up again and again with different people?"),
        "fit",
    ),
    Question(
        "open_to_new_ways",
        _("Would you like to try new ways of talking to people and asking for what you need?"),
        "fit",
    ),
    Question(
        "short_focused",
        _(
            "Would a short therapy that focuses on your life now, usually about 12 to 16 "
            "weekly sessions, suit you?"
        ),
        "fit",
    ),
    Question(
        "specific_habit_or_fear",
        _(
            "Is the main thing you want help with a particular fear, habit or ritual, such as "
            "a phobia or checking things over and over?"
        ),
        "other",
    ),
    Question(
        "trauma_memories",
        _(
            "Is the main thing you want help with upsetting memories or flashbacks of a "
            "frightening event?"
        ),
        "other",
    ),
    Question(
        "explore_the_past",
        _("Are you mainly hoping to explore your childhood and past in depth?"),
        "other",
    ),
    Question(
        "losing_touch",
        _(
            "Have you recently seen or heard things others do not, or felt cut off from "
            "yourself or your surroundings for long stretches?"
        ),
        "other",
    ),
)


@dataclass(frozen=True)
class Result:
    needs_help_now: bool
    suggestion: str  # "may_suit", "talk_it_through", "other_first"
    fit_reasons: tuple[str, ...]
    other_reasons: tuple[str, ...]


def assess(answers):
    """answers: question key -> YES / NOT_SURE / NO (missing counts as not answered)."""
    by_kind = {"fit": [], "other": [], "safety": []}
    for question in QUESTIONS:
        if answers.get(question.key) == YES:
            by_kind[question.kind].append(question.key)
    fit, other = len(by_kind["fit"]), len(by_kind["other"])
    if other and other >= fit:
        suggestion = "other_first"
    elif fit >= 2 and not other:
        suggestion = "may_suit"
    else:
        suggestion = "talk_it_through"
    return Result(
        needs_help_now=bool(by_kind["safety"]),
        suggestion=suggestion,
        fit_reasons=tuple(by_kind["fit"]),
        other_reasons=tuple(by_kind["other"]),
    )
