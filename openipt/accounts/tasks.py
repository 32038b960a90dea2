"""Background work for accounts: mail goes out from the task worker, not the request."""

from django.core.mail import send_mail
from django_tasks import task

from .models import Invitation


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
