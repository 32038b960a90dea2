"""The IPT case made visible: the interpersonal inventory, the timeline, the problem
areas with their goals, and the written formulation.

Everything that records a clinical judgement at a point in time is append-only: a
person's details, a dispute's stage, a goal's status, a formulation's text and what was
shared with the client are each a new row, never an edit of an old one. Rows are written
only by formulation/actions.py, which writes the audit event in the same transaction.
"""

from django.conf import settings
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from openipt.caseload.models import ERASED_TEXT


class AppendOnlyError(Exception):
    """Raised on an attempt to change a row that records history."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("History rows cannot be changed; add a new one.")

    def erase_text(self, **emptied):
        """The one change a history row allows: erasing its free text when the client's
        record is erased (formulation/erasure.py). Only text fields, only to empty values."""
        fields = {field.name: field for field in self.model._meta.get_fields()}
        for name, value in emptied.items():
            if not isinstance(fields.get(name), models.CharField | models.TextField):
                raise AppendOnlyError(f"{name} is not a text field of {self.model.__name__}.")
            if value not in ("", ERASED_TEXT):
                raise AppendOnlyError("Erasing sets text to nothing, never to new words.")
        return super().update(**emptied)


class AppendOnly(models.Model):
    """A history row: written once, never changed."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("History rows cannot be changed; add a new one.")
        super().save(*args, **kwargs)


def _session_link():
    return models.ForeignKey(
        "protocol.Session", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )


def _recorded_by():
    return models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")


# --- interpersonal inventory ------------------------------------------------------------


class Relationship(models.TextChoices):
    PARTNER = "partner", _("Partner")
    PARENT = "parent", _("Parent")
    CHILD = "child", _("Child")
    SIBLING = "sibling", _("Brother or sister")
    FRIEND = "friend", _("Friend")
    COLLEAGUE = "colleague", _("Colleague")
    DECEASED = "deceased", _("Someone who has died")
    PROFESSIONAL = "professional", _("Professional or helper")
    OTHER = "other", _("Other")


class Circle(models.TextChoices):
    INNER = "inner", _("Inner circle (closest, most trusted)")
    MIDDLE = "middle", _("Middle circle (friends and acquaintances)")
    OUTER = "outer", _("Outer circle (helpers and community contacts)")


CIRCLE_ORDER = (Circle.INNER, Circle.MIDDLE, Circle.OUTER)
CIRCLE_NAMES = {
    Circle.INNER: _("Inner"),
    Circle.MIDDLE: _("Middle"),
    Circle.OUTER: _("Outer"),
}


class Contact(models.TextChoices):
    DAILY = "daily", _("Every day or most days")
    WEEKLY = "weekly", _("About weekly")
    MONTHLY = "monthly", _("About monthly")
    RARELY = "rarely", _("A few times a year or less")
    NONE = "none", _("No contact now")


class Quality(models.TextChoices):
    SUPPORTIVE = "supportive", _("Supportive")
    CONFLICTUAL = "conflictual", _("Conflictual")
    BOTH = "both", _("Both supportive and conflictual")
    NEITHER = "neither", _("Neither")


class InventoryPerson(models.Model):
    """The stable identity of one important person; what is known about them lives in
    their versions, so the start and end of the course can be compared."""

    episode = models.ForeignKey(
        "caseload.Episode", on_delete=models.PROTECT, related_name="inventory_people"
    )
    created_by = _recorded_by()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"Inventory person {self.pk}"


class PersonVersion(AppendOnly):
    """What the client said about a person at one point of the course."""

    person = models.ForeignKey(InventoryPerson, on_delete=models.PROTECT, related_name="versions")
    recorded_on = models.DateField()
    session = _session_link()
    label = models.CharField(max_length=60)
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    circle = models.CharField(max_length=10, choices=Circle.choices)
    contact = models.CharField(max_length=10, choices=Contact.choices)
    quality = models.CharField(max_length=12, choices=Quality.choices)
    # How much the relationship troubles the client and how much it matters to them, each
    # 0-10 in the client's own rating; shown when choosing the focus (problem areas).
    distress = models.PositiveSmallIntegerField(null=True, blank=True)
    importance = models.PositiveSmallIntegerField(null=True, blank=True)
    satisfying = models.TextField(blank=True)
    unsatisfying = models.TextField(blank=True)
    client_expects = models.TextField(blank=True)
    they_expect = models.TextField(blank=True)
    would_change = models.TextField(blank=True)
    recorded_by = _recorded_by()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_on", "id"]

    def __str__(self):
        return f"{self.label} on {self.recorded_on:%d %b %Y}"

    @property
    def is_deceased(self):
        return self.relationship == Relationship.DECEASED

    @property
    def circle_name(self):
        return CIRCLE_NAMES[self.circle]

    @property
    def is_conflictual(self):
        return self.quality in (Quality.CONFLICTUAL, Quality.BOTH)


# --- timeline ---------------------------------------------------------------------------


class EventKind(models.TextChoices):
    DEATH = "death", _("Death of someone close")
    DISPUTE = "dispute", _("Dispute or conflict")
    LIFE_CHANGE = "life_change", _("Life change")
    ISOLATION = "isolation", _("Isolation or loneliness")
    OTHER = "other", _("Other event")
    ONSET = "onset", _("Low mood started")
    WORSENING = "worsening", _("Low mood got worse")
    EASING = "easing", _("Low mood eased")


SYMPTOM_KINDS = (EventKind.ONSET, EventKind.WORSENING, EventKind.EASING)


class LifeEvent(models.Model):
    """One point on the timeline: a life event or a change in mood.

    `approximate` means only the month is known; `occurred_on` is then the 1st.
    Removing an event keeps the row (removed_at) so earlier decisions stay explicable.
    """

    episode = models.ForeignKey(
        "caseload.Episode", on_delete=models.PROTECT, related_name="life_events"
    )
    kind = models.CharField(max_length=12, choices=EventKind.choices)
    occurred_on = models.DateField()
    approximate = models.BooleanField(default=False)
    # Expected, not yet happened (a move, a birth, a retirement): the only events whose date
    # may lie ahead (openipt.dates.ANTICIPATED).
    anticipated = models.BooleanField(default=False)
    person = models.ForeignKey(
        InventoryPerson, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    note = models.CharField(max_length=300, blank=True)
    recorded_by = _recorded_by()
    created_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["occurred_on", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.when})"

    @property
    def when(self):
        day = self.occurred_on
        # Month names in the reader's language (Django's locale formats, never strftime).
        return date_format(day, "F Y") if self.approximate else date_format(day, "j F Y")

    @property
    def is_symptom_point(self):
        return self.kind in SYMPTOM_KINDS


# --- problem areas, goals, strategies ---------------------------------------------------


class Area(models.TextChoices):
    GRIEF = "grief", _("Grief")
    ROLE_DISPUTE = "role_dispute", _("Role dispute")
    ROLE_TRANSITION = "role_transition", _("Role transition")
    DEFICITS = "deficits", _("Interpersonal deficits")


MAX_ACTIVE_AREAS = 2


class GriefKind(models.TextChoices):
    """How the grief runs (docs/formulation.md, "Grief"): the clinician's judgement."""

    UNCOMPLICATED = "uncomplicated", _("Uncomplicated: painful, but the mourning is moving on")
    COMPLICATED = "complicated", _("Complicated: stuck, intense or lasting well beyond the usual")
    DELAYED = "delayed", _("Delayed or absent: little grief shown at the time, coming up now")


class Loss(models.TextChoices):
    """What was lost. Only a death is grief unless the organisation counts the others too
    (Organisation.non_death_losses_as_grief); otherwise they are role transitions."""

    DEATH = "death", _("A death")
    RELATIONSHIP_ENDED = "relationship_ended", _("A relationship that ended (a break-up)")
    DIVORCE = "divorce", _("A separation or divorce")
    HEALTH = "health", _("Loss of health")
    HOME = "home", _("Loss of a home")


class ProblemArea(models.Model):
    """A problem area chosen for the episode, with what decision support proposed at the
    time and the reasons it showed (kept as shown, even if the facts change later)."""

    episode = models.ForeignKey(
        "caseload.Episode", on_delete=models.PROTECT, related_name="problem_areas"
    )
    area = models.CharField(max_length=20, choices=Area.choices)
    chosen_on = models.DateField()
    chosen_by = _recorded_by()
    proposed_areas = models.JSONField(default=list, blank=True)
    reasons_shown = models.JSONField(default=list, blank=True)
    followed_proposal = models.BooleanField(default=False)
    # Area-specific details (only the fields of the chosen area are used).
    other_party = models.ForeignKey(
        InventoryPerson, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    deceased_person = models.ForeignKey(
        InventoryPerson, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    date_of_death = models.DateField(null=True, blank=True)
    loss = models.CharField(max_length=20, choices=Loss.choices, default=Loss.DEATH)
    grief_kind = models.CharField(max_length=15, choices=GriefKind.choices, blank=True)
    old_role = models.CharField(max_length=200, blank=True)
    new_role = models.CharField(max_length=200, blank=True)
    losses = models.TextField(blank=True)
    gains = models.TextField(blank=True)
    isolation_pattern = models.TextField(blank=True)
    # Strategy keys (formulation/strategies.py) the clinician plans to use in sessions.
    planned_strategies = models.JSONField(default=list, blank=True)
    set_aside_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.get_area_display()

    @property
    def is_active(self):
        return self.set_aside_at is None


class DisputeStage(models.TextChoices):
    RENEGOTIATION = "renegotiation", _("Renegotiation (still talking it through)")
    IMPASSE = "impasse", _("Impasse (stopped talking about it)")
    DISSOLUTION = "dissolution", _("Dissolution (one or both want to end it)")


class DisputeStageRecord(AppendOnly):
    problem_area = models.ForeignKey(
        ProblemArea, on_delete=models.PROTECT, related_name="stage_records"
    )
    stage = models.CharField(max_length=15, choices=DisputeStage.choices)
    recorded_on = models.DateField()
    session = _session_link()
    note = models.CharField(max_length=300, blank=True)
    recorded_by = _recorded_by()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_on", "id"]


class GoalStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    ACHIEVED = "achieved", _("Achieved")


class Goal(models.Model):
    """A goal in the client's own words, for one problem area."""

    problem_area = models.ForeignKey(ProblemArea, on_delete=models.PROTECT, related_name="goals")
    text = models.CharField(max_length=300)
    created_by = _recorded_by()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text


class GoalReview(AppendOnly):
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="reviews")
    status = models.CharField(max_length=12, choices=GoalStatus.choices)
    reviewed_on = models.DateField()
    session = _session_link()
    note = models.CharField(max_length=300, blank=True)
    recorded_by = _recorded_by()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reviewed_on", "id"]


# --- the written formulation and what is shared -----------------------------------------


class FormulationVersion(AppendOnly):
    episode = models.ForeignKey(
        "caseload.Episode", on_delete=models.PROTECT, related_name="formulation_versions"
    )
    text = models.TextField()
    written_by = _recorded_by()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"Formulation version {self.pk}"


class Shareable(models.TextChoices):
    FORMULATION = "formulation", _("Formulation")
    SUPPORT_MAP = "support_map", _("Support map")


class ShareDecision(AppendOnly):
    """Sharing with the client, or stopping sharing; the latest decision per item holds.

    For the formulation, `version` is the version the client sees.
    """

    episode = models.ForeignKey(
        "caseload.Episode", on_delete=models.PROTECT, related_name="share_decisions"
    )
    item = models.CharField(max_length=12, choices=Shareable.choices)
    shared = models.BooleanField()
    version = models.ForeignKey(
        FormulationVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = _recorded_by()
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_at", "id"]
