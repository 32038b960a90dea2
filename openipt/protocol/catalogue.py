"""What an organisation can record, as plain data for the course rules (schedule.py).

Built from the instrument modules by readings.catalogue(); the rules never read the measures
app themselves, and tests build a Catalogue by hand.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext


@dataclass(frozen=True)
class Catalogue:
    """What the organisation can record, what replaces an instrument it cannot, and how each
    is named on pages. `offered=None` offers every code (for rules tested on their own)."""

    offered: frozenset[str] | None = None
    substitutes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    labels: Mapping[str, str] = field(default_factory=dict)
    # Code -> the codes whose questions include all of its own (the check-in's, the PHQ-9):
    # where one of those is asked, it is not asked beside it.
    covered_by: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def is_offered(self, code: str) -> bool:
        return self.offered is None or code in self.offered

    def resolve(self, codes: Iterable[str]) -> tuple[str, ...]:
        """The codes as asked here: each offered code, or its offered substitutes."""
        found = []
        for code in codes:
            if self.is_offered(code):
                found.append(code)
            else:
                found.extend(s for s in self.substitutes.get(code, ()) if self.is_offered(s))
        return tuple(dict.fromkeys(found))

    def label(self, code: str) -> str:
        return self.labels.get(code, code)

    def names(self, codes: Iterable[str]) -> str:
        """ "PHQ-9, GAD-7 and WSAS"."""
        labels = [self.label(code) for code in codes]
        if len(labels) < 2:
            return "".join(labels)
        return gettext("%(list)s and %(last)s") % {
            "list": ", ".join(labels[:-1]),
            "last": labels[-1],
        }


EVERYTHING = Catalogue()
