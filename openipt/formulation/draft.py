"""A first draft of the formulation, in plain words addressed to the client.

Pure (Django only for the words, read in the active language): assembled from facts
gathered by formulation.queries.draft_facts(). The clinician
edits the draft before saving it; nothing here is shown to the client unedited unless
the clinician saves and shares it.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

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


SICK_ROLE = _(
    "Depression is a common illness, and it can be treated. It is not a weakness and it is"
    " not your fault. While you recover, it is fair to expect a little less of yourself and"
    " to accept some help, as long as you keep coming to sessions and working on feeling"
    " better."
)

STAGE_WORDS = {
    "renegotiation": _("Right now you are both still trying to talk it through."),
    "impasse": _("Right now the talking about it has stopped."),
    "dissolution": _("Right now one or both of you want to end the relationship."),
}


def _day(value):
    # In the reader's language (Django's locale formats, never strftime).
    return date_format(value, "j F Y")


def _sentence(text):
    text = " ".join(str(text).split())
    if not text:
        return ""
    return text if text[-1] in ".!?" else text + "."


def _how_you_have_been(facts):
    parts = []
    if facts.concerns:
        parts.append(
            gettext("How you have been: %(concerns)s") % {"concerns": _sentence(facts.concerns)}
        )
    first, latest = facts.first_score, facts.latest_score
    if first:
        parts.append(
            gettext(
                "When we first measured it, on %(date)s, your %(instrument)s score was"
                " %(total)s (%(band)s)."
            )
            % {
                "date": _day(first.on),
                "instrument": first.instrument,
                "total": first.total,
                "band": first.band,
            }
        )
    if latest and first and latest.on != first.on:
        parts.append(
            gettext("On %(date)s it was %(total)s (%(band)s).")
            % {"date": _day(latest.on), "total": latest.total, "band": latest.band}
        )
    return " ".join(parts)


def _event_phrase(event):
    words = {"person": event.person, "note": event.note, "when": event.when}
    if event.kind == "death":
        if event.person:
            return gettext("%(person)s died (%(when)s)") % words
        return gettext("someone close to you died (%(when)s)") % words
    if event.kind == "dispute":
        if event.person:
            return gettext("a disagreement with %(person)s (%(when)s)") % words
        return gettext("a disagreement (%(when)s)") % words
    if event.kind == "isolation":
        return gettext("a time of feeling cut off from others (%(when)s)") % words
    if event.note:
        return gettext("%(note)s (%(when)s)") % words
    if event.kind == "life_change":
        return gettext("a big change in your life (%(when)s)") % words
    return gettext("another important event (%(when)s)") % words


def _what_happened(facts):
    parts = []
    if facts.onset:
        parts.append(
            gettext("When it started: your low mood began around %(when)s.") % {"when": facts.onset}
        )
    if facts.worsening:
        parts.append(
            gettext("It got worse around %(when)s.")
            % {"when": gettext(" and ").join(facts.worsening)}
        )
    if facts.events:
        phrases = "; ".join(_event_phrase(event) for event in facts.events)
        if facts.onset:
            parts.append(gettext("Around that time: %(events)s.") % {"events": phrases})
        else:
            parts.append(gettext("Important events: %(events)s.") % {"events": phrases})
    return " ".join(parts)


def _grief(area):
    if area.person and area.when:
        text = gettext("Grief after the death of %(person)s in %(when)s.")
    elif area.person:
        text = gettext("Grief after the death of %(person)s.")
    elif area.when:
        text = gettext("Grief after the death of someone close to you in %(when)s.")
    else:
        text = gettext("Grief after the death of someone close to you.")
    plan = gettext(
        "We will talk about your relationship with them, before and after the death, make"
        " room for the feelings the loss brings, and find ways back to the interests and"
        " people that matter to you."
    )
    return text % {"person": area.person, "when": area.when} + " " + plan


def _dispute(area):
    if area.person:
        opening = gettext("The disagreement with %(person)s.") % {"person": area.person}
    else:
        opening = gettext("The disagreement in a close relationship.")
    stage = str(STAGE_WORDS.get(area.stage, ""))
    plan = gettext(
        "We will look at what each of you expects, and at ways forward that suit where"
        " things stand."
    )
    return " ".join(part for part in (opening, stage, plan) if part)


def _transition(area):
    if area.old_role and area.new_role:
        change = gettext("The change from %(old)s to %(new)s.") % {
            "old": area.old_role,
            "new": area.new_role,
        }
    else:
        change = gettext("The change you are going through.")
    parts = [change]
    if area.losses:
        parts.append(gettext("What has been lost: %(losses)s") % {"losses": _sentence(area.losses)})
    if area.gains:
        parts.append(gettext("What may be gained: %(gains)s") % {"gains": _sentence(area.gains)})
    parts.append(
        gettext("We will look at both, and build the skills and support the new situation needs.")
    )
    return " ".join(parts)


def _deficits(area):
    plan = gettext(
        "We will look at how your relationships have gone in the past and practise ways to"
        " start new ones and keep them going."
    )
    if area.pattern:
        pattern = " ".join(area.pattern.split()).rstrip(".")
        opening = gettext("Feeling alone or cut off from others (%(pattern)s).") % {
            "pattern": pattern
        }
    else:
        opening = gettext("Feeling alone or cut off from others.")
    return opening + " " + plan


AREA_SENTENCES = {
    GRIEF: _grief,
    ROLE_DISPUTE: _dispute,
    ROLE_TRANSITION: _transition,
    DEFICITS: _deficits,
}


def _focus(facts):
    if not facts.areas:
        return gettext("What we will focus on: we have not chosen this together yet.")
    areas = " ".join(AREA_SENTENCES[area.area](area) for area in facts.areas)
    if len(facts.areas) > 1:
        return gettext("What we will focus on: two things. %(areas)s") % {"areas": areas}
    return gettext("What we will focus on: %(areas)s") % {"areas": areas}


def _goals(facts):
    goals = [goal for area in facts.areas for goal in area.goals]
    if not goals:
        return ""
    return (
        gettext("Your goals, in your own words:") + "\n" + "\n".join(f"- {goal}" for goal in goals)
    )


def _sick_role(facts):
    if facts.sick_role_given_on is None:
        return str(SICK_ROLE)
    return gettext("%(sick_role)s We first talked about this on %(date)s.") % {
        "sick_role": SICK_ROLE,
        "date": _day(facts.sick_role_given_on),
    }


def _plan(facts):
    if not facts.planned_sessions:
        return ""
    words = {"count": facts.planned_sessions}
    if facts.end_date:
        words["date"] = _day(facts.end_date)
        meet = ngettext(
            "We plan to meet for %(count)s session, finishing around %(date)s.",
            "We plan to meet for %(count)s sessions, finishing around %(date)s.",
            facts.planned_sessions,
        )
    else:
        meet = ngettext(
            "We plan to meet for %(count)s session.",
            "We plan to meet for %(count)s sessions.",
            facts.planned_sessions,
        )
    check = gettext(
        "Each time we will check how you have been feeling and link it to what has been"
        " happening with the people in your life."
    )
    return meet % words + " " + check


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
