"""A first draft of the formulation, in plain words addressed to the client.

Pure: assembled from facts gathered by formulation.queries.draft_facts(). The clinician
edits the draft before saving it; nothing here is shown to the client unedited unless
the clinician saves and shares it.
"""

from dataclasses import dataclass
from datetime import date

from .decision import DEFICITS, GRIEF, ROLE_DISPUTE, ROLE_TRANSITION


@dataclass(frozen=True)
class ScoreFact:
    instrument: str
    total: int
    band: str
    on: date


@dataclass(frozen=True)
class EventLine:
    kind: str
    when: str
    person: str = ""
    note: str = ""


@dataclass(frozen=True)
class AreaFacts:
    area: str
    person: str = ""  # the other party of a dispute, or the person who died
    when: str = ""  # the date of the death
    stage: str = ""  # the latest dispute stage key
    old_role: str = ""
    new_role: str = ""
    losses: str = ""
    gains: str = ""
    pattern: str = ""
    goals: tuple[str, ...] = ()


@dataclass(frozen=True)
class DraftFacts:
    concerns: str = ""
    first_score: ScoreFact | None = None
    latest_score: ScoreFact | None = None
    onset: str = ""
    worsening: tuple[str, ...] = ()
    events: tuple[EventLine, ...] = ()
    areas: tuple[AreaFacts, ...] = ()
    planned_sessions: int | None = None
    end_date: date | None = None
    sick_role_given_on: date | None = None


SICK_ROLE = (
    "Depression is a common illness, and it can be treated. It is not a weakness and it is"
    " not your fault. While you recover, it is fair to expect a little less of yourself and"
    " to accept some help, as long as you keep coming to sessions and working on feeling"
    " better."
)

STAGE_WORDS = {
    "renegotiation": "Right now you are both still trying to talk it through.",
    "impasse": "Right now the talking about it has stopped.",
    "dissolution": "Right now one or both of you want to end the relationship.",
}


def _day(value):
    return f"{value.day} {value:%B %Y}"


def _sentence(text):
    text = " ".join(text.split())
    if not text:
        return ""
    return text if text[-1] in ".!?" else text + "."


def _how_you_have_been(facts):
    parts = []
    if facts.concerns:
        parts.append("How you have been: " + _sentence(facts.concerns))
    first, latest = facts.first_score, facts.latest_score
    if first:
        parts.append(
            f"When we first measured it, on {_day(first.on)}, your {first.instrument} score"
            f" was {first.total} ({first.band})."
        )
    if latest and first and latest.on != first.on:
        parts.append(f"On {_day(latest.on)} it was {latest.total} ({latest.band}).")
    return " ".join(parts)


def _event_phrase(event):
    when = f" ({event.when})"
    if event.kind == "death":
        return (f"{event.person} died" if event.person else "someone close to you died") + when
    if event.kind == "dispute":
        return (f"a disagreement with {event.person}" if event.person else "a disagreement") + when
    if event.kind == "life_change":
        return (event.note or "a big change in your life") + when
    if event.kind == "isolation":
        return "a time of feeling cut off from others" + when
    return (event.note or "another important event") + when


def _what_happened(facts):
    parts = []
    if facts.onset:
        parts.append(f"When it started: your low mood began around {facts.onset}.")
    if facts.worsening:
        parts.append(f"It got worse around {' and '.join(facts.worsening)}.")
    if facts.events:
        lead = "Around that time: " if facts.onset else "Important events: "
        phrases = [_event_phrase(event) for event in facts.events]
        parts.append(lead + "; ".join(phrases) + ".")
    return " ".join(parts)


def _grief(area):
    who = area.person or "someone close to you"
    when = f" in {area.when}" if area.when else ""
    return (
        f"Grief after the death of {who}{when}. We will talk about your relationship with"
        " them, before and after the death, make room for the feelings the loss brings, and"
        " find ways back to the interests and people that matter to you."
    )


def _dispute(area):
    who = f"with {area.person}" if area.person else "in a close relationship"
    stage = STAGE_WORDS.get(area.stage, "")
    return " ".join(
        part
        for part in (
            f"The disagreement {who}.",
            stage,
            "We will look at what each of you expects, and at ways forward that suit where"
            " things stand.",
        )
        if part
    )


def _transition(area):
    if area.old_role and area.new_role:
        change = f"The change from {area.old_role} to {area.new_role}."
    else:
        change = "The change you are going through."
    parts = [change]
    if area.losses:
        parts.append("What has been lost: " + _sentence(area.losses))
    if area.gains:
        parts.append("What may be gained: " + _sentence(area.gains))
    parts.append("We will look at both, and build the skills and support the new situation needs.")
    return " ".join(parts)


def _deficits(area):
    pattern = f" ({' '.join(area.pattern.split()).rstrip('.')})" if area.pattern else ""
    return (
        f"Feeling alone or cut off from others{pattern}. We will look at how your"
        " relationships have gone in the past and practise ways to start new ones and keep"
        " them going."
    )


AREA_SENTENCES = {
    GRIEF: _grief,
    ROLE_DISPUTE: _dispute,
    ROLE_TRANSITION: _transition,
    DEFICITS: _deficits,
}


def _focus(facts):
    if not facts.areas:
        return "What we will focus on: we have not chosen this together yet."
    lead = "What we will focus on: "
    if len(facts.areas) > 1:
        lead = "What we will focus on: two things. "
    return lead + " ".join(AREA_SENTENCES[area.area](area) for area in facts.areas)


def _goals(facts):
    goals = [goal for area in facts.areas for goal in area.goals]
    if not goals:
        return ""
    return "Your goals, in your own words:\n" + "\n".join(f"- {goal}" for goal in goals)


def _sick_role(facts):
    if facts.sick_role_given_on is None:
        return SICK_ROLE
    return f"{SICK_ROLE} We first talked about this on {_day(facts.sick_role_given_on)}."


def _plan(facts):
    if not facts.planned_sessions:
        return ""
    end = f", finishing around {_day(facts.end_date)}" if facts.end_date else ""
    return (
        f"We plan to meet for {facts.planned_sessions} sessions{end}. Each time we will check"
        " how you have been feeling and link it to what has been happening with the people"
        " in your life."
    )


def draft(facts: DraftFacts) -> str:
    """The draft as plain text: paragraphs separated by blank lines."""
    paragraphs = (
        _how_you_have_been(facts),
        _sick_role(facts),
        _what_happened(facts),
        _focus(facts),
        _goals(facts),
        _plan(facts),
    )
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)
