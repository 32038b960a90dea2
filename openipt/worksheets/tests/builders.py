"""Test data for worksheets: sessions, homework, answers, through the real actions."""

from datetime import date, datetime, timedelta

from django.utils import timezone

from openipt.protocol.models import Session
from openipt.worksheets import actions

CONVERSATION = {
    "person": "My brother",
    "issue": "Who looks after Dad at the weekends.",
    "goal": "Agree how we share looking after Dad.",
    "opening": "I'd like to talk about the weekends.",
    "their_reaction": ["He may say he is too busy", "He may get defensive"],
    "readiness": 6,
}


def session_on(episode, number, day):
    return Session.objects.create(
        episode=episode,
        number=number,
        scheduled_for=timezone.make_aware(datetime(day.year, day.month, day.day, 10)),
    )


def assign(people, worksheet="conversation_prep", due_on=None, title="", episode=None):
    return actions.assign_homework(
        people.owner,
        episode or people.episode,
        worksheet=worksheet,
        title=title,
        instructions="Bring it to the next session.",
        due_on=due_on or date.today() + timedelta(days=7),
    )
