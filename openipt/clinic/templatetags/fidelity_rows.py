"""The rows of the team fidelity page (50 courses of 13 cells) written in one pass.

As a template loop each row looked up some thirty variables and translated up to four
phrases: a third of the page's time (docs/bench.md). This tag writes the markup
`clinic/course/fidelity_team.html` wrote, the same bytes, every value escaped and every
phrase translated by the same message ids, once per page.
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from openipt.protocol.models import Stage

from .row_paths import PathOfId

register = template.Library()


@register.simple_tag
def fidelity_rows(rows):
    """One <tr> per stored course row (protocol.models.CourseFidelity, with its episode's
    client and clinician), each with the whitespace the template loop left around it."""
    words = _Words()
    return mark_safe("".join(_row(row, words) for row in rows))  # noqa: S308


class _Words:
    """The phrases every row may use, translated once per page."""

    def __init__(self):
        self.see_the_gaps = e(gettext(": see the gaps"))
        self.ended = e(gettext("(ended)"))
        self.being_updated = e(gettext("being updated"))
        self.sessions = gettext("%(recorded)s of %(planned)s")
        self.measures = gettext("%(taken)s of %(expected)s")
        self.fidelity_path = PathOfId("clinic:course_fidelity")


def _row(c, words):
    url = words.fidelity_path(c.episode_id)
    sessions = words.sessions % {
        "recorded": e(c.sessions_recorded),
        "planned": e(c.planned_sessions),
    }
    if c.stage == Stage.ENDED:
        sessions += f" {words.ended}"
    score = e(c.score_percent)
    if c.stale:
        score += f' <span class="badge">{words.being_updated}</span>'
    measures = e(c.measure_percent)
    if c.measures_expected:
        taken = words.measures % {"taken": e(c.measures_taken), "expected": e(c.measures_expected)}
        measures += f" ({taken})"
    cells = (
        f'<td class="ref"><a href="{e(url)}">{e(c.episode.client.reference)}'
        f'<span class="visually-hidden">{words.see_the_gaps}</span></a></td>',
        f"<td>{e(c.episode.clinician.display_name)}</td>",
        f"<td>{e(c.modality_name)}</td>",
        f"<td>{sessions}</td>",
        f"<td>{score}</td>",
        f"<td>{e(c.task_percent)}</td>",
        f"<td>{e(c.tasks_without_record)}</td>",
        f"<td>{e(c.tasks_late)}</td>",
        f"<td>{e(c.tasks_missing)}</td>",
        f"<td>{measures}</td>",
        f"<td>{e(c.homework_percent)}</td>",
        f"<td>{e(c.closing_percent)}</td>",
        f"<td>{e(c.attendance_percent)}</td>",
    )
    return "\n  <tr>\n" + "".join(f"    {cell}\n" for cell in cells) + "  </tr>\n  "


def e(value):
    """A value as the template wrote it: text, escaped (a number has nothing to escape)."""
    if type(value) is int:
        return str(value)
    return conditional_escape(str(value))
