import re

from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse


def test_password_reset_by_email(people, client):
    client.post(reverse("accounts:password_reset"), {"email": people.owner.email})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+)", mail.outbox[0].body)[1]
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    new = "a-brand-new-passphrase-9"
    done = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"new_password1": new, "new_password2": new},
    )
    assert done.status_code == 302
    people.owner.refresh_from_db()
    assert people.owner.check_password(new)


def test_unknown_email_gets_the_same_answer_and_no_mail(people, client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.invalid"})
    assert response.url == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def statements(captured):
    """The queries run, without their values (the address, an id, a time)."""
    return [re.sub(r"'(?:[^']|'')*'|\b\d+\b", "?", query["sql"]) for query in captured]


def test_known_and_unknown_addresses_get_the_same_work_and_answer(
    transactional_db, people, client, settings
):
    """Timing must not tell which addresses have accounts (issue 17, item 7): the request
    only queues the mail task, so both make the same queries and send nothing; the task
    worker looks the address up and sends the one mail. (Transactional: the worker closes
    and reopens database connections as it does in production.)"""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    url = reverse("accounts:password_reset")
    with CaptureQueriesContext(connection) as known:
        known_answer = client.post(url, {"email": people.owner.email})
    with CaptureQueriesContext(connection) as unknown:
        unknown_answer = client.post(url, {"email": "nobody@example.invalid"})
    assert statements(known) == statements(unknown)
    assert known_answer.url == unknown_answer.url == reverse("accounts:password_reset_done")
    assert mail.outbox == []
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    assert [message.to for message in mail.outbox] == [[people.owner.email]]
    assert "/accounts/password/reset/" in mail.outbox[0].body
