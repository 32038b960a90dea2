"""The rows of the client lists (the caseload and the client lists) written in one pass.

As a template loop each row looked up some forty variables, included two small templates
and translated up to six phrases: a third of the caseload's time (docs/bench.md). This tag
writes the markup `clinic/_client_rows.html` wrote, the same bytes, with every value
escaped and every phrase translated by the same message ids; the headers are translated
once per page.
"""

from django import template
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext, ngettext, pgettext

from .row_paths import PathOfId

register = template.Library()


@register.simple_tag
def client_rows(clients, show_next, *headers):
    """One <tr> per client, each preceded and followed by the whitespace the template loop
    left, so the page is byte for byte what it was. `headers` are the column headings
    (reference, name, site, clinician, open episode, next appointment), already
    translated: they are the cells' data-label for narrow screens."""
    names = ("reference", "name", "site", "clinician", "open", "next")
    labels = {name: e(text) for name, text in zip(names, headers, strict=True)}
    words = _Words()
    return mark_safe("".join(_row(client, show_next, labels, words) for client in clients))  # noqa: S308


class _Words:
    """The phrases every row may use, translated once per page."""

    def __init__(self):
        self.no_open_episode = conditional_escape(pgettext("no open episode", "none"))
        self.none_booked = conditional_escape(gettext("none booked"))
        self.since = gettext("since %(opened)s (%(clinician)s)")
        self.mania = gettext("Mania screen positive (%(name)s %(total)s)")
        self.session = gettext("%(when)s (session %(number)s)")
        self.follow_up = gettext("Booster or maintenance, %(when)s")
        self.client_path = PathOfId("clinic:client")


def _row(client, show_next, labels, words):
    url = words.client_path(client.pk)
    next_cell = _next_cell(client, labels, words) if show_next else ""
    return (
        "\n    <tr>\n"
        f'      <td class="ref" data-label="{labels["reference"]}"><a href="{e(url)}">'
        f"{e(client.reference)}</a></td>\n"
        f'      <td data-label="{labels["name"]}">{e(client.full_name)} '
        f"{_badges(client, words)}</td>\n"
        f'      <td data-label="{labels["site"]}">{e(client.site.name)}</td>\n'
        f'      <td data-label="{labels["clinician"]}">{e(client.clinician.display_name)}</td>\n'
        f'      <td data-label="{labels["open"]}">{_open_episodes(client, words)}</td>\n'
        f"      {next_cell}\n"
        "    </tr>\n  "
    )


def _badges(client, words):
    # The overdue homework badge was an included template: its line breaks stay.
    parts = ["\n"]
    overdue = getattr(client, "overdue_homework", None)
    if overdue:
        text = ngettext("%(overdue)s overdue homework", "%(overdue)s overdue homework", overdue) % {
            "overdue": e(overdue)
        }
        parts.append(f'<span class="badge badge-overdue">{text}</span>')
    parts.append("\n")
    steps = getattr(client, "overdue_steps", None)
    if steps:
        text = ngettext(
            "%(steps)s course step overdue", "%(steps)s course steps overdue", steps
        ) % {"steps": e(steps)}
        parts.append(f' <span class="badge badge-overdue">{text}</span>')
    due = getattr(client, "measures_due", None)
    if due:  # also an included template
        badges = "".join(f'<span class="badge badge-due">{e(item.summary)}</span>' for item in due)
        parts.append(f" \n{badges}\n")
    for screen in getattr(client, "alert_screens", ()):
        text = words.mania % {"name": e(screen.name), "total": e(screen.total)}
        parts.append(f' <span class="badge badge-mania">{text}</span>')
    for marker in getattr(client, "risk_markers", ()):
        parts.append(f' <span class="badge badge-risk">{e(marker.text)}</span>')
    return "".join(parts)


def _open_episodes(client, words):
    if not client.open_episodes:
        return f'<span class="empty">{words.no_open_episode}</span>'
    return "; ".join(
        words.since
        % {
            "opened": e(date_format(episode.opened_on, "j M Y")),
            "clinician": e(episode.clinician.display_name),
        }
        for episode in client.open_episodes
    )


def _next_cell(client, labels, words):
    if client.next_appointment:
        url = reverse(
            "clinic:course_session", args=[client.next_session_episode, client.next_session_number]
        )
        when = date_format(template_localtime(client.next_appointment), "D j M, H:i")
        text = words.session % {"when": e(when), "number": e(client.next_session_number)}
        cell = f'<a href="{e(url)}">{text}</a>'
    else:
        cell = f'<span class="empty">{words.none_booked}</span>'
    if client.next_follow_up:
        ids = [client.next_follow_up_episode, client.next_follow_up_id]
        url = reverse("clinic:course_follow_up", args=ids)
        text = words.follow_up % {"when": e(date_format(client.next_follow_up, "D j M"))}
        cell += f'<br><a href="{e(url)}">{text}</a>'
    return f'<td data-label="{labels["next"]}">{cell}</td>'


def e(value):
    """A value as the template wrote it: text, escaped (a number has nothing to escape)."""
    if type(value) is int:
        return str(value)
    return conditional_escape(str(value))
