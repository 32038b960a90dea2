"""Every message can be stopped: a stop link (hashed, single-purpose, spent once used,
revocable), STOP by SMS through an authenticated provider callback, and the client's own
choice in the portal. An opted-out client gets nothing."""

import hashlib
import re
from datetime import timedelta

from django.core import mail
from django.urls import reverse
from twilio.request_validator import RequestValidator

from openipt.reminders.actions import revoke_stop_links
from openipt.reminders.models import Channel, ContactPreference, Status, StopLink
from openipt.reminders.queries import preference_of

from .builders import SESSION_2, course_with, messages, run


def stop_token_from(body):
    return re.search(r"/portal/stop/([\w-]+)/", body).group(1)


def reminded(people, travel):
    course_with(people, sessions=3)
    run(travel, SESSION_2 - timedelta(hours=20))
    [sent] = [m for m in mail.outbox if m.to == ["robin@example.invalid"]]
    return stop_token_from(sent.body), sent


def test_the_link_is_stored_only_as_its_hash(people, travel):
    token, _ = reminded(people, travel)
    link = StopLink.objects.get()
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(StopLink.objects.values().get())
    assert link.message == messages("session")[0]


def test_opening_the_link_asks_and_changes_nothing(people, travel, client):
    token, _ = reminded(people, travel)
    page = client.get(reverse("portal:stop", args=[token]))
    assert page.status_code == 200 and "Stop my reminders" in page.content.decode()
    assert preference_of(people.client).channel == Channel.EMAIL
    # The page names nobody: anyone holding the phone may open it.
    assert people.client.given_name not in page.content.decode()
    assert people.client.reference not in page.content.decode()


def test_pressing_stop_stops_every_reminder_and_spends_the_link(people, travel, client):
    token, sent = reminded(people, travel)
    assert sent.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    response = client.post(reverse("portal:stop", args=[token]))  # no CSRF token: one-click
    assert response.status_code == 200 and "no more reminders" in response.content.decode()
    preference = ContactPreference.objects.get(client=people.client)
    assert (preference.channel, preference.opted_out_by) == (Channel.NONE, "link")
    assert client.post(reverse("portal:stop", args=[token])).status_code == 410
    # The next reminder is logged as not sent, and nothing is mailed.
    mail.outbox.clear()
    run(travel, SESSION_2 + timedelta(days=7) - timedelta(hours=20))
    assert [m for m in mail.outbox if m.to == ["robin@example.invalid"]] == []


def test_a_revoked_or_expired_link_does_nothing(people, travel, client, settings):
    token, _ = reminded(people, travel)
    revoke_stop_links(people.client)
    assert client.post(reverse("portal:stop", args=[token])).status_code == 410
    assert preference_of(people.client).channel == Channel.EMAIL
    StopLink.objects.update(revoked_at=None, expires_at=SESSION_2 - timedelta(days=1))
    assert client.get(reverse("portal:stop", args=[token])).status_code == 410


def test_the_link_can_do_nothing_but_stop(people, travel, client):
    """Single-purpose: it signs nobody in and opens no other page."""
    token, _ = reminded(people, travel)
    client.post(reverse("portal:stop", args=[token]))
    assert client.get(reverse("portal:home")).status_code == 302  # still signed out


# --- STOP by text ----------------------------------------------------------------------------


def with_phone(people, phone="07700 900123"):
    people.client.phone = phone
    people.client.save(update_fields=["phone"])
    people.another_client.phone = "+44 7700 900123"  # the same shared phone
    people.another_client.save(update_fields=["phone"])


def test_stop_by_text_through_the_callback_with_its_secret(people, client, settings):
    settings.OPENIPT_SMS_CALLBACK_SECRET = "callback-secret"
    with_phone(people)
    url = reverse("portal:sms_inbound")
    body = {"From": "+447700900123", "Body": "Stop"}
    assert client.post(url, body).status_code == 403
    assert client.post(url, body, HTTP_X_OPENIPT_CALLBACK_SECRET="wrong").status_code == 403
    assert preference_of(people.client).channel == Channel.EMAIL
    response = client.post(url, body, HTTP_X_OPENIPT_CALLBACK_SECRET="callback-secret")
    assert response.status_code == 200 and response["Content-Type"] == "text/xml"
    for someone in (people.client, people.another_client):
        preference = preference_of(someone)
        assert (preference.channel, preference.opted_out_by) == (Channel.NONE, "sms")
    assert preference_of(people.other_org_client).channel == Channel.EMAIL


def test_the_callback_is_refused_while_no_secret_is_set(people, client, settings):
    settings.OPENIPT_SMS_CALLBACK_SECRET = ""
    with_phone(people)
    response = client.post(
        reverse("portal:sms_inbound"),
        {"From": "+447700900123", "Body": "STOP"},
        HTTP_X_OPENIPT_CALLBACK_SECRET="",
    )
    assert response.status_code == 403


def test_other_texts_change_nothing(people, client, settings):
    settings.OPENIPT_SMS_CALLBACK_SECRET = "callback-secret"
    with_phone(people)
    client.post(
        reverse("portal:sms_inbound"),
        {"From": "+447700900123", "Body": "Can we move it to Tuesday?"},
        HTTP_X_OPENIPT_CALLBACK_SECRET="callback-secret",
    )
    assert preference_of(people.client).channel == Channel.EMAIL


def test_twilio_callbacks_are_checked_with_twilios_signature(people, client, settings):
    settings.OPENIPT_SMS_BACKEND = "openipt.reminders.sms.TwilioBackend"
    settings.OPENIPT_TWILIO_ACCOUNT_SID = "AC" + "0" * 32
    settings.OPENIPT_TWILIO_AUTH_TOKEN = "twilio-auth-token"
    with_phone(people)
    url = reverse("portal:sms_inbound")
    body = {"From": "+447700900123", "Body": "STOP", "MessageSid": "SM1"}
    signature = RequestValidator("twilio-auth-token").compute_signature(
        f"http://testserver{url}", body
    )
    forged = RequestValidator("not-the-token").compute_signature(f"http://testserver{url}", body)
    assert client.post(url, body, HTTP_X_TWILIO_SIGNATURE=forged).status_code == 403
    assert preference_of(people.client).channel == Channel.EMAIL
    assert client.post(url, body, HTTP_X_TWILIO_SIGNATURE=signature).status_code == 200
    assert preference_of(people.client).channel == Channel.NONE


# --- the client's own choice ---------------------------------------------------------------


def test_the_client_chooses_sms_and_quiet_hours_in_the_portal(people, client):
    with_phone(people)
    client.force_login(people.client_user)
    url = reverse("portal:reminders")
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"channel": "sms", "quiet_from": "21:30", "quiet_until": "08:00", "language": "nl"}
    )
    assert response.status_code == 302
    preference = preference_of(people.client)
    assert (preference.channel, f"{preference.quiet_from:%H:%M}", preference.language) == (
        "sms",
        "21:30",
        "nl",
    )


def test_bad_choices_are_explained_next_to_the_field_and_nothing_is_saved(people, client):
    client.force_login(people.client_user)
    url = reverse("portal:reminders")
    response = client.post(url, {"channel": "sms", "quiet_from": "21:30", "language": "en"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "We have no mobile number for you" in page
    assert "Give both times, or leave both empty." in page
    assert not ContactPreference.objects.filter(client=people.client).exists()


def test_choosing_a_channel_again_ends_an_opt_out(people, travel, client):
    token, _ = reminded(people, travel)
    client.post(reverse("portal:stop", args=[token]))
    client.force_login(people.client_user)
    client.post(reverse("portal:reminders"), {"channel": "email", "language": "en"})
    preference = preference_of(people.client)
    assert (preference.channel, preference.opted_out_at) == ("email", None)


def test_an_opted_out_clients_reminders_are_logged_as_not_sent(people, travel, client):
    token, _ = reminded(people, travel)
    client.post(reverse("portal:stop", args=[token]))
    run(travel, SESSION_2 + timedelta(days=7) - timedelta(hours=20))
    reasons = [(m.status, m.reason) for m in messages("session")]
    assert reasons == [(Status.SENT, ""), (Status.SUPPRESSED, "opted_out")]
