"""One page of a list and how many rows the list has in all, in one query.

Django's Paginator counts the list (one query), then reads the page (another). Here the
page's rows carry the total as a window count over every row the list's filters kept,
computed by the database before the page is cut, so a list page costs one query for both
(docs/bench.md). What the pages show is what Paginator.get_page would give them: the page
asked for, page 1 for a number that is not one, and the last page for a number past the
end or below 1 (a stale link), which alone costs the count and a second read.
"""

from django.core.paginator import Page, Paginator
from django.db.models import Count, Window

_TOTAL = "rows_in_all"


def one_page(rows, number, per_page):
    """Page `number` (as given in the query string, or None) of `rows`, a queryset in the
    list's order. Its object_list is a list."""
    paginator = Paginator(rows, per_page)
    wanted = _page_number(number)
    if wanted is not None:
        offset = (wanted - 1) * per_page
        found = list(rows.annotate(**{_TOTAL: Window(Count("pk"))})[offset : offset + per_page])
        if found or wanted == 1:
            # Paginator.count is a cached property: the page's total stands in for its query.
            paginator.count = getattr(found[0], _TOTAL) if found else 0
            return Page(found, wanted, paginator)
    page = paginator.get_page(number)
    page.object_list = list(page.object_list)
    return page


def _page_number(number):
    """The page number asked for, 1 when it is not a number (as Paginator.get_page), or
    None when it is below 1 (get_page then shows the last page)."""
    try:
        wanted = int(number)
    except (TypeError, ValueError):
        return 1
    return wanted if wanted >= 1 else None
