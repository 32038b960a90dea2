"""What the formulation pages share: the layout under "clinic/formulation/", SVG markup
from the formulation app's own builders, and the POST-only guard."""

from django.http import HttpResponseNotAllowed
from django.utils.safestring import mark_safe

from openipt.formulation import queries

from .pages import render_episode_page


def formulation_page(request, template, episode, *, action, **context):
    """A formulation page, audited as `action` (formulation/audit_events.py)."""
    return render_episode_page(
        request, f"clinic/formulation/{template}", episode, action=action, **context
    )


def svg(markup):
    # The SVG builders (formulation/maps.py, timeline.py) escape every piece of text.
    return mark_safe(markup)  # noqa: S308


def support_map_markup(episode, people, **options):
    options.setdefault("centre_label", episode.client.given_name)
    return svg(queries.support_map_svg(people, **options))


def refuse_unless_post(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None
