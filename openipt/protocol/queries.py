"""Reads of courses that pages repeat: an episode's course with its facts and fidelity,
its latest intake screen, a session about to change, the latest supervisor alert."""

from dataclasses import dataclass

from . import modalities, readings, schedule
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


@dataclass(frozen=True)
class MeasurePlan:
    """The measures a course of one modality uses here, for the start form and course page."""

    modality: object
    lines: list
    # (name of an instrument not offered here, names of what is asked instead or "")
    replaced: list


def measure_plan(modality, organisation, catalogue=None):
    catalogue = catalogue or readings.catalogue()
    lines = [
        (line.when, catalogue.names(line.codes))
        for line in schedule.measure_plan(modality, catalogue, organisation.start_end_measures)
    ]
    replaced = [
        (catalogue.label(code), catalogue.names(instead))
        for code, instead in schedule.replaced(modality, catalogue)
    ]
    return MeasurePlan(modality, lines, replaced)


def measure_plans(organisation):
    """A MeasurePlan for every shipped modality, in registry order."""
    catalogue = readings.catalogue()
    return [measure_plan(m, organisation, catalogue) for m in modalities.SHIPPED]
