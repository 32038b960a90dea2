"""The kinds of reminder, one module each (kinds/base.py says what a module provides)."""

from . import diary, follow_up, group_session, homework_due, session, staff_digest, things_due

KINDS = {
    module.KIND.code: module.KIND
    for module in (
        session,
        group_session,
        things_due,
        homework_due,
        diary,
        follow_up,
        staff_digest,
    )
}


def get(code):
    return KINDS[code]
