"""The audit actions of group IPT (audit/events.py). Facts are codes and counts only: no
group name, place, note or reason ever reaches the trail. Creating or changing a group's
administrative fields is administrative; everything about its members is clinical."""

from openipt.audit.events import ADMINISTRATIVE, CLINICAL, Code, Number, YesNo, declare
from openipt.protocol import modalities

from .models import GroupStatus, MemberStatus

GROUP_FIELD_WORDS = {
    "name": "name",
    "site": "site",
    "place": "place",
    "language": "language",
    "co_facilitator": "co-facilitator",
    "membership": "open or closed membership",
}

PAGES = {
    "groups.listed": "Groups listed",
    "group.new_form_viewed": "New group form viewed",
    "group.viewed": "Group viewed",
    "group.edit_form_viewed": "Group change form viewed",
    "group.add_member_form_viewed": "Group member form viewed",
    "group.member_viewed": "Group member viewed",
    "group.pre_group_form_viewed": "Pre-group session form viewed",
    "group.decision_form_viewed": "Group acceptance form viewed",
    "group.leave_form_viewed": "Group leaving form viewed",
    "group_session.viewed": "Group session viewed",
    "group.progress_viewed": "Group progress sheet viewed",
    "group.outcomes_viewed": "Group outcomes viewed",
    "group.end_form_viewed": "Group ending form viewed",
    "group.notes_viewed": "Group supervision notes viewed",
    "group.fhir_exported": "Group exported as FHIR",
}
for _code, _words in PAGES.items():
    declare(_code, CLINICAL, _words)

declare(
    "group.created",
    ADMINISTRATIVE,
    "Group created",
    says="Group created: {modality}, {sessions} sessions",
    modality=Code(modalities.choices),
    sessions=Number(),
)
declare(
    "group.updated",
    ADMINISTRATIVE,
    "Group changed",
    says="Group changed: {changed}",
    changed=Code(GROUP_FIELD_WORDS, many=True),
)
declare(
    "group.member_added",
    CLINICAL,
    "Client added to a group for screening",
    says="Client added to group {group} for screening",
    group=Number(),
)
declare(
    "group.pre_group_recorded",
    CLINICAL,
    "Pre-group session recorded",
    says="Pre-group session {number} recorded",
    number=Number(),
)
declare(
    "group.member_accepted",
    CLINICAL,
    "Client accepted into a group",
    says="Client accepted into a group{age_overridden}",
    age_overridden=YesNo(yes=", outside the modality's age range, with a reason", no=""),
)
declare("group.member_declined", CLINICAL, "Client not taken into a group")
declare("group.member_focus_set", CLINICAL, "Group member's problem area and goal set")
declare(
    "group.member_left",
    CLINICAL,
    "Client left a group",
    says="Client left a group: {status}",
    status=Code(MemberStatus.choices),
)
for _code, _words in (
    ("group_session.recorded", "Group session recorded"),
    ("group_session.updated", "Group session record corrected"),
):
    declare(
        _code,
        CLINICAL,
        _words,
        says=_words + ": session {session}{took_place}, {present} of {members} members present",
        session=Number(),
        took_place=YesNo(yes="", no=" (did not take place)"),
        present=Number(),
        members=Number(),
    )
declare(
    "group.ended",
    CLINICAL,
    "Group ended",
    says="Group ended: {status}, {members} members left",
    status=Code(GroupStatus.choices),
    members=Number(),
)
declare(
    "group.supervision_note_written",
    CLINICAL,
    "Group supervision note written",
    says="Group supervision note written: {members} members to discuss",
    members=Number(),
)
declare("group.supervision_note_acknowledged", CLINICAL, "Group supervision note acknowledged")
