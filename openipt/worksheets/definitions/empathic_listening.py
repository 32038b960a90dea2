"""Empathic listening (a technique record): what the client shared and what was reflected."""

from django.utils.translation import gettext_lazy as _

from .base import TECHNIQUE, Field, Kind, Section, Worksheet

DEFINITION = Worksheet(
    code="empathic_listening",
    name=_("Empathic listening"),
    version="1",
    purpose=_(
        "Recording a stretch of the session spent mainly listening and reflecting, often "
        "in grief work: what the client told, what was reflected back, and how it landed."
    ),
    areas=("grief", "role_transition", "role_dispute", "deficits"),
    use=TECHNIQUE,
    sections=(
        Section(
            _("Listening"),
            (
                Field("person", _("Who or what it was about"), Kind.PERSON),
                Field("shared", _("What the client talked about"), Kind.LONG_TEXT, required=True),
                Field(
                    "reflected",
                    _("Feelings and meanings reflected back"),
                    Kind.LIST,
                    required=True,
                ),
            ),
        ),
        Section(
            _("How it landed"),
            (
                Field("response", _("How the client responded"), Kind.LONG_TEXT),
                Field(
                    "felt_understood",
                    _("How understood the client said they felt"),
                    Kind.RATING,
                    low=_("Not at all"),
                    high=_("Completely"),
                ),
            ),
        ),
    ),
)
