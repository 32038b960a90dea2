"""Homework, technique records, assertive statements and the relapse-prevention plan.

Rows are written only by worksheets/actions.py, which writes the audit event in the same
transaction. Answers are stored as JSON keyed by the definition's field names, with the
definition's version, so a later change of wording does not change what was answered.
"""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from . import definitions
from .statements import assemble


def _names_in_every_language(definition):
    names = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names.add(str(definition.name))
    return names


class HomeworkStatus(models.TextChoices):
    ASSIGNED = "assigned", _("Not started")
    DRAFT = "draft", _("Draft saved")
    SUBMITTED = "submitted", _("Submitted")


class Homework(models.Model):
    """A worksheet or a free task set by the clinician for the client to do between sessions."""

    episode = models.ForeignKey(
        "caseload.Episode", on_delete=models.PROTECT, related_name="homework"
    )
    # The episode's client, kept here so portal and caseload queries need no join.
    client = models.ForeignKey("caseload.Client", on_delete=models.PROTECT, related_name="homework")
    # Blank for a free task; otherwise a code in worksheets.definitions.WORKSHEETS.
    worksheet = models.CharField(max_length=40, blank=True)
    worksheet_version = models.CharField(max_length=10, blank=True)
    title = models.CharField(max_length=200)
    instructions = models.TextField(blank=True)
    due_on = models.DateField()
    set_in_session = models.ForeignKey(
        "protocol.Session", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=HomeworkStatus.choices, default=HomeworkStatus.ASSIGNED
    )
    answers = models.JSONField(default=dict, blank=True)
    draft_saved_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # The session it was gone over in, when it was reviewed on a session's agenda (the
    # agenda's homework review counts there, tool_records.py); empty for a review written
    # on the homework's own page, and for reviews from before this was kept.
    reviewed_in_session = models.ForeignKey(
        "protocol.Session", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The client did it on paper and brought it to a session: marked done there by the
    # clinician (actions.mark_homework_done_on_paper), with no answers typed in.
    done_on_paper = models.BooleanField(default=False)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["client", "status", "due_on"])]

    def __str__(self):
        return str(self.shown_title)

    @property
    def shown_title(self):
        """The title in the reader's language. A worksheet set without a title of its own
        stores the worksheet's name in the language of the clinician who set it; shown, that
        name follows the reader's language. A title the clinician wrote stays as written."""
        definition = self.definition
        if definition is not None and self.title in _names_in_every_language(definition):
            return definition.name
        return self.title

    @property
    def definition(self):
        return definitions.get(self.worksheet, self.worksheet_version) if self.worksheet else None

    @property
    def sheet(self):
        """The definition the client answers: the worksheet, or for a free task a one-field
        sheet for their notes."""
        return self.definition or definitions.task_sheet(self.title)

    @property
    def is_submitted(self):
        return self.status == HomeworkStatus.SUBMITTED

    def is_overdue(self, today):
        return not self.is_submitted and self.due_on < today


class HomeworkComment(models.Model):
    homework = models.ForeignKey(Homework, on_delete=models.PROTECT, related_name="comments")
    text = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class AssertiveStatement(models.Model):
    """I feel [feeling] when [situation] because [reason]. I would prefer [preference]."""

    episode = models.ForeignKey(
        "caseload.Episode", on_delete=models.PROTECT, related_name="assertive_statements"
    )
    feeling = models.CharField(max_length=200)
    situation = models.CharField(max_length=300)
    reason = models.CharField(max_length=300)
    preference = models.CharField(max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.sentence

    @property
    def sentence(self):
        return assemble(self.feeling, self.situation, self.reason, self.preference)


class TechniqueRecord(models.Model):
    """A technique used in a session (communication analysis, decision analysis, role play)."""

    episode = models.ForeignKey(
        "caseload.Episode", on_delete=models.PROTECT, related_name="technique_records"
    )
    session = models.ForeignKey("protocol.Session", on_delete=models.PROTECT, related_name="+")
    problem_area = models.ForeignKey(
        "formulation.ProblemArea", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    technique = models.CharField(max_length=40)
    technique_version = models.CharField(max_length=10)
    answers = models.JSONField(default=dict)
    # Role play: the saved assertive statement that was rehearsed, if any.
    statement = models.ForeignKey(
        AssertiveStatement, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    @property
    def definition(self):
        return definitions.get(self.technique, self.technique_version)


class RelapsePreventionPlan(models.Model):
    """The plan agreed at the end of a course; the client keeps it after the episode closes."""

    episode = models.OneToOneField(
        "caseload.Episode", on_delete=models.PROTECT, related_name="relapse_prevention_plan"
    )
    version = models.CharField(max_length=10)
    answers = models.JSONField(default=dict)
    booster_on = models.DateField(null=True, blank=True)
    # Saved half-written: not shown to the client, and not "written" for fidelity until
    # the clinician saves it finished (its required fields answered).
    is_draft = models.BooleanField(default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    @property
    def definition(self):
        return definitions.get(definitions.RELAPSE_PREVENTION, self.version)
