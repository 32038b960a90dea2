"""What erasing a client removes from the groups they were in (caseload/erasure.py).

A member's own rows lose their free text: the reason for a decision or for leaving, where
they were referred, their goal, and what they brought and their homework at each session.
The group's own text may speak of them too: the ending summary and the agenda notes are
copied onto every member's own course (CourseEnding, SessionTaskRecord, erased there for
each member in turn), so the group's copy is blanked without loss to the others; a
supervision note that lists the member to discuss is blanked whole. Names, places,
codes, dates and attendance stay: the group's figures are counted from them."""

from openipt.caseload import erasure
from openipt.caseload.models import ERASED_TEXT

from .models import Group, GroupMember, GroupSessionTask, MemberSessionRecord, SupervisionNote


@erasure.eraser
def erase_group_records(episodes, *, keep_scores):
    """The free text of these episodes' group memberships and of what their groups wrote
    about them. The groups app holds no scores, so keep_scores changes nothing here."""
    members = GroupMember.objects.filter(episode__in=episodes)
    members.update(reason="", referred_to="", goal="")
    MemberSessionRecord.objects.filter(member__in=members).update(brought="", homework="")
    groups = Group.objects.filter(members__in=members).distinct()
    Group.objects.filter(pk__in=groups.values("pk")).update(end_reason="")
    GroupSessionTask.objects.filter(group_session__group__in=groups).update(note="")
    SupervisionNote.objects.filter(members_to_discuss__in=members).update(
        happened=ERASED_TEXT, concerns="", supervisor_comment=""
    )
