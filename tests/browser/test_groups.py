"""Group IPT through the real pages (issue 10, "How it is checked").

A counsellor creates a group, screens members (two through the pages, the rest through the
actions), and runs session 1 on its one page with 8 members, one of whom answers PHQ-9 item
9 "Several days". The flag reaches the supervisor; a member sees only their own data in the
portal. Every page on the way passes axe-core. The test counts the interactions needed to
record attendance and a PHQ-9 for the 8 members on the session page (docs/bench.md).
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from openipt.accounts.models import Role
from openipt.groups.models import Group
from openipt.groups.tests import builders
from openipt.measures.models import RiskFlag
from openipt.testing.people import make_client, make_user

MEMBERS = 8


class Counter:
    """Every click, tick or typed field on the session page, to report how many it takes."""

    def __init__(self):
        self.count = 0

    def check(self, locator):
        locator.check()
        self.count += 1

    def click(self, locator):
        locator.click()
        self.count += 1


def create_group(page, counsellor):
    page.goto("/groups/new/")
    page.get_by_label("Name of the group").fill("Thursday women's group")
    page.get_by_label("Language").fill("English")
    page.get_by_label("8 sessions").check()
    first = timezone.localtime() - timedelta(days=1)
    page.get_by_role("textbox", name="First session").fill(first.strftime("%Y-%m-%dT10:00"))
    page.get_by_role("button", name="Create the group").click()
    page.get_by_text("Group created, with 8 sessions.").wait_for()
    return Group.objects.get(name="Thursday women's group")


def screen_through_the_pages(page, group, client, assert_accessible, *, check_pages):
    page.goto(f"/groups/{group.pk}/")
    page.get_by_role("link", name="Add a member for screening").click()
    page.get_by_label("Client").select_option(label=f"{client.full_name} ({client.reference})")
    page.get_by_role("button", name="Add for screening").click()
    page.get_by_role("heading", name=f"Pre-group session 1 with {client.full_name}").wait_for()
    if check_pages:
        assert_accessible(page)
    page.get_by_label("Date of the screen").fill(timezone.localdate().isoformat())
    for number in range(1, 10):
        page.locator(f"input[name=phq9-item_q{number}][value='1']").check()
    page.locator("input[name=phq9-item_q9][value='0']").check()
    page.get_by_label("What the person describes now").fill("Low since her husband died.")
    for name in ("suicidal_crisis", "psychosis", "mania", "severe_dissociation"):
        page.locator(f"input[name={name}][value=no]").check()
    page.locator("input[name=ground_rules_agreed][value=yes]").check()
    page.locator("input[name=consent_given][value=yes]").check()
    page.get_by_role("button", name="Save pre-group session 1").click()
    page.get_by_text("Pre-group session 1 saved.").wait_for()
    if check_pages:
        assert_accessible(page)
    page.locator("input[name=accept][value=yes]").check()
    page.get_by_label("Reason").fill("Willing to share and able to come weekly.")
    page.get_by_role("button", name="Record the decision").click()
    page.get_by_text("Accepted into the group.").wait_for()


@pytest.mark.browser
def test_a_counsellor_runs_a_group_session_on_one_page(
    browser_people, new_page, sign_in, assert_accessible
):
    people = browser_people
    counsellor = make_user(
        people.owner.organisation, "cora", Role.COUNSELLOR, supervisor=people.supervisor
    )
    clients = [
        make_client(counsellor, name, episode=False, portal_username=f"member{n}")
        for n, name in enumerate(
            ("Grace", "Esther", "Ruth", "Joyce", "Sarah", "Mercy", "Faith", "Amina")
        )
    ]
    page = new_page()
    sign_in(page, counsellor)
    group = create_group(page, counsellor)
    assert_accessible(page)

    # Screening: two members through the pages, the other six through the same actions.
    for index, client in enumerate(clients[:2]):
        screen_through_the_pages(page, group, client, assert_accessible, check_pages=index == 0)
    assert_accessible(page)
    for client in clients[2:]:
        builders.join(counsellor, group, client, on=timezone.localdate() - timedelta(days=2))
    members = list(group.members.order_by("id"))
    assert len(members) == MEMBERS

    # Session 1, on one page: attendance and the baseline PHQ-9 for every member.
    page.goto(f"/groups/{group.pk}/sessions/1/")
    assert_accessible(page)
    counter = Counter()
    counter.check(page.locator("input[name=took_place][value=yes]"))
    for radio in page.locator("input[name^=status_][value=done]").all():
        counter.check(radio)
    agenda_interactions = counter.count - 1
    flagged = members[2]
    for member in members:
        prefix = f"m{member.pk}_"
        counter.check(page.locator(f"input[name={prefix}attendance][value=attended]"))
        for number in range(1, 10):
            answer = 1 if (member == flagged and number == 9) else (0 if number == 9 else 1)
            counter.check(
                page.locator(f"input[name={prefix}phq9_item_q{number}][value='{answer}']")
            )
    counter.click(page.get_by_role("button", name="Save session 1"))
    page.get_by_text("Session 1 saved.").wait_for()
    print(
        f"\nSession page: {counter.count} interactions for {MEMBERS} members "
        f"({agenda_interactions} of them the agenda)"
    )
    assert counter.count == 1 + agenda_interactions + MEMBERS * 10 + 1

    # The one-to-one prompt names the member whose item 9 was positive, and only them.
    prompt = page.get_by_role("alert").filter(has_text="Follow up one to one")
    expect(prompt).to_contain_text(flagged.client.full_name)
    expect(prompt).not_to_contain_text(members[0].client.full_name)
    assert_accessible(page)
    flag = RiskFlag.objects.get(status="open")
    assert flag.episode_id == flagged.episode_id and flag.session.number == 1

    # The progress sheet and the outcomes.
    page.goto(f"/groups/{group.pk}/progress/")
    assert_accessible(page)
    page.goto(f"/groups/{group.pk}/outcomes/")
    assert_accessible(page)

    # The flag reaches the supervisor.
    supervisor_page = new_page()
    sign_in(supervisor_page, people.supervisor)
    supervisor_page.goto("/supervision/")
    expect(supervisor_page.get_by_role("link", name=flagged.client.full_name).first).to_be_visible()
    assert_accessible(supervisor_page)
    supervisor_page.goto("/groups/")
    expect(supervisor_page.get_by_text("1 open safety flag")).to_be_visible()
    assert_accessible(supervisor_page)

    # A member sees only their own data.
    member_page = new_page()
    sign_in(member_page, flagged.client.user)
    member_page.goto("/portal/group/")
    body = member_page.content()
    assert "Attended" in body
    for other in members:
        if other != flagged:
            assert other.client.full_name not in body and other.client.given_name not in body
            assert other.client.reference not in body
    assert_accessible(member_page)
