"""How big the synthetic organisation is: the named scales and their derived staff."""

from dataclasses import asdict, dataclass, replace
from math import ceil

# Staff grow with the clients, so a caseload and a team stay the size of a real one
# however large the organisation: one clinician per 50 clients, one supervisor per
# 8 clinicians.
CLIENTS_PER_CLINICIAN = 50
CLINICIANS_PER_SUPERVISOR = 8


@dataclass(frozen=True)
class Scale:
    """What to seed. `sessions` counts recorded sessions (held or missed); scheduled
    future sessions come on top. Every figure per client is the same at every scale
    (10 episodes, 15 sessions, 30 audit events), so a page whose cost is about one
    person or one team should cost the same at both."""

    clients: int = 2000
    episodes: int = 20000
    sessions: int = 30000
    records: int = 60000
    random_seed: int = 2026

    @property
    def clinicians(self):
        return ceil(self.clients / CLIENTS_PER_CLINICIAN)

    @property
    def supervisors(self):
        return ceil(self.clinicians / CLINICIANS_PER_SUPERVISOR)

    def as_dict(self):
        return asdict(self) | {"clinicians": self.clinicians, "supervisors": self.supervisors}


SCALES = {
    # Quick enough for `make bench` (1-3 minutes on 2 cores, seeding 10-30 s).
    "default": Scale(),
    # A national-scale service (issue 11): five times the default in every figure.
    "service": Scale(clients=10_000, episodes=100_000, sessions=150_000, records=300_000),
}


def chosen_scale(name, **overrides):
    """The named scale with any figure given on the command line in its place."""
    given = {key: value for key, value in overrides.items() if value is not None}
    scale = replace(SCALES[name], **given)
    if scale.episodes < scale.clients:
        raise ValueError("every client has at least one episode: --episodes >= --clients")
    return scale
