"""Reads of courses that pages repeat: an episode's course with its facts and fidelity,
its latest intake screen, a session about to change, the latest supervisor alert."""

from .fidelity import load_courses
from .models import CoursePlan, Session


def latest_intake(episode):
    return episode.intake_screens.order_by("-screened_on", "-id").first()


def load_course(episode):
    """The episode's course (plan, facts and fidelity) or None, in a fixed number of queries."""
    found = load_courses(CoursePlan.objects.filter(episode=episode))
    return found[0] if found else None


def plan_of(episode):
    return CoursePlan.objects.filter(episode=episode).first()


def has_course(episode):
    return CoursePlan.objects.filter(episode=episode).exists()


def session_to_change(session):
    """A fresh copy of a session with its episode and client, for an action to change."""
    return Session.objects.select_related("episode__client").get(pk=session.pk)


def latest_supervisor_alert(episode):
    return episode.supervisor_alerts.select_related("supervisor").first()
