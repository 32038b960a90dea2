"""Template rules the axe scan only catches when a table actually overflows (on a
phone): every scrolling table wrapper must be a named, keyboard-reachable region."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "openipt"


def test_scrolling_tables_are_named_keyboard_reachable_regions():
    offenders = []
    for template in TEMPLATES.rglob("templates/**/*.html"):
        for tag in re.findall(r"<div class=\"table-scroll\"[^>]*>", template.read_text()):
            if not all(part in tag for part in ('role="region"', "aria-label=", 'tabindex="0"')):
                offenders.append(f"{template.relative_to(TEMPLATES)}: {tag}")
    assert offenders == []
