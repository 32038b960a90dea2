"""The named moments at which the facts of an episode change, for the apps above that keep
something derived from them (today the outcome summary, `openipt/outcomes/`).

The actions of caseload, protocol and measures sit below those apps and may not import
them. So each action that changes such a fact says so here, by name, inside its own
transaction and after its writes (`episode_changed(EVENT, ...)`); the app above registers
what it does at each moment when Django starts (`AppConfig.ready` calls `listen`). The
listener runs in the caller's transaction: a change that rolls back leaves nothing
derived behind, and nothing is derived from a change that did not happen.

These are not Django signals: nothing fires on `save()`; each call is written out in the
action that knows what happened (docs/architecture.md, "How the domains meet").
"""

from collections import defaultdict

# caseload.actions
EPISODE_OPENED = "episode_opened"  # episode
EPISODE_REASSIGNED = "episode_reassigned"  # episode
CLIENT_SITE_CHANGED = "client_site_changed"  # client
# protocol.actions
INTAKE_RECORDED = "intake_recorded"  # screen
COURSE_STARTED = "course_started"  # plan
SESSIONS_CHANGED = "sessions_changed"  # episode_id
COURSE_ENDED = "course_ended"  # ending
# measures.actions
MEASURE_RECORDED = "measure_recorded"  # administration

EVENTS = (
    EPISODE_OPENED,
    EPISODE_REASSIGNED,
    CLIENT_SITE_CHANGED,
    INTAKE_RECORDED,
    COURSE_STARTED,
    SESSIONS_CHANGED,
    COURSE_ENDED,
    MEASURE_RECORDED,
)

_listeners = defaultdict(list)


def listen(event, listener):
    """Call `listener(**facts)` at every `episode_changed(event, **facts)`. Registering the
    same listener twice (a second `ready()` in tests) keeps one."""
    if event not in EVENTS:
        raise ValueError(f"Unknown episode event {event!r}.")
    if listener not in _listeners[event]:
        _listeners[event].append(listener)


def episode_changed(event, **facts):
    """Tell every listener of `event`; called by an action inside its transaction."""
    if event not in EVENTS:
        raise ValueError(f"Unknown episode event {event!r}.")
    for listener in _listeners[event]:
        listener(**facts)
