"""The kinds of reminder, one module each (kinds/base.py says what a module provides).

Group session reminders join as one more module once groups exist: a `find_due` over the
group's meetings yielding one Due per member (the key holds the member, so each is sent
once), a `still_due` that checks the meeting and the membership, and its two templates.
"""

from . import diary, follow_up, homework_due, session, staff_digest, things_due

KINDS = {
    module.KIND.code: module.KIND
    for module in (session, things_due, homework_due, diary, follow_up, staff_digest)
}


def get(code):
    return KINDS[code]
