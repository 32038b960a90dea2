"""Background work for accounts: mail goes out from the task worker, not the request."""

from django.contrib.auth.forms import PasswordResetForm
from django.core.mail import send_mail
from django_tasks import task

from openipt.audit.record import record

from .models import Invitation, User


@task()
def send_invitation_email(invitation_id, link):
    invitation = Invitation.objects.select_related("client", "created_by").get(pk=invitation_id)
    clinician = invitation.created_by.display_name
    body = (
        f"Hello {invitation.client.given_name},\n\n"
        f"{clinician} has invited you to OpenIPT, where you can fill in questionnaires "
        "and homework between sessions.\n\n"
        f"Open this link to choose your password (it works once and expires on "
        f"{invitation.expires_at:%d %B %Y}):\n{link}\n\n"
        "If you were not expecting this message, you can ignore it.\n"
    )
    send_mail("Your OpenIPT invitation", body, None, [invitation.sent_to])


@task()
def send_second_factor_replaced_email(user_id):
    user = User.objects.get(pk=user_id)
    if not user.email:
        return
    body = (
        f"Hello {user.first_name or user.username},\n\n"
        "The authenticator app for your OpenIPT account was just replaced, and new "
        "recovery codes were issued. Your old app and old recovery codes no longer work.\n\n"
        "If you did not do this, tell your organisation's administrator today: someone "
        "may know your password.\n"
    )
    send_mail("Your OpenIPT authenticator was replaced", body, None, [user.email])


class AuditedPasswordResetForm(PasswordResetForm):
    """Django's reset form; each mail it sends is audited with the requester's address."""

    def __init__(self, data, *, ip):
        super().__init__(data)
        self.ip = ip

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)
        user = context["user"]
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
