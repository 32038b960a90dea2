"""Outcome classification of an episode from its first and last paired scores.

One named, pure function per rule; docs/outcomes.md gives each rule's source and the
UNSETTLED choices. A rule answers True, False, or None when it cannot be judged (no paired
scores) or does not apply (recovery for someone who was not a case at the start).

A "pair" is the first and the last score of one instrument within the episode; an
instrument with fewer than two scores has no pair. PHQ-9 and GAD-7 are the paired measures.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

PHQ9 = "phq9"
GAD7 = "gad7"
PAIRED_MEASURES = (PHQ9, GAD7)
NAMES = {PHQ9: "PHQ-9", GAD7: "GAD-7"}

# Caseness: at or above these totals (NHS Talking Therapies).
CASENESS = {PHQ9: 10, GAD7: 8}
# Reliable change: a change of at least this many points (NHS Talking Therapies).
RELIABLE_CHANGE = {PHQ9: 6, GAD7: 4}
# Response: PHQ-9 falls by at least this share of the first score (1/2 = 50%).
RESPONSE_FALL_NUMERATOR, RESPONSE_FALL_DENOMINATOR = 1, 2
# Remission: last PHQ-9 below this.
REMISSION_BELOW = 5
# Finished course: the course has ended with at least this many attended treatment sessions.
FINISHED_COURSE_SESSIONS = 2

# UNSETTLED (docs/outcomes.md): must the other measure not reliably worsen?
IMPROVEMENT_STRICT = "strict"  # improvement on one, reliable deterioration on none
IMPROVEMENT_ANY = "any"  # improvement on one, whatever the other does
IMPROVEMENT_RULES = {
    IMPROVEMENT_STRICT: _(
        "reliable improvement on at least one measure and reliable deterioration on none"
    ),
    IMPROVEMENT_ANY: _("reliable improvement on at least one measure"),
}
DEFAULT_IMPROVEMENT_RULE = IMPROVEMENT_STRICT

# The verdicts other than yes and no (a line says why).
NOT_ENOUGH_SCORES = _("Not enough scores")
DOES_NOT_APPLY = _("Does not apply")


@dataclass(frozen=True)
class Pair:
    first: int
    last: int

    @property
    def fall(self) -> int:
        return self.first - self.last


Pairs = Mapping[str, Pair]


def pairs_from(administrations: Iterable) -> dict[str, Pair]:
    """First and last total of each paired measure, from administrations in time order.

    Takes anything with ``instrument`` and ``total``; a measure scored fewer than twice has
    no pair. A score asked at a booster or maintenance session after the ending (one with a
    ``follow_up_id``) is not part of the course's outcome (docs/outcomes.md).
    """
    totals: dict[str, list[int]] = {}
    for administration in administrations:
        if getattr(administration, "follow_up_id", None) is not None:
            continue
        if administration.instrument in PAIRED_MEASURES:
            totals.setdefault(administration.instrument, []).append(administration.total)
    return {code: Pair(scores[0], scores[-1]) for code, scores in totals.items() if len(scores) > 1}


def is_case(code: str, score: int) -> bool:
    return score >= CASENESS[code]


def case_at_start(pairs: Pairs) -> bool | None:
    """A case at the first score: PHQ-9 >= 10 or GAD-7 >= 8 on any paired measure."""
    if not pairs:
        return None
    return any(is_case(code, pair.first) for code, pair in pairs.items())


def case_at_end(pairs: Pairs) -> bool | None:
    if not pairs:
        return None
    return any(is_case(code, pair.last) for code, pair in pairs.items())


def recovery(pairs: Pairs) -> bool | None:
    """A case at the first score and not a case at the last (below every threshold)."""
    if not case_at_start(pairs):
        return None
    return not case_at_end(pairs)


def reliably_improved(code: str, pair: Pair) -> bool:
    return pair.fall >= RELIABLE_CHANGE[code]


def reliably_deteriorated(code: str, pair: Pair) -> bool:
    return -pair.fall >= RELIABLE_CHANGE[code]


def reliable_deterioration(pairs: Pairs) -> bool | None:
    """PHQ-9 up by 6 or more, or GAD-7 up by 4 or more."""
    if not pairs:
        return None
    return any(reliably_deteriorated(code, pair) for code, pair in pairs.items())


def reliable_improvement(pairs: Pairs, rule: str = DEFAULT_IMPROVEMENT_RULE) -> bool | None:
    """PHQ-9 down by 6 or more, or GAD-7 down by 4 or more; under the strict rule (the
    default) no paired measure may reliably deteriorate at the same time."""
    if rule not in IMPROVEMENT_RULES:
        raise ValueError(f"Unknown reliable improvement rule {rule!r}.")
    if not pairs:
        return None
    improved = any(reliably_improved(code, pair) for code, pair in pairs.items())
    if rule == IMPROVEMENT_ANY:
        return improved
    return improved and not reliable_deterioration(pairs)


def reliable_recovery(pairs: Pairs, rule: str = DEFAULT_IMPROVEMENT_RULE) -> bool | None:
    """Recovery and reliable improvement together."""
    recovered = recovery(pairs)
    if recovered is None:
        return None
    return recovered and bool(reliable_improvement(pairs, rule))


def response(phq9: Pair | None) -> bool | None:
    """PHQ-9 falls by at least 50% of the first score. Does not apply to a first score of 0."""
    if phq9 is None or phq9.first == 0:
        return None
    return phq9.fall * RESPONSE_FALL_DENOMINATOR >= phq9.first * RESPONSE_FALL_NUMERATOR


def remission(phq9: Pair | None) -> bool | None:
    """The last PHQ-9 is below 5."""
    if phq9 is None:
        return None
    return phq9.last < REMISSION_BELOW


def finished_course(attended_sessions: int, *, ended: bool) -> bool:
    """The course has ended, with at least 2 attended treatment sessions. A course still
    running has not finished, however many sessions it has had."""
    return ended and attended_sessions >= FINISHED_COURSE_SESSIONS


# --- the episode summary, in words ---------------------------------------------------------


@dataclass(frozen=True)
class Line:
    name: str
    verdict: str  # "Yes", "No", "Does not apply" or "Not enough scores"
    reason: str


@dataclass(frozen=True)
class Outcome:
    pairs: Mapping[str, Pair]
    attended_sessions: int
    ended: bool
    improvement_rule: str
    case_at_start: bool | None
    recovery: bool | None
    reliable_improvement: bool | None
    reliable_deterioration: bool | None
    reliable_recovery: bool | None
    response: bool | None
    remission: bool | None
    finished_course: bool
    lines: tuple[Line, ...] = field(default=())

    @property
    def has_pairs(self) -> bool:
        return bool(self.pairs)

    @property
    def headline(self) -> str:
        if not self.pairs:
            return gettext("Not enough scores yet")
        if self.reliable_deterioration and not (self.recovery or self.reliable_improvement):
            return gettext("Reliably deteriorated")
        if self.reliable_recovery:
            text = gettext("Reliably recovered")
        elif self.recovery:
            text = gettext("Recovered")
        elif self.reliable_improvement:
            text = gettext("Reliably improved")
        else:
            text = gettext("No reliable change")
        if self.reliable_deterioration:
            return gettext("%(headline)s, with reliable deterioration") % {"headline": text}
        return text

    @property
    def scores_in_words(self) -> str:
        return ", ".join(
            f"{NAMES[code]} {self.pairs[code].first} → {self.pairs[code].last}"
            for code in PAIRED_MEASURES
            if code in self.pairs
        )

    @property
    def sentence(self) -> str:
        """E.g. "Recovered: PHQ-9 14 → 6, GAD-7 9 → 5"."""
        if not self.pairs:
            return gettext(
                "Not enough scores yet: an outcome needs a first and a last PHQ-9 or GAD-7 "
                "score in this episode."
            )
        return gettext("%(headline)s: %(scores)s") % {
            "headline": self.headline,
            "scores": self.scores_in_words,
        }


# The result of each rule, by name: what classify() and the stored outcome summary hold.
RESULTS = (
    "case_at_start",
    "recovery",
    "reliable_improvement",
    "reliable_deterioration",
    "reliable_recovery",
    "response",
    "remission",
    "finished_course",
)


def rule_results(
    pairs: Pairs,
    attended_sessions: int,
    *,
    ended: bool,
    improvement_rule: str = DEFAULT_IMPROVEMENT_RULE,
) -> dict[str, bool | None]:
    """Every rule applied to one episode, by name (RESULTS), without the words."""
    phq9 = pairs.get(PHQ9)
    return {
        "case_at_start": case_at_start(pairs),
        "recovery": recovery(pairs),
        "reliable_improvement": reliable_improvement(pairs, improvement_rule),
        "reliable_deterioration": reliable_deterioration(pairs),
        "reliable_recovery": reliable_recovery(pairs, improvement_rule),
        "response": response(phq9),
        "remission": remission(phq9),
        "finished_course": finished_course(attended_sessions, ended=ended),
    }


def classify(
    pairs: Pairs,
    attended_sessions: int,
    *,
    ended: bool,
    improvement_rule: str = DEFAULT_IMPROVEMENT_RULE,
) -> Outcome:
    """Every rule applied to one episode's pairs, with a line in words for each. `ended`
    says whether the course has ended (a finished course needs it)."""
    values = rule_results(pairs, attended_sessions, ended=ended, improvement_rule=improvement_rule)
    lines = _lines(pairs, attended_sessions, ended, improvement_rule, values)
    return Outcome(
        pairs=dict(pairs),
        attended_sessions=attended_sessions,
        ended=ended,
        improvement_rule=improvement_rule,
        lines=lines,
        **values,
    )


def _verdict(value: bool | None, *, missing: str = NOT_ENOUGH_SCORES) -> str:
    if value is None:
        return str(missing)
    return gettext("Yes") if value else gettext("No")


def _scores(pairs: Pairs, end: str) -> str:
    return ", ".join(
        gettext("%(name)s %(score)s (case from %(caseness)s)")
        % {"name": NAMES[code], "score": getattr(pairs[code], end), "caseness": CASENESS[code]}
        for code in PAIRED_MEASURES
        if code in pairs
    )


def _changes(pairs: Pairs) -> str:
    parts = []
    for code in PAIRED_MEASURES:
        if code in pairs:
            fall = pairs[code].fall
            facts = {"name": NAMES[code], "change": abs(fall), "reliable": RELIABLE_CHANGE[code]}
            if fall > 0:
                text = gettext("%(name)s down %(change)s (reliable from %(reliable)s)")
            elif fall < 0:
                text = gettext("%(name)s up %(change)s (reliable from %(reliable)s)")
            else:
                text = gettext("%(name)s unchanged (reliable from %(reliable)s)")
            parts.append(text % facts)
    return ", ".join(parts)


CASE_AT_START = _("Case at the start")
RECOVERY = _("Recovery")
RELIABLE_IMPROVEMENT = _("Reliable improvement")
RELIABLE_DETERIORATION = _("Reliable deterioration")
RELIABLE_RECOVERY = _("Reliable recovery")
RESPONSE = _("Response")
REMISSION = _("Remission")
FINISHED_COURSE = _("Finished course")
RULE_NAMES = (
    CASE_AT_START,
    RECOVERY,
    RELIABLE_IMPROVEMENT,
    RELIABLE_DETERIORATION,
    RELIABLE_RECOVERY,
    RESPONSE,
    REMISSION,
)
NO_PAIRS = _("Needs a first and a last PHQ-9 or GAD-7 score.")
NO_PHQ9_PAIR = _("Needs a first and a last PHQ-9 score.")
NOT_A_CASE = _("Does not apply: not a case at the start.")


def _lines(pairs, attended, ended, rule, values) -> tuple[Line, ...]:
    finished = Line(
        str(FINISHED_COURSE), _verdict(values["finished_course"]), _attended(attended, ended)
    )
    if not pairs:
        return (
            finished,
            *(Line(str(name), str(NOT_ENOUGH_SCORES), str(NO_PAIRS)) for name in RULE_NAMES),
        )
    return (*_pair_lines(pairs, rule, values), *_phq9_lines(pairs.get(PHQ9), values), finished)


def _pair_lines(pairs, rule, values) -> tuple[Line, ...]:
    recovered, reliably_recovered = values["recovery"], values["reliable_recovery"]
    return (
        Line(str(CASE_AT_START), _verdict(values["case_at_start"]), _scores(pairs, "first")),
        Line(
            str(RECOVERY),
            _verdict(recovered, missing=DOES_NOT_APPLY),
            str(NOT_A_CASE)
            if recovered is None
            else gettext("At the last score: %(scores)s") % {"scores": _scores(pairs, "last")},
        ),
        Line(
            str(RELIABLE_IMPROVEMENT),
            _verdict(values["reliable_improvement"]),
            gettext("%(changes)s. Rule: %(rule)s.")
            % {"changes": _changes(pairs), "rule": IMPROVEMENT_RULES[rule]},
        ),
        Line(
            str(RELIABLE_DETERIORATION),
            _verdict(values["reliable_deterioration"]),
            _changes(pairs),
        ),
        Line(
            str(RELIABLE_RECOVERY),
            _verdict(reliably_recovered, missing=DOES_NOT_APPLY),
            str(NOT_A_CASE)
            if reliably_recovered is None
            else gettext("Recovery and reliable improvement."),
        ),
    )


def _phq9_lines(phq9, values) -> tuple[Line, ...]:
    if phq9 is None:
        return (
            Line(str(RESPONSE), str(NOT_ENOUGH_SCORES), str(NO_PHQ9_PAIR)),
            Line(str(REMISSION), str(NOT_ENOUGH_SCORES), str(NO_PHQ9_PAIR)),
        )
    remission_reason = gettext("Last PHQ-9 %(last)s (remission below %(below)s).") % {
        "last": phq9.last,
        "below": REMISSION_BELOW,
    }
    return (
        Line(
            str(RESPONSE),
            _verdict(values["response"], missing=DOES_NOT_APPLY),
            _response_reason(phq9),
        ),
        Line(str(REMISSION), _verdict(values["remission"]), remission_reason),
    )


def _response_reason(phq9: Pair) -> str:
    if phq9.first == 0:
        return gettext("Does not apply: the first PHQ-9 was 0.")
    facts = {
        "first": phq9.first,
        "last": phq9.last,
        "share": round(100 * abs(phq9.fall) / phq9.first),
    }
    if phq9.fall >= 0:
        text = gettext(
            "PHQ-9 %(first)s → %(last)s, a fall of %(share)s%% (response from a fall of 50%%)."
        )
    else:
        text = gettext(
            "PHQ-9 %(first)s → %(last)s, a rise of %(share)s%% (response from a fall of 50%%)."
        )
    return text % facts


def _attended(attended: int, ended: bool) -> str:
    facts = {"count": attended, "needed": FINISHED_COURSE_SESSIONS}
    if ended:
        text = ngettext(
            "%(count)s attended session; the course has ended (finished once it has ended "
            "with at least %(needed)s attended).",
            "%(count)s attended sessions; the course has ended (finished once it has ended "
            "with at least %(needed)s attended).",
            attended,
        )
    else:
        text = ngettext(
            "%(count)s attended session; the course is still running (finished once it has "
            "ended with at least %(needed)s attended).",
            "%(count)s attended sessions; the course is still running (finished once it has "
            "ended with at least %(needed)s attended).",
            attended,
        )
    return text % facts
