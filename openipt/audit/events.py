"""Every audit action, declared once: its code, its class, plain words for it, and the
facts it may carry.

An audit event holds codes and object references only, never free text, names or
clinical wording. Each app declares the actions it writes in its own `audit_events.py`
(collected when Django starts, AuditConfig.ready), with `declare(...)`:

    declare(
        "session.recorded", CLINICAL, "Session recorded",
        says="Session {session} recorded: {attendance}",
        session=Number(), attendance=Code(Attendance.choices),
    )

The words (`words`, `says`, a fact's words) are marked with gettext_lazy where they are
declared and read in the reader's language when the trail is shown; an event stores codes
only, never words in any language.

`record()` refuses an action nobody declared, a fact the action does not declare, and a
value that is not of its fact's kind (a string must be one of the fact's codes), so free
text cannot reach the trail. The trail page turns the codes back into words (`describe`).

The class decides who reads an event: the organisation admin sees the time, the person
and the class of a clinical event, never its action or facts; a client's supervisor sees
everything (docs/architecture.md, "The audit trail").
"""

import string
from dataclasses import dataclass, field

from django.utils.translation import gettext, gettext_lazy

ADMINISTRATIVE = "administrative"
CLINICAL = "clinical"
CLASSES = (ADMINISTRATIVE, CLINICAL)
# What someone who may not read a clinical event sees instead of its action.
CLINICAL_EVENT_WORDS = gettext_lazy("Clinical record viewed or changed (details hidden)")


class AuditFactError(ValueError):
    """An audit event that is not declared, or carries a fact that is not allowed."""


# --- the kinds of fact -------------------------------------------------------------------


class Fact:
    """One kind of structured fact. `none_words` (when set) allows None and says it."""

    none_words = None

    def check(self, action, name, value):
        if value is None and self.none_words is not None:
            return None
        if value is None or not self.accepts(value):
            raise AuditFactError(
                f"Audit action {action!r}: {value!r} is not a {self.kind_name} for {name!r}."
            )
        return value

    def accepts(self, value):
        raise NotImplementedError

    def words(self, value, people):
        if value is None:
            return self.none_words
        return self.word_for(value, people)

    def word_for(self, value, people):
        return str(value)


@dataclass(frozen=True)
class Number(Fact):
    """A count or a number (a session number, a day of the week): an integer, shown
    through `shown` ("question {}")."""

    none_words: str | None = None
    shown: str = "{}"
    kind_name = "whole number"

    def accepts(self, value):
        return type(value) is int

    def word_for(self, value, people):
        return str(self.shown).format(value)


@dataclass(frozen=True)
class YesNo(Fact):
    """Yes or no, with the words for each (either may be empty)."""

    yes: str = gettext_lazy("yes")
    no: str = gettext_lazy("no")
    kind_name = "yes or no"

    def accepts(self, value):
        return type(value) is bool

    def word_for(self, value, people):
        return self.yes if value else self.no


@dataclass(frozen=True)
class Person(Fact):
    """A staff member, by the id of their account; shown with their name when the trail
    is read, so no name is ever stored in an event."""

    none_words: str | None = None
    kind_name = "person's id"

    def accepts(self, value):
        return type(value) is int

    def word_for(self, value, people):
        person = people.get(value)
        if person is not None:
            return person.display_name
        return gettext("staff member %(number)s") % {"number": value}


@dataclass(frozen=True)
class Code(Fact):
    """One of a fixed set of codes (or, with many=True, a list of them), each with its
    words. `choices` is (code, words) pairs or a mapping, or a function returning one,
    for code lists that are only known once every app is loaded."""

    choices: object = ()
    many: bool = False
    none_words: str | None = None
    kind_name = "declared code"

    def codes(self):
        choices = self.choices() if callable(self.choices) else self.choices
        return {str(code): str(words) for code, words in dict(choices).items()}

    def accepts(self, value):
        known = self.codes()
        if self.many:
            return isinstance(value, list) and all(
                isinstance(code, str) and code in known for code in value
            )
        return isinstance(value, str) and value in known

    def word_for(self, value, people):
        known = self.codes()
        if not self.many:
            return known.get(value, value)
        return ", ".join(known.get(code, code) for code in value) or gettext("none")


@dataclass(frozen=True)
class Numbers(Fact):
    """A list of numbers (the sessions scheduled at once)."""

    kind_name = "list of whole numbers"

    def accepts(self, value):
        return isinstance(value, list) and all(type(number) is int for number in value)

    def word_for(self, value, people):
        return ", ".join(str(number) for number in value) or gettext("none")


# --- the registry ------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    code: str
    kind: str
    words: str  # plain words without facts: how an event reads when it has none
    says: str = ""  # the same with its facts, e.g. "Session {session} recorded: {attendance}"
    facts: dict = field(default_factory=dict)

    @property
    def is_clinical(self):
        return self.kind == CLINICAL


_ACTIONS: dict[str, Action] = {}


def declare(code, kind, words, /, *, says="", **facts):
    """Declare one audit action (called at import of an app's audit_events module)."""
    if kind not in CLASSES:
        raise ValueError(f"Audit action {code!r}: class must be one of {CLASSES}.")
    if code in _ACTIONS:
        raise ValueError(f"Audit action {code!r} is declared twice.")
    placeholders = _placeholders(says)
    if placeholders != set(facts):
        raise ValueError(
            f"Audit action {code!r}: `says` must name each of its facts ({sorted(facts)})."
        )
    for name, kind_of_fact in facts.items():
        if not isinstance(kind_of_fact, Fact):
            raise ValueError(f"Audit action {code!r}: fact {name!r} needs a kind (Number, Code…).")
    _ACTIONS[code] = Action(code, kind, words, says, dict(facts))
    return _ACTIONS[code]


def _placeholders(says):
    # `says` may be lazily translated (gettext_lazy): its placeholders are read from the
    # text of the active language, the same in every language (audit/tests/test_audit_words.py).
    return {name for _, name, _, _ in string.Formatter().parse(str(says)) if name}


def action(code):
    """The declared action, or AuditFactError."""
    try:
        return _ACTIONS[code]
    except KeyError:
        raise AuditFactError(
            f"Audit action {code!r} is not declared; declare it in its app's audit_events.py."
        ) from None


def declared():
    return dict(_ACTIONS)


def checked_facts(code, facts):
    """The facts as stored (None when there are none), after checking them against the
    action's declaration: every declared fact given, nothing else, each of its kind."""
    declaration = action(code)
    facts = dict(facts or {})
    unknown = sorted(set(facts) - set(declaration.facts))
    if unknown:
        raise AuditFactError(f"Audit action {code!r} declares no fact {', '.join(unknown)}.")
    missing = sorted(set(declaration.facts) - set(facts))
    if missing:
        raise AuditFactError(f"Audit action {code!r} needs the fact(s) {', '.join(missing)}.")
    checked = {
        name: kind_of_fact.check(code, name, facts[name])
        for name, kind_of_fact in declaration.facts.items()
    }
    return checked or None


def check_event(event):
    """The facts of a new event as they are stored, after checking that it has a declared
    action and declared facts and no free-text detail (kept for old events only). The
    writer (record.append) stores what this returns before hashing the event; the model
    refuses any event whose facts differ from it (AuditEvent.save/bulk_create)."""
    if event.detail:
        raise AuditFactError(
            "Audit events carry structured facts, not free text: `detail` holds only what "
            "events written before facts existed said."
        )
    return checked_facts(event.action, event.facts)


# --- reading -------------------------------------------------------------------------------


def is_clinical(code):
    """Whether an action's events are clinical. An action nobody declares (an old code
    since removed) counts as clinical, so nobody reads more than they may."""
    declaration = _ACTIONS.get(code)
    return declaration is None or declaration.is_clinical


def person_ids(facts, code):
    """The staff members an event's facts name, to fetch their names in one query."""
    declaration = _ACTIONS.get(code)
    if declaration is None or not facts:
        return set()
    return {
        facts[name]
        for name, kind_of_fact in declaration.facts.items()
        if isinstance(kind_of_fact, Person) and isinstance(facts.get(name), int)
    }


def describe(code, facts, people=None):
    """The event in words, from its codes: "Session 3 recorded: attended"."""
    declaration = _ACTIONS.get(code)
    if declaration is None:
        return code
    if not facts or not declaration.says:
        return declaration.words
    people = people or {}
    try:
        words = {
            name: kind_of_fact.words(facts[name], people)
            for name, kind_of_fact in declaration.facts.items()
        }
    except KeyError:
        # Facts written under an older declaration: say what the action was.
        return declaration.words
    return str(declaration.says).format(**words)


# --- the objects events name ---------------------------------------------------------------

# How the trail's "Concerning" column names the object of an event, by the model label that
# AuditEvent.object_type stores ("measures.riskflag"), in the reader's language. The models'
# own names are English and are not marked for translation (marking them would change every
# model's options, a migration each), so the words live here; audit imports no app, so the
# labels are plain strings, and a test checks that every model of the project has its words.
OBJECT_WORDS = {
    "accounts.organisation": gettext_lazy("Organisation %(id)s"),
    "accounts.site": gettext_lazy("Site %(id)s"),
    "accounts.user": gettext_lazy("Account %(id)s"),
    "accounts.trainingrecord": gettext_lazy("Training record %(id)s"),
    "accounts.invitation": gettext_lazy("Client invitation %(id)s"),
    "accounts.staffinvitation": gettext_lazy("Staff invitation %(id)s"),
    "accounts.calendarfeed": gettext_lazy("Calendar feed %(id)s"),
    "accounts.deletionrequest": gettext_lazy("Deletion request %(id)s"),
    "audit.auditevent": gettext_lazy("Audit event %(id)s"),
    "caseload.client": gettext_lazy("Client %(id)s"),
    "caseload.episode": gettext_lazy("Episode %(id)s"),
    "formulation.inventoryperson": gettext_lazy("Person in the inventory %(id)s"),
    "formulation.personversion": gettext_lazy("Inventory entry %(id)s"),
    "formulation.lifeevent": gettext_lazy("Life event %(id)s"),
    "formulation.problemarea": gettext_lazy("Problem area %(id)s"),
    "formulation.disputestagerecord": gettext_lazy("Dispute stage %(id)s"),
    "formulation.goal": gettext_lazy("Goal %(id)s"),
    "formulation.goalreview": gettext_lazy("Goal review %(id)s"),
    "formulation.formulationversion": gettext_lazy("Formulation version %(id)s"),
    "formulation.sharedecision": gettext_lazy("Sharing decision %(id)s"),
    "groups.group": gettext_lazy("Group %(id)s"),
    "groups.groupsession": gettext_lazy("Group session %(id)s"),
    "groups.groupsessiontask": gettext_lazy("Group session task %(id)s"),
    "groups.groupmember": gettext_lazy("Group member %(id)s"),
    "groups.pregroupsession": gettext_lazy("Pre-group session %(id)s"),
    "groups.membersessionrecord": gettext_lazy("Member's group session record %(id)s"),
    "groups.supervisionnote": gettext_lazy("Supervision note %(id)s"),
    "measures.measureadministration": gettext_lazy("Questionnaire %(id)s"),
    "measures.riskflag": gettext_lazy("Safety flag %(id)s"),
    "measures.questionnairedraft": gettext_lazy("Questionnaire draft %(id)s"),
    "measures.rhythmweek": gettext_lazy("Rhythm diary week %(id)s"),
    "measures.rhythmdiarydraft": gettext_lazy("Rhythm diary draft %(id)s"),
    "operations.heartbeat": gettext_lazy("Service check %(id)s"),
    "outcomes.outcomesummary": gettext_lazy("Outcome summary %(id)s"),
    "protocol.courseplan": gettext_lazy("Course %(id)s"),
    "protocol.coursestartrequest": gettext_lazy("Course start request %(id)s"),
    "protocol.intakescreen": gettext_lazy("Intake screen %(id)s"),
    "protocol.referral": gettext_lazy("Referral %(id)s"),
    "protocol.treatmentcontract": gettext_lazy("Treatment contract %(id)s"),
    "protocol.session": gettext_lazy("Session %(id)s"),
    "protocol.sessionmove": gettext_lazy("Session move %(id)s"),
    "protocol.sessiontaskrecord": gettext_lazy("Agenda task %(id)s"),
    "protocol.courseending": gettext_lazy("Course ending %(id)s"),
    "protocol.followupsession": gettext_lazy("Follow-up session %(id)s"),
    "protocol.supervisoralert": gettext_lazy("Supervisor alert %(id)s"),
    "protocol.progressnote": gettext_lazy("Progress note %(id)s"),
    "protocol.noteaddendum": gettext_lazy("Note addendum %(id)s"),
    "protocol.coursefidelity": gettext_lazy("Course fidelity %(id)s"),
    "reminders.contactpreference": gettext_lazy("Contact preference %(id)s"),
    "reminders.messagesettings": gettext_lazy("Message settings %(id)s"),
    "reminders.message": gettext_lazy("Message %(id)s"),
    "reminders.stoplink": gettext_lazy("Stop link %(id)s"),
    "worksheets.homework": gettext_lazy("Homework %(id)s"),
    "worksheets.homeworkcomment": gettext_lazy("Homework comment %(id)s"),
    "worksheets.assertivestatement": gettext_lazy("Assertive statement %(id)s"),
    "worksheets.techniquerecord": gettext_lazy("Technique record %(id)s"),
    "worksheets.relapsepreventionplan": gettext_lazy("Relapse-prevention plan %(id)s"),
}


def object_words(object_type, object_id):
    """The object of an event in words ("Safety flag 12"); a type without words (one since
    removed) is shown as stored."""
    words = OBJECT_WORDS.get(object_type)
    if words is None:
        return f"{object_type} {object_id}"
    return str(words) % {"id": object_id}
