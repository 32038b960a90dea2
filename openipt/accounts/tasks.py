"""The password-reset mail, sent from the task worker (not the request, so that known and
unknown addresses get the same answer in the same time). Its wording is Django's reset
form with our templates (accounts/password_reset_*.txt); every other message is built in
openipt/notices.py."""

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.utils import translation
from django_tasks import task

from openipt.audit.record import record


class AuditedPasswordResetForm(PasswordResetForm):
    """Django's reset form; each mail it sends is audited with the requester's address."""

    def __init__(self, data, *, ip):
        super().__init__(data)
        self.ip = ip

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        user = context["user"]
        # In the account's own language (docs/languages.md); the default one without a choice.
        with translation.override(user.language or settings.LANGUAGE_CODE):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)
        record(
            None,
            "account.password_reset_mailed",
            user,
            organisation_id=user.organisation_id,
            ip=self.ip,
        )


@task()
def send_password_reset_email(email, *, domain, use_https, ip=None):
    """Mail a reset link to each active account with this address, if there is one.

    The request only queues this task, whatever the address: looking the address up and
    sending the mail there would make answers for known addresses slower, and so tell a
    stranger which addresses have accounts."""
    form = AuditedPasswordResetForm({"email": email}, ip=ip)
    if not form.is_valid():
        return
    form.save(
        domain_override=domain,
        use_https=use_https,
        subject_template_name="accounts/password_reset_subject.txt",
        email_template_name="accounts/password_reset_email.txt",
    )
