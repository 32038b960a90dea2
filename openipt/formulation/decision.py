"""Decision support for choosing problem areas: pure rules over plain facts.

The rules read the timeline and the inventory and propose areas, each with its reasons
in words; the clinician confirms or chooses otherwise. No database here (Django only for
the words, read in the active language): formulation/queries.py turns records into these
facts. The thresholds are named choices,
documented in docs/formulation.md; pass a different `Thresholds` to change them.

Rules (a "look-back period" runs from N months before the low mood started - or before
`as_of` when no start is recorded - up to `as_of`):
- grief: a death of someone close in the grief look-back period, when the person is in
  the inner circle or no person is linked to the event;
- role dispute: a dispute in the dispute look-back period with an inner-circle person
  marked conflictual (or both) about whom something unsatisfying is recorded;
- role transition: a life change in the transition look-back period;
- interpersonal deficits: none of the above, an inventory has been recorded, and few
  living, non-professional people are in the inner and middle circles.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

GRIEF = "grief"
ROLE_DISPUTE = "role_dispute"
ROLE_TRANSITION = "role_transition"
DEFICITS = "deficits"
AREA_NAMES = {
    GRIEF: _("Grief"),
    ROLE_DISPUTE: _("Role dispute"),
    ROLE_TRANSITION: _("Role transition"),
    DEFICITS: _("Interpersonal deficits"),
}

# The values the rules read from the inventory and timeline (the model choices share them).
INNER, MIDDLE, OUTER = "inner", "middle", "outer"
CONFLICTUAL_QUALITIES = {
    "conflictual": pgettext_lazy("relationship", "conflictual"),
    "both": _("both supportive and conflictual"),
}
# A circle as a word inside a sentence ("is in the middle circle").
CIRCLE_WORDS = {
    INNER: pgettext_lazy("circle", "inner"),
    MIDDLE: pgettext_lazy("circle", "middle"),
    OUTER: pgettext_lazy("circle", "outer"),
}
NOT_COUNTED_AS_CLOSE = {"deceased", "professional"}
DEATH, DISPUTE, LIFE_CHANGE, ISOLATION, ONSET = (
    "death",
    "dispute",
    "life_change",
    "isolation",
    "onset",
)


@dataclass(frozen=True)
class Thresholds:
    grief_lookback_months: int = 6
    dispute_lookback_months: int = 6
    transition_lookback_months: int = 12
    deficits_max_close_people: int = 2


DEFAULT_THRESHOLDS = Thresholds()


@dataclass(frozen=True)
class PersonFact:
    key: object
    label: str
    relationship: str
    circle: str
    quality: str
    unsatisfying: bool = False


@dataclass(frozen=True)
class EventFact:
    kind: str
    on: date
    approximate: bool = False
    person: object = None  # a PersonFact.key, or None
    note: str = ""
    anticipated: bool = False  # expected, not yet happened (its date may lie ahead)


@dataclass(frozen=True)
class Proposal:
    area: str
    reasons: tuple[str, ...]
    # The person and date the first reason is about (the one who died, the other party).
    person: object = None
    on: date | None = None

    @property
    def name(self):
        return AREA_NAMES[self.area]


@dataclass(frozen=True)
class Assessment:
    proposals: tuple[Proposal, ...]
    # Why other areas, or any area, were not proposed.
    notes: tuple[str, ...] = field(default=())

    @property
    def areas(self):
        return [proposal.area for proposal in self.proposals]

    def proposal_for(self, area):
        return next((p for p in self.proposals if p.area == area), None)

    def reasons_as_shown(self):
        """Every line the page shows, as recorded with the clinician's choice."""
        lines = [
            gettext("%(area)s: %(reason)s") % {"area": p.name, "reason": reason}
            for p in self.proposals
            for reason in p.reasons
        ]
        return lines + [gettext("Note: %(note)s") % {"note": note} for note in self.notes]


# --- dates ------------------------------------------------------------------------------


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier, clamped to the end of a shorter month."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, candidate)
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - day 28 exists in every month


def month_name(day: date) -> str:
    # In the reader's language (Django's locale formats, never strftime).
    return date_format(day, "F Y")


def whole_months_between(earlier: date, later: date) -> int:
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (1 if later.day < earlier.day else 0)


@dataclass(frozen=True)
class _Window:
    start: date
    end: date
    onset: date | None

    def contains(self, day):
        return self.start <= day <= self.end

    def relation(self, day):
        """How `day` stands to the start of the low mood, in words."""
        month = month_name(day)
        if self.onset is None:
            return gettext("in %(month)s") % {"month": month}
        if day <= self.onset:
            months = whole_months_between(day, self.onset)
            if months < 1:
                return gettext("in %(month)s, the same month as the low mood started") % {
                    "month": month
                }
            return ngettext(
                "in %(month)s, %(count)s month before the low mood started",
                "in %(month)s, %(count)s months before the low mood started",
                months,
            ) % {"month": month, "count": months}
        return gettext("in %(month)s, after the low mood had started") % {"month": month}


def _window(onset, as_of, months):
    anchor = onset or as_of
    return _Window(start=months_before(anchor, months), end=as_of, onset=onset)


def _lookback_words(onset, months):
    if onset:
        return ngettext(
            "the %(count)s month before the low mood started",
            "the %(count)s months before the low mood started",
            months,
        ) % {"count": months}
    return ngettext(
        "the %(count)s month before today", "the %(count)s months before today", months
    ) % {"count": months}


# --- the rules --------------------------------------------------------------------------


def onset_of(events):
    """The earliest recorded start of the low mood, or None."""
    starts = [event.on for event in events if event.kind == ONSET]
    return min(starts) if starts else None


def _grief(people, events, onset, as_of, limits, notes):
    window = _window(onset, as_of, limits.grief_lookback_months)
    reasons, subjects = [], []
    for event in events:
        if event.kind != DEATH:
            continue
        person = people.get(event.person)
        if not window.contains(event.on):
            notes.append(
                gettext("A death in %(month)s falls outside %(period)s, so it was not counted.")
                % {
                    "month": month_name(event.on),
                    "period": _lookback_words(onset, limits.grief_lookback_months),
                }
            )
        elif person is None:
            subjects.append((None, event.on))
            reasons.append(
                gettext(
                    "A death of someone close is on the timeline %(when)s (no person from the"
                    " inventory is linked to it)."
                )
                % {"when": window.relation(event.on)}
            )
        elif person.circle == INNER:
            subjects.append((person.key, event.on))
            reasons.append(
                gettext("%(name)s, in the inner circle, died %(when)s.")
                % {"name": person.label, "when": window.relation(event.on)}
            )
        else:
            notes.append(
                gettext(
                    "%(name)s died %(when)s, but is in the %(circle)s circle; grief is proposed"
                    " for a death in the inner circle."
                )
                % {
                    "name": person.label,
                    "when": window.relation(event.on),
                    "circle": CIRCLE_WORDS.get(person.circle, person.circle),
                }
            )
    return _found(GRIEF, reasons, subjects)


def _strained(person):
    return (
        person.circle == INNER and person.quality in CONFLICTUAL_QUALITIES and person.unsatisfying
    )


def _dispute(people, events, onset, as_of, limits, notes):
    window = _window(onset, as_of, limits.dispute_lookback_months)
    disputes = [e for e in events if e.kind == DISPUTE and window.contains(e.on)]
    strained = [person for person in people.values() if _strained(person)]
    reasons, subjects = [], []
    for person in strained:
        linked = [e for e in disputes if e.person in (person.key, None)]
        if not linked:
            notes.append(
                gettext(
                    "The relationship with %(name)s is strained, but no dispute is on the"
                    " timeline in %(period)s."
                )
                % {
                    "name": person.label,
                    "period": _lookback_words(onset, limits.dispute_lookback_months),
                }
            )
            continue
        quality = CONFLICTUAL_QUALITIES[person.quality]
        subjects.append((person.key, None))
        reasons.append(
            gettext(
                "%(name)s, in the inner circle, is marked %(quality)s, and something"
                " unsatisfying is recorded about the relationship."
            )
            % {"name": person.label, "quality": quality}
        )
        for event in linked:
            when = window.relation(event.on)
            if event.person is not None:
                reasons.append(
                    gettext("A dispute with %(name)s is on the timeline %(when)s.")
                    % {"name": person.label, "when": when}
                )
            else:
                reasons.append(gettext("A dispute is on the timeline %(when)s.") % {"when": when})
    strained_keys = {person.key for person in strained}
    for event in disputes:
        if event.person is not None and event.person not in strained_keys:
            label = people[event.person].label if event.person in people else gettext("someone")
            notes.append(
                gettext(
                    "A dispute with %(name)s is on the timeline %(when)s, but that relationship"
                    " is not an inner-circle one marked conflictual with something"
                    " unsatisfying recorded."
                )
                % {"name": label, "when": window.relation(event.on)}
            )
        elif event.person is None and not strained:
            notes.append(
                gettext(
                    "A dispute is on the timeline %(when)s, but no inner-circle relationship"
                    " is marked conflictual with something unsatisfying recorded."
                )
                % {"when": window.relation(event.on)}
            )
    return _found(ROLE_DISPUTE, reasons, subjects)


def _transition(events, onset, as_of, limits):
    window = _window(onset, as_of, limits.transition_lookback_months)
    changes = [e for e in events if e.kind == LIFE_CHANGE and window.contains(e.on)]
    reasons = [_change_reason(window.relation(e.on), e.note) for e in changes]
    # A transition the client expects is worked on before it happens.
    ahead = [e for e in events if e.kind == LIFE_CHANGE and e.anticipated and e.on > as_of]
    reasons += [_expected_change_reason(month_name(e.on), e.note) for e in ahead]
    subjects = [(None, e.on) for e in changes + ahead]
    return _found(ROLE_TRANSITION, reasons, subjects)


def _change_reason(when, note):
    if note:
        return gettext("A life change is on the timeline %(when)s: %(note)s.") % {
            "when": when,
            "note": note,
        }
    return gettext("A life change is on the timeline %(when)s.") % {"when": when}


def _expected_change_reason(month, note):
    if note:
        return gettext("A life change is expected in %(month)s: %(note)s.") % {
            "month": month,
            "note": note,
        }
    return gettext("A life change is expected in %(month)s.") % {"month": month}


def _found(area, reasons, subjects):
    """A proposal for `area`, or None; it names the first person and date it is about."""
    if not reasons:
        return None
    person, on = subjects[0] if subjects else (None, None)
    return Proposal(area, tuple(reasons), person=person, on=on)


def _close_people(people):
    return [
        p
        for p in people.values()
        if p.circle in (INNER, MIDDLE) and p.relationship not in NOT_COUNTED_AS_CLOSE
    ]


def _deficits(people, events, limits):
    close = _close_people(people)
    if len(close) > limits.deficits_max_close_people:
        return []
    reasons = [
        gettext("No recent death, dispute or life change points to another area."),
        _few_close_people(len(close), limits.deficits_max_close_people),
    ]
    reasons.extend(
        gettext("Isolation is on the timeline in %(month)s.") % {"month": month_name(e.on)}
        for e in events
        if e.kind == ISOLATION
    )
    return reasons


def _few_close_people(count, most):
    if count == 0:
        return gettext(
            "Nobody is recorded in the inner and middle circles (the rule looks for %(most)s"
            " or fewer, not counting helpers or people who have died)."
        ) % {"most": most}
    return ngettext(
        "Only %(count)s person is recorded in the inner and middle circles (the rule looks"
        " for %(most)s or fewer, not counting helpers or people who have died).",
        "Only %(count)s people are recorded in the inner and middle circles (the rule looks"
        " for %(most)s or fewer, not counting helpers or people who have died).",
        count,
    ) % {"count": count, "most": most}


def propose(people, events, *, as_of, thresholds=DEFAULT_THRESHOLDS) -> Assessment:
    """Proposed problem areas with their reasons, from inventory people and timeline events."""
    by_key = {person.key: person for person in people}
    onset = onset_of(events)
    notes = []
    if onset is None and (by_key or events):
        notes.append(
            gettext(
                "The start of the low mood is not on the timeline, so periods are counted back"
                " from today."
            )
        )
    found = (
        _grief(by_key, events, onset, as_of, thresholds, notes),
        _dispute(by_key, events, onset, as_of, thresholds, notes),
        _transition(events, onset, as_of, thresholds),
    )
    proposals = [proposal for proposal in found if proposal]
    if not proposals:
        if by_key:
            reasons = _deficits(by_key, events, thresholds)
            if reasons:
                proposals.append(Proposal(DEFICITS, tuple(reasons)))
        notes.extend(_why_nothing(by_key, events, proposals, onset, thresholds))
    if len(proposals) > 2:
        notes.append(
            gettext("At most two areas can be chosen: pick the two that fit this episode best.")
        )
    return Assessment(tuple(proposals), tuple(notes))


def _why_nothing(people, events, proposals, onset, limits):
    if proposals:
        return []
    if not people and not events:
        return [
            gettext(
                "Nothing is recorded yet. Add the important people to the inventory and the"
                " main events to the timeline, then look again."
            )
        ]
    lines = []
    lines.append(
        gettext(
            "No death, dispute or life change on the timeline fits the rules for grief, role"
            " dispute or role transition."
        )
    )
    if not people:
        lines.append(gettext("The inventory is empty, so interpersonal deficits cannot be judged."))
    else:
        count = len(_close_people(people))
        lines.append(
            ngettext(
                "%(count)s person is recorded in the inner and middle circles, more than the"
                " %(most)s the interpersonal-deficits rule looks for.",
                "%(count)s people are recorded in the inner and middle circles, more than the"
                " %(most)s the interpersonal-deficits rule looks for.",
                count,
            )
            % {"count": count, "most": limits.deficits_max_close_people}
        )
    return lines
