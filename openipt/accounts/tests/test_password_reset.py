import re

from django.core import mail
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
