"""The one page that records a whole group session (clinic:group_session): every member's
row on one form, one bad row refusing the whole save with its message next to that row,
each member's flag raised in the same change with a one-to-one prompt, answers sent from
home shown as done, and the same number of queries for 1 and 14 members."""

from datetime import timedelta

import pytest
from django.urls import reverse

from openipt.audit.models import AuditEvent
from openipt.groups.models import GroupAttendance, MemberSessionRecord
from openipt.measures.actions import finish_questionnaire, record_administration
from openipt.measures.models import FlagStatus, Respondent, RiskFlag
from openipt.protocol.models import Attendance
from openipt.testing.people import make_client

from .builders import START, hold, join, make_group, people_group, phq9

# The literal counts, the same for 1 and 14 members (below): a session no member has given
# a measure for yet, and one where some have (their answers are then read to show as done).
PAGE_QUERIES = 15
ANSWERED_PAGE_QUERIES = 16


def url(group, number):
    return reverse("clinic:group_session", args=[group.pk, number])


def phq9_fields(prefix, *, q9=0, score=1):
    fields = {f"{prefix}phq9_item_q{n}": str(score) for n in range(1, 9)}
    fields[f"{prefix}phq9_item_q9"] = str(q9)
    return fields


def session_post(group, lines, **overrides):
    """A valid POST for session 1: every member there, every PHQ-9 answered."""
    data = {"took_place": "yes", "held_on": START.isoformat(), "duration_minutes": "90"}
    for item in lines["agenda"]:
        data[f"status_{item.task.key}"] = "done"
    for member in lines["members"]:
        prefix = f"m{member.pk}_"
        data[prefix + "attendance"] = "attended"
        data[prefix + "brought"] = "Her sister's visit."
        data[prefix + "homework"] = "Ask for help once."
        data.update(phq9_fields(prefix))
    data.update(overrides)
    return data


def page_state(client, group, number=1):
    response = client.get(url(group, number))
    assert response.status_code == 200
    form = response.context["form"]
    return {"agenda": form.agenda, "members": [line.member for line in form.lines]}


@pytest.fixture
def running(people, client):
    group, first, second = people_group(people)
    client.force_login(people.owner)
    return group, first, second


def test_the_page_asks_each_member_the_measure_their_course_expects(running, client, people):
    group, first, second = running
    page = client.get(url(group, 1)).content.decode()
    # Session 1 is the baseline: the full PHQ-9 for each member.
    assert f'name="m{first.pk}_phq9_item_q9"' in page
    assert f'name="m{second.pk}_phq9_item_q9"' in page
    hold(people.owner, group, 1, {})
    page = client.get(url(group, 2)).content.decode()
    # In between: the check-in, whose second question is the PHQ-9's safety question.
    assert f'name="m{first.pk}_checkin_item_q9"' in page
    assert f'name="m{first.pk}_phq9_item_q1"' not in page


def test_the_questionnaire_fields_are_built_only_for_a_post(running, client):
    group, first, second = running
    form = client.get(url(group, 1)).context["form"]
    # A page first opened writes one questionnaire for every row: no row has fields of its own.
    assert not [name for name in form.fields if "_phq9_item_" in name]
    state = {"agenda": form.agenda, "members": [line.member for line in form.lines]}
    data = session_post(group, state)
    data.pop(f"m{first.pk}_attendance")
    posted = client.post(url(group, 1), data).context["form"]
    assert f"m{first.pk}_phq9_item_q9" in posted.fields
    assert f"m{second.pk}_phq9_item_q9" in posted.fields


def test_recording_a_whole_session_at_once(running, client):
    group, first, second = running
    state = page_state(client, group)
    data = session_post(group, state)
    data[f"m{second.pk}_attendance"] = "did_not_attend"
    for n in range(1, 10):
        data.pop(f"m{second.pk}_phq9_item_q{n}")
    response = client.post(url(group, 1), data)
    assert response.status_code == 302
    assert first.episode.sessions.get(number=1).attendance == Attendance.ATTENDED
    assert second.episode.sessions.get(number=1).attendance == Attendance.DID_NOT_ATTEND
    assert first.episode.administrations.filter(session__number=1).get().total == 8
    assert group.sessions.get(number=1).took_place is True


def test_item_9_raises_the_members_flag_and_the_page_prompts_a_one_to_one(running, client):
    group, first, second = running
    data = session_post(group, page_state(client, group), **phq9_fields(f"m{first.pk}_", q9=1))
    response = client.post(url(group, 1), data, follow=True)
    flag = RiskFlag.objects.get(episode=first.episode, status=FlagStatus.OPEN)
    assert not RiskFlag.objects.filter(episode=second.episode).exists()
    page = response.content.decode()
    assert "Follow up one to one before they leave" in page
    assert reverse("clinic:risk_flag", args=[flag.pk]) in page
    assert "need a one-to-one follow-up" in page


def test_one_bad_row_refuses_the_whole_save_and_says_so_by_that_row(running, client):
    group, first, second = running
    data = session_post(group, page_state(client, group), **phq9_fields(f"m{first.pk}_", q9=2))
    del data[f"m{second.pk}_phq9_item_q4"]  # a question left out in the second row
    before = AuditEvent.objects.exclude(action__endswith="viewed").count()
    response = client.post(url(group, 1), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "need attention" in page
    form = response.context["form"]
    assert f"m{second.pk}_phq9_item_q4" in form.errors
    assert [line.member for line in form.rows_with_errors()] == [second]
    # Nothing stored: not the good row, not its flag, not the session.
    assert not RiskFlag.objects.filter(episode=first.episode).exists()
    assert first.episode.sessions.get(number=1).attendance == Attendance.SCHEDULED
    assert group.sessions.get(number=1).took_place is None
    assert AuditEvent.objects.exclude(action__endswith="viewed").count() == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"attendance": ""}, "attendance"),
        ({"phq9_item_q9": ""}, "phq9_item_q9"),
        ({"phq9_item_q2": "7"}, "phq9_item_q2"),
    ],
)
def test_each_kind_of_bad_row_is_refused(running, client, change, field):
    group, first, _ = running
    data = session_post(group, page_state(client, group))
    data.update({f"m{first.pk}_{name}": value for name, value in change.items()})
    response = client.post(url(group, 1), data)
    assert response.status_code == 200
    assert f"m{first.pk}_{field}" in response.context["form"].errors
    assert group.sessions.get(number=1).took_place is None


def test_answers_given_for_an_absent_member_are_refused(running, client):
    group, first, _ = running
    data = session_post(group, page_state(client, group))
    data[f"m{first.pk}_attendance"] = "did_not_attend"
    response = client.post(url(group, 1), data)
    assert "was not there" in response.content.decode()
    assert group.sessions.get(number=1).took_place is None


def test_answers_sent_from_home_before_the_session_appear_as_done(running, client, people):
    group, first, second = running
    session = first.episode.sessions.get(number=1)
    answers = {f"q{n}": 1 for n in range(1, 10)}
    finish_questionnaire(people.client_user, people.client, session, "phq9", answers)
    response = client.get(url(group, 1))
    page = response.content.decode()
    assert f'name="m{first.pk}_phq9_item_q1"' not in page
    assert "PHQ-9 done for this session: 9" in page and "sent from home" in page
    assert f'name="m{second.pk}_phq9_item_q1"' in page
    # Saving without asking it again keeps the one from home.
    data = session_post(group, page_state(client, group))
    for n in range(1, 10):
        data.pop(f"m{first.pk}_phq9_item_q{n}")
    assert client.post(url(group, 1), data).status_code == 302
    assert first.episode.administrations.filter(session=session).count() == 1


def test_a_session_that_did_not_take_place_needs_no_rows(running, client):
    group, first, _ = running
    data = {"took_place": "no", "held_on": START.isoformat()}
    assert client.post(url(group, 1), data).status_code == 302
    session = first.episode.sessions.get(number=1)
    assert session.attendance == Attendance.CANCELLED_BY_CLINICIAN


def test_the_supervisor_reads_the_session_and_may_not_record_it(running, client, people):
    group, _, _ = running
    hold(people.owner, group, 1, {})
    client.force_login(people.supervisor)
    response = client.get(url(group, 1))
    assert response.status_code == 200 and response.context["form"] is None
    assert client.post(url(group, 1), {"took_place": "no"}).status_code == 403


def test_the_co_facilitator_records_a_session_and_follows_up_the_flag(running, client, people):
    group, first, _ = running
    client.force_login(people.co_facilitator)
    data = session_post(group, page_state(client, group), **phq9_fields(f"m{first.pk}_", q9=3))
    assert client.post(url(group, 1), data).status_code == 302
    flag = RiskFlag.objects.get(episode=first.episode)
    assert client.get(reverse("clinic:risk_flag", args=[flag.pk])).status_code == 200
    # ...and the flag reaches the supervisors of both facilitators.
    for supervisor in (people.supervisor, people.other_supervisor):
        client.force_login(supervisor)
        assert (
            reverse("clinic:risk_flag", args=[flag.pk])
            in client.get(reverse("clinic:supervision")).content.decode()
        )


def test_a_member_row_escapes_what_comes_from_the_records(running, client, people):
    # The rows are written by the tag member_row, not the template: a name, a note and last
    # session's homework holding markup are shown as text, in the row's own wording.
    group, first, second = running
    first.client.given_name, first.client.family_name = "Zo\u00eb <b>", "O'Neil & Co"
    first.client.save()
    hold(people.owner, group, 1, {}, measures={first.pk: {"phq9": phq9(10, q9=2)}})
    MemberSessionRecord.objects.update(homework="<i>Ask</i> for help")
    data = session_post(group, page_state(client, group, 2), **{f"m{second.pk}_attendance": ""})
    data = {name: value for name, value in data.items() if "_phq9_" not in name}
    data[f"m{first.pk}_brought"] = '<script>"x"</script>'
    page = client.post(url(group, 2), data).content.decode()
    name = "Zo\u00eb &lt;b&gt; O&#x27;Neil &amp; Co"
    assert f"<legend>{name} <span" in page
    assert f"follow up one to one with {name}</a>" in page
    assert "Homework from last session: &lt;i&gt;Ask&lt;/i&gt; for help" in page
    assert 'value="&lt;script&gt;&quot;x&quot;&lt;/script&gt;"' in page
    assert "<b>" not in page and "<script>" not in page and "<i>" not in page
    assert f"Something in {second.client.full_name}'s row needs attention" in page


# --- query counts --------------------------------------------------------------------------


def group_of(people, members, *, planned=8, held=0):
    group = make_group(people.owner, planned=planned)
    for n in range(members):
        client = make_client(people.owner, f"Member{n}", episode=False)
        join(people.owner, group, client, on=START - timedelta(days=3))
    for number in range(1, held + 1):
        hold(people.owner, group, number, {})
    return group


def count_queries(client, django_assert_num_queries, path, expected):
    with django_assert_num_queries(expected):
        assert client.get(path).status_code == 200


@pytest.mark.parametrize("members", [1, 14])
def test_the_session_page_runs_the_same_queries_for_1_and_14_members(
    people, client, django_assert_num_queries, members
):
    group = group_of(people, members, held=1)
    client.force_login(people.owner)
    count_queries(client, django_assert_num_queries, url(group, 2), PAGE_QUERIES)


@pytest.mark.parametrize("members", [1, 14])
def test_measures_already_given_are_read_in_one_query_for_1_and_14_members(
    people, client, django_assert_num_queries, members
):
    group = group_of(people, members, held=1)
    for member in group.members.select_related("episode"):
        session = member.episode.sessions.get(number=2)
        record_administration(
            people.owner,
            member.episode,
            "phq9",
            phq9(6),
            administered_on=START,
            respondent=Respondent.CLIENT_AT_HOME,
            session=session,
        )
    client.force_login(people.owner)
    count_queries(client, django_assert_num_queries, url(group, 2), ANSWERED_PAGE_QUERIES)
    page = client.get(url(group, 2)).content.decode()
    assert page.count("PHQ-9 done for this session: 6 (mild), sent from home.") == members


@pytest.mark.parametrize(("planned", "held"), [(6, 1), (16, 15)])
def test_the_session_page_runs_the_same_queries_for_1_and_16_sessions(
    people, client, django_assert_num_queries, planned, held
):
    group = group_of(people, 2, planned=planned, held=held)
    client.force_login(people.owner)
    # The session held last: its members' measures were given there.
    count_queries(client, django_assert_num_queries, url(group, held), ANSWERED_PAGE_QUERIES)
    count_queries(client, django_assert_num_queries, url(group, held + 1), PAGE_QUERIES)


def test_a_late_member_row_records_late(running, client):
    group, first, _ = running
    data = session_post(group, page_state(client, group))
    data[f"m{first.pk}_attendance"] = GroupAttendance.LATE
    assert client.post(url(group, 1), data).status_code == 302
    assert first.session_records.get().attendance == GroupAttendance.LATE
