"""Conversation preparation: planning a conversation that matters before having it."""

from django.utils.translation import gettext_lazy as _

from .base import Field, Kind, Section, Worksheet

DEFINITION = Worksheet(
    code="conversation_prep",
    name=_("Conversation preparation"),
    version="2",
    purpose=_(
        "Thinking a difficult conversation through beforehand: what you want from it, "
        "how you will start, and how you might handle the other person's reaction."
    ),
    areas=("role_dispute", "role_transition", "deficits", "grief"),
    sections=(
        Section(
            _("The conversation"),
            (
                Field("person", _("Who will you talk to?"), Kind.PERSON, required=True),
                Field(
                    "issue",
                    _("What is the matter you want to talk about?"),
                    Kind.LONG_TEXT,
                    required=True,
                ),
                Field(
                    "my_feeling",
                    _("How do you feel about it, and what makes you feel that way?"),
                    Kind.LONG_TEXT,
                ),
                Field(
                    "goal",
                    _("What would you like to come out of it?"),
                    Kind.LONG_TEXT,
                    required=True,
                ),
                Field("when_where", _("When and where could you have it?"), Kind.SHORT_TEXT),
            ),
        ),
        Section(
            _("Your words"),
            (
                Field(
                    "opening",
                    _("How you could open the conversation"),
                    Kind.LONG_TEXT,
                    required=True,
                ),
                Field(
                    "their_needs",
                    _("What might the other person be feeling, and what might they need?"),
                    Kind.LONG_TEXT,
                ),
                Field("their_reaction", _("How they might react"), Kind.LIST),
                Field("my_response", _("What you could say if that happens"), Kind.LIST),
            ),
        ),
        Section(
            _("Readiness"),
            (
                Field(
                    "readiness",
                    _("How ready do you feel to have this conversation?"),
                    Kind.RATING,
                    low=_("Not ready"),
                    high=_("Completely ready"),
                ),
            ),
        ),
    ),
)
