"""The benchmark's seed and pages still work with the code they measure.

`make bench` is not part of `make test`, so a change to a model (a field that became a
translated, lazy default; a new required column) could break the seed, or a page's
bench URL, unseen until someone next measured. This seeds a tiny organisation the way
the bench does and requests every bench page once, as the bench does before timing it.
It times nothing (docs/bench.md holds the figures).
"""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.cast import BENCH_ORGANISATION, find_cast  # noqa: E402 (needs the root on the path)
from bench.database import _rebuild_derived_data  # noqa: E402
from bench.groups import ensure_group  # noqa: E402
from bench.measure import _check_rows, _get, _signed_in_browser  # noqa: E402
from bench.pages import main_pages  # noqa: E402
from bench.scale import Scale  # noqa: E402
from bench.seed import seed_organisation  # noqa: E402
from openipt.accounts.models import Organisation  # noqa: E402
from openipt.worksheets.models import Homework  # noqa: E402

# 200 clients: 4 clinicians, so one is the counsellor who facilitates the bench group.
TINY = Scale(clients=200, episodes=240, sessions=600, records=300)


def _quiet(*_args, **_kwargs):
    pass


@pytest.fixture
def bench_cast(db):
    counts, _ = seed_organisation(TINY, say=_quiet)
    assert counts["accounts.User"] > 0
    _rebuild_derived_data(_quiet)
    ensure_group(Organisation.objects.get(slug=BENCH_ORGANISATION), say=_quiet)
    return find_cast()


def test_every_bench_page_answers_with_the_rows_it_claims(bench_cast):
    # One test, because seeding is the slow part (several seconds).
    titles = list(Homework.objects.values_list("title", flat=True))
    assert titles
    assert all(isinstance(title, str) and title for title in titles)
    pages = main_pages(bench_cast)
    assert len(pages) > 10
    for page in pages:
        response = _get(_signed_in_browser(page.viewer), page)
        _check_rows(page, response)
