"""{% episode_formulation episode %}: the support map and links on the episode page.

The episode page is already behind the VIEW_CLINICAL gate and audited as viewed; this tag
only adds the picture, so that page needs no change in its view.
"""

from django import template
from django.utils.safestring import mark_safe

from openipt.formulation import queries

register = template.Library()


@register.inclusion_tag("clinic/formulation/_episode_section.html")
def episode_formulation(episode):
    people = queries.people_of(episode)
    svg = queries.support_map_svg(
        people, centre_label=episode.client.given_name, id_prefix="episode-map"
    )
    return {
        "episode": episode,
        "people": people,
        # maps.py escapes every piece of text it draws.
        "support_map": mark_safe(svg),  # noqa: S308
        "rows": queries.versions_by_circle(people),
    }
