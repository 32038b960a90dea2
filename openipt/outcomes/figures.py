"""The service's outcome figures, counted from outcome summaries.

Each figure names the date that places an episode in a period, the episodes it is counted
over (its denominator) and, for a rate, those among them it counts (its numerator). The
definitions follow NHS Talking Therapies (NHS Digital's publications); docs/outcomes.md,
"The outcome dashboard", states every numerator and denominator in words with its source.
A cell counted over fewer than SUPPRESS_BELOW episodes is suppressed, so no small group
of clients can be recognised from it.

Every figure of any number of periods is counted in two queries (`count`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Q, Sum
from django.utils import formats
from django.utils.translation import gettext, gettext_lazy

from .periods import quarter_from_number, quarter_of

# A cell counted over 1 to 4 episodes shows no number (0 shows: it names nobody).
SUPPRESS_BELOW = 5
# NHS Talking Therapies waiting time standards: the first treatment session within 6 weeks
# (42 days) of referral for 75% of those who finish a course, within 18 weeks for 95%.
SIX_WEEKS, EIGHTEEN_WEEKS = 42, 126

ACTIVITY = gettext_lazy("Activity and waiting")
NHS_OUTCOMES = gettext_lazy("Outcomes (NHS Talking Therapies measures)")
EXTRA = gettext_lazy("Extra figures (not NHS measures)")
SECTIONS = (ACTIVITY, NHS_OUTCOMES, EXTRA)

COUNT, RATE, MEAN = "count", "rate", "mean"

FINISHED = Q(finished_course=True)
CASE_AT_START = FINISHED & Q(case_at_start=True)


@dataclass(frozen=True)
class Figure:
    key: str
    name: str
    section: str
    kind: str
    # The summary's date that places an episode in a period.
    when: str
    # The episodes the figure is counted over (besides the date), and for a rate those
    # among them it counts.
    over: Q
    counts: Q | None = None
    # The published standard, as a percentage, when there is one.
    standard: int | None = None
    # The episodes behind the figure, in words (the page and the CSV say them).
    numerator_words: str = ""
    denominator_words: str = ""


FIGURES = (
    Figure(
        "referrals",
        gettext_lazy("Referrals"),
        ACTIVITY,
        COUNT,
        "referred_on",
        Q(),
        denominator_words=gettext_lazy("episodes opened (referrals received) in the period"),
    ),
    Figure(
        "entered_treatment",
        gettext_lazy("Entered treatment"),
        ACTIVITY,
        COUNT,
        "first_treatment_on",
        Q(),
        denominator_words=gettext_lazy("episodes whose first attended session was in the period"),
    ),
    Figure(
        "finished_courses",
        gettext_lazy("Finished a course of treatment"),
        ACTIVITY,
        COUNT,
        "ended_on",
        FINISHED,
        denominator_words=gettext_lazy(
            "courses that ended in the period with at least 2 attended sessions"
        ),
    ),
    Figure(
        "mean_attended",
        gettext_lazy("Mean attended sessions"),
        ACTIVITY,
        MEAN,
        "ended_on",
        FINISHED,
        numerator_words=gettext_lazy("attended sessions of those courses"),
        denominator_words=gettext_lazy("courses finished in the period"),
    ),
    Figure(
        "dropped_out",
        gettext_lazy("Dropped out"),
        ACTIVITY,
        RATE,
        "ended_on",
        Q(attended_sessions__gte=1),
        Q(end_reason="dropped_out"),
        numerator_words=gettext_lazy("ended with the reason 'dropped out after missed sessions'"),
        denominator_words=gettext_lazy(
            "courses that ended in the period after at least 1 attended session"
        ),
    ),
    Figure(
        "waited_6_weeks",
        gettext_lazy("First session within 6 weeks of referral"),
        ACTIVITY,
        RATE,
        "ended_on",
        FINISHED,
        Q(waiting_days__lte=SIX_WEEKS),
        standard=75,
        numerator_words=gettext_lazy("first attended session at most 42 days after the referral"),
        denominator_words=gettext_lazy("courses finished in the period"),
    ),
    Figure(
        "waited_18_weeks",
        gettext_lazy("First session within 18 weeks of referral"),
        ACTIVITY,
        RATE,
        "ended_on",
        FINISHED,
        Q(waiting_days__lte=EIGHTEEN_WEEKS),
        standard=95,
        numerator_words=gettext_lazy("first attended session at most 126 days after the referral"),
        denominator_words=gettext_lazy("courses finished in the period"),
    ),
    Figure(
        "paired_scores",
        gettext_lazy("Paired scores"),
        NHS_OUTCOMES,
        RATE,
        "ended_on",
        FINISHED,
        Q(has_pairs=True),
        numerator_words=gettext_lazy("with a first and a last PHQ-9 or GAD-7"),
        denominator_words=gettext_lazy("courses finished in the period"),
    ),
    Figure(
        "recovery",
        gettext_lazy("Recovery"),
        NHS_OUTCOMES,
        RATE,
        "ended_on",
        CASE_AT_START,
        Q(recovery=True),
        standard=50,
        numerator_words=gettext_lazy("not a case at the last scores"),
        denominator_words=gettext_lazy("courses finished in the period that started at caseness"),
    ),
    Figure(
        "reliable_improvement",
        gettext_lazy("Reliable improvement"),
        NHS_OUTCOMES,
        RATE,
        "ended_on",
        FINISHED,
        Q(reliable_improvement=True),
        numerator_words=gettext_lazy("reliably improved"),
        denominator_words=gettext_lazy("courses finished in the period"),
    ),
    Figure(
        "reliable_recovery",
        gettext_lazy("Reliable recovery"),
        NHS_OUTCOMES,
        RATE,
        "ended_on",
        CASE_AT_START,
        Q(reliable_recovery=True),
        numerator_words=gettext_lazy("recovered and reliably improved"),
        denominator_words=gettext_lazy("courses finished in the period that started at caseness"),
    ),
    Figure(
        "reliable_deterioration",
        gettext_lazy("Reliable deterioration"),
        NHS_OUTCOMES,
        RATE,
        "ended_on",
        FINISHED,
        Q(reliable_deterioration=True),
        numerator_words=gettext_lazy("reliably deteriorated"),
        denominator_words=gettext_lazy("courses finished in the period"),
    ),
    Figure(
        "response",
        gettext_lazy("Response (PHQ-9 down by half or more)"),
        EXTRA,
        RATE,
        "ended_on",
        FINISHED & Q(response__isnull=False),
        Q(response=True),
        numerator_words=gettext_lazy("PHQ-9 fell by at least half of the first score"),
        denominator_words=gettext_lazy(
            "courses finished in the period with a first PHQ-9 above 0 and a last"
        ),
    ),
    Figure(
        "remission",
        gettext_lazy("Remission (last PHQ-9 below 5)"),
        EXTRA,
        RATE,
        "ended_on",
        FINISHED & Q(remission__isnull=False),
        Q(remission=True),
        numerator_words=gettext_lazy("last PHQ-9 below 5"),
        denominator_words=gettext_lazy(
            "courses finished in the period with a first and a last PHQ-9"
        ),
    ),
)
BY_KEY = {figure.key: figure for figure in FIGURES}
# The rates drawn in the quarterly trend.
TREND_FIGURES = ("recovery", "reliable_improvement", "reliable_recovery")
# The trend's table also shows how many courses finished and how many deteriorated.
TREND_TABLE_FIGURES = ("finished_courses", *TREND_FIGURES, "reliable_deterioration")


@dataclass(frozen=True)
class Cell:
    """One figure over one period: how many episodes it is counted over, how many it counts
    (or the sum a mean divides), and the value, unless suppressed."""

    kind: str
    denominator: int
    numerator: int | None = None

    def __add__(self, other):
        numerator = None if self.numerator is None else self.numerator + other.numerator
        return Cell(self.kind, self.denominator + other.denominator, numerator)

    @property
    def suppressed(self):
        return 0 < self.denominator < SUPPRESS_BELOW

    @property
    def empty(self):
        return self.denominator == 0

    @property
    def value(self):
        """The count, the percentage or the mean; None when suppressed or over nobody."""
        if self.suppressed or (self.empty and self.kind != COUNT):
            return None
        if self.kind == COUNT:
            return self.denominator
        share = self.numerator / self.denominator
        return 100 * share if self.kind == RATE else share

    @property
    def shown(self):
        """The cell in words, as the page and the CSV show it."""
        if self.suppressed:
            return gettext("fewer than 5 episodes")
        if self.kind == COUNT:
            return str(self.denominator)
        if self.empty:
            return gettext("no episodes")
        if self.kind == MEAN:
            return gettext("%(mean)s (over %(count)s)") % {
                # Rounded as before, then written with the language's decimal mark.
                "mean": formats.number_format(f"{self.value:.1f}", 1),
                "count": self.denominator,
            }
        return gettext("%(percent)s%% (%(numerator)s of %(denominator)s)") % {
            "percent": f"{self.value:.0f}",
            "numerator": self.numerator,
            "denominator": self.denominator,
        }


def in_period(figure, period):
    return Q(**{f"{figure.when}__gte": period.start, f"{figure.when}__lte": period.end})


def count(summaries, periods, *, trend=(), checks=None):
    """{(figure key, period key): Cell} for every figure over every period (quarters or
    years), and for the figures placed by the course end date over the `trend` quarters
    too, in two queries: the figures placed by the course end date, grouped by the
    quarter the course ended in (a period's cell is the sum of its quarters': every cell
    is a count or a sum); then the others, each a conditional count. `checks` ({name: Q})
    are counted over the summaries of courses that ended in those quarters and returned
    under their names."""
    quarters = sorted(
        {q.key: q for period in (*periods, *trend) for q in quarters_of(period)}.values(),
        key=lambda q: q.start,
    )
    ended = [figure for figure in FIGURES if figure.when == "ended_on"]
    others = [figure for figure in FIGURES if figure.when != "ended_on"]
    found = _by_quarter(summaries, ended, quarters, checks or {})
    cells = {
        name: sum(row.get(f"check_{name}", 0) for row in found.values()) for name in checks or {}
    }
    for figure in ended:
        for period in (*periods, *trend):
            cells[figure.key, period.key] = sum(
                (_cell(figure, found.get(q.key, {})) for q in quarters_of(period)),
                start=Cell(figure.kind, 0, None if figure.kind == COUNT else 0),
            )
    cells.update(_conditional(summaries, others, periods))
    return cells


def quarters_of(period):
    """The quarters a period is made of, oldest first."""
    found = [quarter_of(period.start)]
    while found[-1].end < period.end:
        found.append(quarter_of(found[-1].end + timedelta(days=1)))
    return found


def _by_quarter(summaries, figures, quarters, checks):
    expressions = {f"check_{name}": Count("pk", filter=q) for name, q in checks.items()}
    for figure in figures:
        expressions.update(_expressions(figure, figure.over))
    rows = (
        summaries.filter(ended_on__gte=quarters[0].start, ended_on__lte=quarters[-1].end)
        .order_by()
        .values("ended_quarter")
        .annotate(**expressions)
    )
    return {quarter_from_number(row["ended_quarter"]).key: row for row in rows}


def _conditional(summaries, figures, periods):
    expressions = {}
    for figure in figures:
        for index, period in enumerate(periods):
            over = in_period(figure, period) & figure.over
            expressions.update(_expressions(figure, over, f"_{index}"))
    counted = summaries.filter(_any_date_within(figures, periods)).aggregate(**expressions)
    return {
        (figure.key, period.key): _cell(figure, counted, f"_{index}")
        for figure in figures
        for index, period in enumerate(periods)
    }


def _expressions(figure, over, suffix=""):
    found = {f"d_{figure.key}{suffix}": Count("pk", filter=over)}
    if figure.kind == RATE:
        found[f"n_{figure.key}{suffix}"] = Count("pk", filter=over & figure.counts)
    elif figure.kind == MEAN:
        found[f"n_{figure.key}{suffix}"] = Sum("attended_sessions", filter=over)
    return found


def _cell(figure, counted, suffix=""):
    numerator = counted.get(f"n_{figure.key}{suffix}")
    return Cell(
        figure.kind,
        counted.get(f"d_{figure.key}{suffix}") or 0,
        None if figure.kind == COUNT else (numerator or 0),
    )


def _any_date_within(figures, periods):
    """Only rows with one of the figures' dates somewhere in the periods are read."""
    start = min(period.start for period in periods)
    end = max(period.end for period in periods)
    found = Q(pk__in=[])
    for field in dict.fromkeys(figure.when for figure in figures):
        found |= Q(**{f"{field}__gte": start, f"{field}__lte": end})
    return found
