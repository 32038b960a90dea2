"""Languages (docs/languages.md): the catalogues are complete, the translated pages carry
no English, a person's own language is used, and anonymous pages follow the browser."""

from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from openipt.accounts.actions import invite_client
from openipt.audit.models import AuditEvent
from openipt.languages import catalogue_sources
from openipt.testing.catalogues import problems
from openipt.testing.people import make_client

TRANSLATED = ("nl", "fr")
# Words of the English interface that no page of the translated slice may still show.
COMMON_ENGLISH = (
    "Sign in",
    "Sign out",
    "Password",
    "Username",
    "Get help now",
    "Skip to main content",
    "Language",
    "Continue",
    "Save",
    "Your account",
    "required",
    "What to do now",
    "Please ",
    "Yes",
    "Not sure",
    " the ",
    " your ",
    " you ",
)


# --- the catalogues ---------------------------------------------------------------------


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_entry_of_the_catalogue_is_translated_and_none_is_fuzzy(language):
    source = Path(f"openipt/locale/{language}/LC_MESSAGES/django.po")
    assert source in [path.relative_to(Path.cwd()) for path in catalogue_sources()]
    assert problems(source) == []


def test_the_completeness_check_finds_empty_fuzzy_and_half_plural_entries(tmp_path):
    source = tmp_path / "django.po"
    source.write_text(
        'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        'msgid "Done"\nmsgstr "Klaar"\n\n'
        'msgid "Save"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Saved"\nmsgstr "Opgeslagen"\n\n'
        'msgid "one day"\nmsgid_plural "%(n)s days"\nmsgstr[0] "een dag"\nmsgstr[1] ""\n',
        encoding="utf-8",
    )
    assert problems(source) == [
        "untranslated: 'Save'",
        "fuzzy: 'Saved'",
        "untranslated: 'one day'",
    ]


# --- the translated pages ---------------------------------------------------------------


def english_left(html):
    text = html.split("<body", 1)[1]
    return [words for words in COMMON_ENGLISH if words in visible_text(text)]


def visible_text(html):
    """The page's text without tags and attribute values (a CSS class is not English)."""
    import re  # noqa: PLC0415 (only here)

    without_tags = re.sub(r"<[^>]*>", " ", html)
    return re.sub(r"\s+", " ", without_tags)


PUBLIC_PAGES = (
    "accounts:login",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_complete",
    "portal:crisis",
    "portal:self_assessment",
)


@pytest.mark.parametrize("language", TRANSLATED)
@pytest.mark.parametrize("url_name", PUBLIC_PAGES)
def test_public_pages_follow_the_browser_and_show_no_english(url_name, language, client, db):
    response = client.get(reverse(url_name), HTTP_ACCEPT_LANGUAGE=f"{language},en;q=0.5")
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert response["Content-Language"] == language
    assert english_left(html) == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_self_assessment_result_is_translated_with_its_plural(language, client, db):
    one = client.post(
        reverse("portal:self_assessment"),
        {"recent_change": "yes"},
        HTTP_ACCEPT_LANGUAGE=language,
    ).content.decode()
    two = client.post(
        reverse("portal:self_assessment"),
        {"recent_change": "yes", "short_focused": "yes"},
        HTTP_ACCEPT_LANGUAGE=language,
    ).content.decode()
    assert english_left(one) == english_left(two) == []
    singular, plural = {
        "nl": ("U beantwoordde één van de tien vragen.", "U beantwoordde 2 van de tien vragen."),
        "fr": (
            "Vous avez répondu à 1 question sur dix.",
            "Vous avez répondu à 2 questions sur dix.",
        ),
    }[language]
    assert singular in one and plural in two


@pytest.mark.parametrize("language", TRANSLATED)
def test_signed_in_slice_pages_are_in_the_persons_language(language, people, client):
    people.owner.language = language
    people.owner.save(update_fields=["language"])
    client.force_login(people.owner)
    for url_name in ("accounts:language", "accounts:two_factor_setup", "accounts:password_change"):
        html = client.get(reverse(url_name), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert f'<html lang="{language}">' in html, url_name
        assert english_left(html) == [], url_name


def test_the_switcher_sets_the_language_of_pages_for_people_not_signed_in(client, db):
    response = client.post(
        reverse("set_language"), {"language": "fr", "next": reverse("portal:crisis")}
    )
    assert response.url == reverse("portal:crisis")
    html = client.get(reverse("portal:crisis"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert '<html lang="fr">' in html and "aide maintenant" in html


def test_without_a_choice_the_browser_language_is_used_even_signed_in(people, client):
    client.force_login(people.client_user)
    html = client.get(reverse("portal:crisis"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert '<html lang="nl">' in html


# --- choosing one's language ------------------------------------------------------------


def test_a_person_chooses_their_language_and_it_is_audited(people, client):
    client.force_login(people.client_user)
    response = client.post(reverse("accounts:language"), {"language": "nl"})
    assert response.url == reverse("accounts:language")
    people.client_user.refresh_from_db()
    assert people.client_user.language == "nl"
    event = AuditEvent.objects.get(action="account.language_chosen")
    assert event.facts == {"language": "nl"}
    page = client.get(reverse("portal:crisis"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<html lang="nl">' in page and "Uw taal is opgeslagen." in page


def test_a_language_not_offered_is_refused_next_to_the_field(people, client):
    client.force_login(people.owner)
    response = client.post(reverse("accounts:language"), {"language": "xx"})
    assert response.status_code == 200
    assert response.context["form"].errors["language"]
    people.owner.refresh_from_db()
    assert people.owner.language == ""
    assert not AuditEvent.objects.filter(action="account.language_chosen").exists()


def test_dates_follow_the_language():
    from datetime import date  # noqa: PLC0415 (only here)

    from django.utils.formats import date_format  # noqa: PLC0415 (only here)

    with translation.override("nl"):
        assert date_format(date(2026, 3, 9), "j F Y") == "9 maart 2026"
    with translation.override("fr"):
        assert date_format(date(2026, 3, 9), "j F Y") == "9 mars 2026"


# --- a client's language is set at invitation -------------------------------------------


def test_the_invitation_mail_page_and_account_use_the_language_chosen(
    people, client, django_capture_on_commit_callbacks
):
    jo = make_client(people.owner, "Jo")
    client.force_login(people.owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("clinic:client_invite", args=[jo.pk]),
            {"email": "jo@example.invalid", "language": "nl"},
        )
    (sent,) = mail.outbox
    assert sent.subject == "Uw uitnodiging voor OpenIPT"
    assert sent.body.startswith("Beste Jo,")
    link = next(line for line in sent.body.splitlines() if "/portal/invitation/" in line)
    token = link.rstrip("/").rsplit("/", 1)[1]
    client.logout()
    page = client.get(reverse("portal:invitation", args=[token]), HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert '<html lang="nl">' in html and "Welkom, Jo" in html
    assert english_left(html) == []
    password = "my-own-secret-phrase-7"
    client.post(
        reverse("portal:invitation", args=[token]),
        {"username": "jo.nl", "password1": password, "password2": password},
    )
    jo.refresh_from_db()
    assert jo.user.language == "nl"


def test_an_invitation_in_a_language_not_offered_is_refused(people):
    jo = make_client(people.owner, "Jo")
    with pytest.raises(ValueError):
        invite_client(people.owner, jo, language="xx")


# --- crisis information per language ----------------------------------------------------


def test_each_client_sees_the_crisis_lines_of_their_language_or_the_default(people, client):
    organisation = people.admin.organisation
    organisation.crisis_phone_numbers = "Default line: 0800 000"
    organisation.save(update_fields=["crisis_phone_numbers"])
    client.force_login(people.admin)
    response = client.post(
        reverse("clinic:crisis_by_language"),
        {"nl__phone_numbers": "Nederlandse lijn: 113", "nl__what_to_do": "Bel 113."},
    )
    assert response.url == reverse("clinic:crisis_by_language")
    event = AuditEvent.objects.filter(action="organisation.updated").latest("id")
    assert event.facts == {"changed": ["crisis_by_language"]}
    organisation.refresh_from_db()
    assert organisation.crisis_by_language == {
        "nl": {"phone_numbers": "Nederlandse lijn: 113", "text_lines": "", "what_to_do": "Bel 113."}
    }
    client.force_login(people.client_user)
    people.client_user.language = "nl"
    people.client_user.save(update_fields=["language"])
    dutch = client.get(reverse("portal:crisis")).content.decode()
    assert "Nederlandse lijn: 113" in dutch and "Default line" not in dutch
    people.client_user.language = "fr"
    people.client_user.save(update_fields=["language"])
    french = client.get(reverse("portal:crisis")).content.decode()
    assert "Default line: 0800 000" in french and "113" not in french
    client.logout()
    anonymous = client.get(reverse("portal:crisis"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "113" not in anonymous and "huisarts" in anonymous  # general advice, in Dutch


def test_crisis_lines_in_a_language_not_offered_are_refused(people):
    from openipt.accounts.actions import set_crisis_by_language  # noqa: PLC0415 (only here)

    with pytest.raises(ValueError):
        set_crisis_by_language(
            people.admin, people.admin.organisation, {"xx": {"phone_numbers": "1"}}
        )
    assert people.admin.organisation.crisis_by_language == {}


# --- a third language without code --------------------------------------------------------


def test_a_third_language_is_offered_from_the_environment_alone(tmp_path, settings, client, db):
    """docs/languages.md, "Adding a language": the settings read the languages and extra
    catalogue directories from the environment, and a compiled catalogue is served."""
    import os  # noqa: PLC0415 (only here)
    import subprocess  # noqa: PLC0415 (only here)
    import sys  # noqa: PLC0415 (only here)

    environment = os.environ | {
        "OPENIPT_LANGUAGES": "en-gb,nl,fr,de",
        "OPENIPT_LOCALE_PATHS": str(tmp_path),
    }
    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            "from openipt import settings; print(settings.LANGUAGES[-1], "
            "settings.LOCALE_PATHS[-1])",
        ],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert shown.strip() == f"('de', 'Deutsch') {tmp_path}"
    catalogue = tmp_path / "de" / "LC_MESSAGES" / "django.po"
    catalogue.parent.mkdir(parents=True)
    catalogue.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        'msgid "Sign in to OpenIPT"\nmsgstr "Bei OpenIPT anmelden"\n',
        encoding="utf-8",
    )
    settings.LANGUAGES = [*settings.LANGUAGES, ("de", "Deutsch")]
    settings.LOCALE_PATHS = [*settings.LOCALE_PATHS, tmp_path]
    from openipt.languages import compile_catalogues  # noqa: PLC0415 (only here)

    assert catalogue in compile_catalogues()
    html = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert '<html lang="de">' in html and "Bei OpenIPT anmelden" in html


def test_the_password_reset_mail_is_in_the_accounts_language(people, client):
    people.client_user.language = "fr"
    people.client_user.save(update_fields=["language"])
    client.post(
        reverse("accounts:password_reset"),
        {"email": people.client_user.email},
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    (sent,) = mail.outbox
    assert sent.subject == "Réinitialiser votre mot de passe OpenIPT"
    assert "Quelqu'un a demandé la réinitialisation" in sent.body
    assert "/accounts/password/reset/" in sent.body
