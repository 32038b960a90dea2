"""The audit actions of group IPT (audit/events.py). Facts are codes and counts only: no
group name, place, note or reason ever reaches the trail. Creating or changing a group's
administrative fields is administrative; everything about its members is clinical."""

from django.utils.translation import gettext_lazy as _

from openipt.audit.events import ADMINISTRATIVE, CLINICAL, Code, Number, YesNo, declare
from openipt.protocol import modalities

from .models import GroupStatus, MemberStatus

GROUP_FIELD_WORDS = {
    "name": _("name"),
    "site": _("site"),
    "place": _("place"),
    "language": _("language"),
    "co_facilitator": _("co-facilitator"),
    "membership": _("open or closed membership"),
}

PAGES = {
    "groups.listed": _("Groups listed"),
    "group.new_form_viewed": _("New group form viewed"),
    "group.viewed": _("Group viewed"),
    "group.edit_form_viewed": _("Group change form viewed"),
    "group.add_member_form_viewed": _("Group member form viewed"),
    "group.member_viewed": _("Group member viewed"),
    "group.pre_group_form_viewed": _("Pre-group session form viewed"),
    "group.decision_form_viewed": _("Group acceptance form viewed"),
    "group.leave_form_viewed": _("Group leaving form viewed"),
    "group_session.viewed": _("Group session viewed"),
    "group.progress_viewed": _("Group progress sheet viewed"),
    "group.outcomes_viewed": _("Group outcomes viewed"),
    "group.end_form_viewed": _("Group ending form viewed"),
    "group.notes_viewed": _("Group supervision notes viewed"),
    "group.fhir_exported": _("Group exported as FHIR"),
}
for _code, _words in PAGES.items():
    declare(_code, CLINICAL, _words)

declare(
    "group.created",
    ADMINISTRATIVE,
    _("Group created"),
    says=_("Group created: {modality}, {sessions} sessions"),
    modality=Code(modalities.choices),
    sessions=Number(),
)
declare(
    "group.updated",
    ADMINISTRATIVE,
    _("Group changed"),
    says=_("Group changed: {changed}"),
    changed=Code(GROUP_FIELD_WORDS, many=True),
)
declare(
    "group.member_added",
    CLINICAL,
    _("Client added to a group for screening"),
    says=_("Client added to group {group} for screening"),
    group=Number(),
)
declare(
    "group.pre_group_recorded",
    CLINICAL,
    _("Pre-group session recorded"),
    says=_("Pre-group session {number} recorded"),
    number=Number(),
)
declare(
    "group.member_accepted",
    CLINICAL,
    _("Client accepted into a group"),
    says=_("Client accepted into a group{age_overridden}"),
    age_overridden=YesNo(yes=_(", outside the modality's age range, with a reason"), no=""),
)
declare("group.member_declined", CLINICAL, _("Client not taken into a group"))
declare("group.member_focus_set", CLINICAL, _("Group member's problem area and goal set"))
declare(
    "group.member_left",
    CLINICAL,
    _("Client left a group"),
    says=_("Client left a group: {status}"),
    status=Code(MemberStatus.choices),
)
for _code, _words, _says in (
    (
        "group_session.recorded",
        _("Group session recorded"),
        _(
            "Group session recorded: session {session}{took_place}, {present} of {members} "
            "members present"
        ),
    ),
    (
        "group_session.updated",
        _("Group session record corrected"),
        _(
            "Group session record corrected: session {session}{took_place}, {present} of "
            "{members} members present"
        ),
    ),
):
    declare(
        _code,
        CLINICAL,
        _words,
        says=_says,
        session=Number(),
        took_place=YesNo(yes="", no=_(" (did not take place)")),
        present=Number(),
        members=Number(),
    )
declare(
    "group.ended",
    CLINICAL,
    _("Group ended"),
    says=_("Group ended: {status}, {members} members left"),
    status=Code(GroupStatus.choices),
    members=Number(),
)
declare(
    "group.supervision_note_written",
    CLINICAL,
    _("Group supervision note written"),
    says=_("Group supervision note written: {members} members to discuss"),
    members=Number(),
)
declare("group.supervision_note_acknowledged", CLINICAL, _("Group supervision note acknowledged"))
