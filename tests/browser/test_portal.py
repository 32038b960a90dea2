"""The client portal on a phone: accept the invitation, fill in a PHQ-9 one question per
screen, see help at once after a worrying answer, and the clinician sees the answers on the
next session's page. Every portal page visited passes the axe scan."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from openipt.accounts.actions import invite_client
from openipt.measures.instruments import QUESTIONNAIRES
from openipt.measures.models import MeasureAdministration, RiskFlag
from openipt.protocol.tests.builders import course_with_sessions
from openipt.testing.people import make_client

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
NEW_PASSWORD = "a-brand-new-client-password-7"
PHQ9 = QUESTIONNAIRES["phq9"]


def test_phone_client_completes_a_phq9_and_the_clinician_sees_it(
    page, new_page, browser_people, sign_in, assert_accessible
):
    owner = browser_people.owner
    organisation = owner.organisation
    organisation.crisis_phone_numbers = "Northside crisis line: 0800 000 111"
    organisation.save()
    jo = make_client(owner, "Jo")
    episode = jo.episodes.get()
    course_with_sessions(owner, episode, recorded=4, scheduled=6)  # session 5 is next
    _, token = invite_client(owner, jo)

    phone = new_page(viewport=PHONE)
    phone.goto(f"/portal/invitation/{token}/")
    phone.get_by_label("Username").fill("jo.example")
    phone.get_by_label(re.compile(r"^Password \(required\)")).fill(NEW_PASSWORD)
    phone.get_by_label("Password again").fill(NEW_PASSWORD)
    phone.get_by_role("button", name="Create my account").click()
    phone.wait_for_url("**/portal/")
    expect(phone.get_by_role("heading", name="Your next session")).to_be_visible()
    assert_accessible(phone)

    phone.get_by_role("link", name="Fill in your questionnaires").click()
    assert_accessible(phone)
    phone.get_by_role("link", name=re.compile("PHQ-9")).click()
    for number, item in enumerate(PHQ9.items, start=1):
        expect(phone.get_by_text(f"Question {number} of {len(PHQ9.items)}")).to_be_visible()
        if number == 2:
            # Back keeps the answer given.
            phone.get_by_role("button", name="Back").click()
            expect(phone.get_by_label("Several days", exact=True)).to_be_checked()
            phone.get_by_role("button", name="Next").click()
        if number in (1, 10):
            assert_accessible(phone)
        if item.key == "q9":
            answer = "More than half the days"
        elif item.key == "q10":
            answer = item.options[0].label
        else:
            answer = "Several days"
        phone.get_by_label(answer, exact=True).check()
        if item.key == "q10":
            # Help was already on screen right after the answer to question 9.
            expect(phone.get_by_text("Northside crisis line")).to_be_visible()
        phone.get_by_role("button", name=re.compile("^(Next|Send my answers)$")).click()

    expect(phone.get_by_role("heading", name="Help you can get now")).to_be_visible()
    expect(phone.get_by_text("Northside crisis line")).to_be_visible()
    assert_accessible(phone)
    administration = MeasureAdministration.objects.get(episode=episode)
    assert administration.respondent == "client_at_home"
    assert administration.session.number == 5
    assert RiskFlag.objects.filter(administration=administration).count() == 1

    for path in ("portal:progress", "portal:my_data", "portal:questionnaires"):
        phone.goto(reverse(path))
        assert_accessible(phone)
    phone.goto(reverse("portal:questionnaire", args=[episode.pk, "gad7"]) + "?all=1")
    assert_accessible(phone)

    sign_in(page, owner)
    page.goto(reverse("clinic:course_session", args=[episode.pk, 5]))
    section = page.get_by_role("region", name="Questionnaires for this session")
    expect(section).to_contain_text("PHQ-9")
    expect(section).to_contain_text("the client, at home")
    assert_accessible(page)
    page.goto(reverse("clinic:caseload"))
    expect(page.get_by_text("GAD-7 and WAI-SR due for session 5")).to_be_visible()


def test_deletion_request_reaches_the_admin(page, browser_people, sign_in, assert_accessible):
    people = browser_people
    page.set_viewport_size(PHONE)
    sign_in(page, people.client_user)
    page.goto(reverse("portal:my_data"))
    page.get_by_label(re.compile("Why would you like your data deleted")).fill("Moving abroad.")
    page.get_by_role("button", name="Send my request").click()
    expect(page.get_by_text("Your request has been sent")).to_be_visible()
    assert_accessible(page)
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, people.admin)
    page.goto(reverse("clinic:organisation"))
    expect(page.get_by_text("Moving abroad.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Kept for retention").check()
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.get_by_text("Say why the records are kept")).to_be_visible()
    assert_accessible(page)


PHONE_390 = {"width": 390, "height": 844}


def test_item_9_on_a_phone_flags_at_once_and_sending_later_links_the_same_flag(
    page, new_page, browser_people, sign_in, assert_accessible
):
    people = browser_people
    organisation = people.owner.organisation
    organisation.crisis_phone_numbers = "Northside crisis line: 0800 000 222"
    organisation.save()
    course_with_sessions(people.owner, people.episode, recorded=4, scheduled=6)

    phone = new_page(viewport=PHONE_390)
    sign_in(phone, people.client_user)
    phone.goto(reverse("portal:questionnaire", args=[people.episode.pk, "phq9"]))
    for item in PHQ9.items[:9]:
        answer = "Several days" if item.key == "q9" else "Not at all"
        phone.get_by_label(answer, exact=True).check()
        phone.get_by_role("button", name="Next").click()
    # Question 10 is on screen, help leads the page, and the questionnaire is not sent.
    expect(phone.get_by_text("Question 10 of 10")).to_be_visible()
    expect(phone.get_by_role("heading", name="Help you can get now")).to_be_visible()
    expect(phone.get_by_text("Northside crisis line")).to_be_visible()
    expect(phone.get_by_text("Nobody watches OpenIPT day and night")).to_be_visible()
    assert_accessible(phone)
    phone.context.close()  # the client leaves without sending

    flag = RiskFlag.objects.get()
    assert flag.administration is None and flag.is_open
    assert not MeasureAdministration.objects.exists()
    sign_in(page, people.supervisor)
    page.goto(reverse("clinic:supervision"))
    flags = page.get_by_role("region", name=re.compile("Safety answers to follow up"))
    expect(flags).to_contain_text(people.client.reference)
    expect(flags).to_contain_text("from an unfinished questionnaire, not sent yet")
    expect(flags.get_by_role("link", name=re.compile("PHQ-9"))).to_have_attribute(
        "href", reverse("clinic:risk_flag", args=[flag.pk])
    )
    assert_accessible(page)

    later = new_page(viewport=PHONE_390)
    sign_in(later, people.client_user)
    later.goto(reverse("portal:questionnaire", args=[people.episode.pk, "phq9"]))
    expect(later.get_by_text("Question 10 of 10")).to_be_visible()  # picks up where they left
    later.get_by_label(PHQ9.items[9].options[0].label, exact=True).check()
    later.get_by_role("button", name="Send my answers").click()
    expect(later.get_by_role("heading", name="Help you can get now")).to_be_visible()
    assert_accessible(later)

    administration = MeasureAdministration.objects.get()
    assert list(RiskFlag.objects.values_list("pk", "administration")) == [
        (flag.pk, administration.pk)
    ]
    page.reload()
    expect(flags).to_contain_text("from an unfinished questionnaire, since sent")
    expect(flags.get_by_role("link", name=re.compile("PHQ-9"))).to_have_attribute(
        "href", reverse("clinic:risk_flag", args=[flag.pk])
    )
    assert_accessible(page)
