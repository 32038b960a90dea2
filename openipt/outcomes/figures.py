"""The service's outcome figures, counted from outcome summaries.

Each figure names the date that places an episode in a period, the episodes it is counted
over (its denominator) and, for a rate, those among them it counts (its numerator). The
definitions follow NHS Talking Therapies (NHS Digital's publications); docs/outcomes.md,
"The outcome dashboard", states every numerator and denominator in words with its source.
A cell counted over fewer than SUPPRESS_BELOW episodes is suppressed, so no small group
of clients can be recognised from it.

All figures of any number of periods are counted in one aggregate query.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, Sum

# A cell counted over 1 to 4 episodes shows no number (0 shows: it names nobody).
SUPPRESS_BELOW = 5
# NHS Talking Therapies waiting time standards: the first treatment session within 6 weeks
# (42 days) of referral for 75% of those who finish a course, within 18 weeks for 95%.
SIX_WEEKS, EIGHTEEN_WEEKS = 42, 126

ACTIVITY = "Activity and waiting"
NHS_OUTCOMES = "Outcomes (NHS Talking Therapies measures)"
EXTRA = "Extra figures (not NHS measures)"
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
        "Referrals",
        ACTIVITY,
        COUNT,
        "referred_on",
        Q(),
        denominator_words="episodes opened (referrals received) in the period",
    ),
    Figure(
        "entered_treatment",
        "Entered treatment",
        ACTIVITY,
        COUNT,
        "first_treatment_on",
        Q(),
        denominator_words="episodes whose first attended session was in the period",
    ),
    Figure(
        "finished_courses",
        "Finished a course of treatment",
        ACTIVITY,
        COUNT,
        "ended_on",
        FINISHED,
        denominator_words="courses that ended in the period with at least 2 attended sessions",
    ),
    Figure(
        "mean_attended",
        "Mean attended sessions",
        ACTIVITY,
        MEAN,
        "ended_on",
        FINISHED,
        numerator_words="attended sessions of those courses",
        denominator_words="courses finished in the period",
    ),
    Figure(
        "dropped_out",
        "Dropped out",
        ACTIVITY,
        RATE,
        "ended_on",
        Q(attended_sessions__gte=1),
        Q(end_reason="dropped_out"),
        numerator_words="ended with the reason 'dropped out after missed sessions'",
        denominator_words="courses that ended in the period after at least 1 attended session",
    ),
    Figure(
        "waited_6_weeks",
        "First session within 6 weeks of referral",
        ACTIVITY,
        RATE,
        "ended_on",
        FINISHED,
        Q(waiting_days__lte=SIX_WEEKS),
        standard=75,
        numerator_words="first attended session at most 42 days after the referral",
        denominator_words="courses finished in the period",
    ),
    Figure(
        "waited_18_weeks",
        "First session within 18 weeks of referral",
        ACTIVITY,
        RATE,
        "ended_on",
        FINISHED,
        Q(waiting_days__lte=EIGHTEEN_WEEKS),
        standard=95,
        numerator_words="first attended session at most 126 days after the referral",
        denominator_words="courses finished in the period",
    ),
    Figure(
        "paired_scores",
        "Paired scores",
        NHS_OUTCOMES,
        RATE,
        "ended_on",
        FINISHED,
        Q(has_pairs=True),
        numerator_words="with a first and a last PHQ-9 or GAD-7",
        denominator_words="courses finished in the period",
    ),
    Figure(
        "recovery",
        "Recovery",
        NHS_OUTCOMES,
        RATE,
        "ended_on",
        CASE_AT_START,
        Q(recovery=True),
        standard=50,
        numerator_words="not a case at the last scores",
        denominator_words="courses finished in the period that started at caseness",
    ),
    Figure(
        "reliable_improvement",
        "Reliable improvement",
        NHS_OUTCOMES,
        RATE,
        "ended_on",
        FINISHED,
        Q(reliable_improvement=True),
        numerator_words="reliably improved",
        denominator_words="courses finished in the period",
    ),
    Figure(
        "reliable_recovery",
        "Reliable recovery",
        NHS_OUTCOMES,
        RATE,
        "ended_on",
        CASE_AT_START,
        Q(reliable_recovery=True),
        numerator_words="recovered and reliably improved",
        denominator_words="courses finished in the period that started at caseness",
    ),
    Figure(
        "reliable_deterioration",
        "Reliable deterioration",
        NHS_OUTCOMES,
        RATE,
        "ended_on",
        FINISHED,
        Q(reliable_deterioration=True),
        numerator_words="reliably deteriorated",
        denominator_words="courses finished in the period",
    ),
    Figure(
        "response",
        "Response (PHQ-9 down by half or more)",
        EXTRA,
        RATE,
        "ended_on",
        FINISHED & Q(response__isnull=False),
        Q(response=True),
        numerator_words="PHQ-9 fell by at least half of the first score",
        denominator_words="courses finished in the period with a first PHQ-9 above 0 and a last",
    ),
    Figure(
        "remission",
        "Remission (last PHQ-9 below 5)",
        EXTRA,
        RATE,
        "ended_on",
        FINISHED & Q(remission__isnull=False),
        Q(remission=True),
        numerator_words="last PHQ-9 below 5",
        denominator_words="courses finished in the period with a first and a last PHQ-9",
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
            return "fewer than 5 episodes"
        if self.kind == COUNT:
            return str(self.denominator)
        if self.empty:
            return "no episodes"
        if self.kind == MEAN:
            return f"{self.value:.1f} (over {self.denominator})"
        return f"{self.value:.0f}% ({self.numerator} of {self.denominator})"


def in_period(figure, period):
    return Q(**{f"{figure.when}__gte": period.start, f"{figure.when}__lte": period.end})


def count(summaries, figures, periods):
    """{(figure key, period key): Cell} for every figure over every period, in one query."""
    if not periods:
        return {}
    expressions = {}
    for figure in figures:
        for index, period in enumerate(periods):
            over = in_period(figure, period) & figure.over
            expressions[f"d_{figure.key}_{index}"] = Count("pk", filter=over)
            if figure.kind == RATE:
                expressions[f"n_{figure.key}_{index}"] = Count("pk", filter=over & figure.counts)
            elif figure.kind == MEAN:
                expressions[f"n_{figure.key}_{index}"] = Sum("attended_sessions", filter=over)
    counted = summaries.filter(_any_date_within(figures, periods)).aggregate(**expressions)
    cells = {}
    for figure in figures:
        for index, period in enumerate(periods):
            numerator = counted.get(f"n_{figure.key}_{index}")
            cells[figure.key, period.key] = Cell(
                figure.kind,
                counted[f"d_{figure.key}_{index}"],
                None if figure.kind == COUNT else (numerator or 0),
            )
    return cells


def _any_date_within(figures, periods):
    """Only rows with one of the figures' dates somewhere in the periods are read."""
    start = min(period.start for period in periods)
    end = max(period.end for period in periods)
    found = Q(pk__in=[])
    for field in dict.fromkeys(figure.when for figure in figures):
        found |= Q(**{f"{field}__gte": start, f"{field}__lte": end})
    return found
