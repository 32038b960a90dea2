"""Reminders for the client: their choices (portal), the stop link in every message, and
the SMS provider's callback for texts sent back (STOP).

The stop page and the callback are public: the stop link's token, and the provider's
signature, are their gates. Neither shows anything about the client.
"""

from django.contrib import messages
from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from openipt.audit.record import record
from openipt.caseload import access
from openipt.reminders import queries, sms
from openipt.reminders.actions import (
    StopLinkInvalid,
    set_contact_preference,
    stop_by_text,
    stop_with_link,
    usable_stop_link,
)
from openipt.reminders.forms import ContactPreferenceForm


@access.client_required
def reminders(request):
    client = access.portal_client(request.user)
    preference = queries.preference_of(client)
    initial = {
        "channel": preference.channel,
        "quiet_from": preference.quiet_from,
        "quiet_until": preference.quiet_until,
        "language": preference.language,
    }
    form = ContactPreferenceForm(request.POST or None, client=client, initial=initial)
    if request.method == "POST" and form.is_valid():
        set_contact_preference(request.user, client, request=request, **form.cleaned_data)
        messages.success(request, gettext("Your reminder choices are saved."))
        return redirect("portal:reminders")
    if request.method == "GET":
        record(request.user, "portal.reminders_viewed", client, client=client, request=request)
    context = {"client": client, "preference": preference, "form": form, "nav": "reminders"}
    return render(request, "portal/reminders.html", context, status=400 if form.errors else 200)


# Mail programs send a one-click unsubscribe (RFC 8058) as a POST without a CSRF token; the
# link's secret token is what proves it comes from the message.
@csrf_exempt
def stop(request, token):
    """A message's stop link. Opening it asks; pressing the button (or a mail program's
    one-click unsubscribe) stops every reminder. A spent or revoked link does nothing. The
    page speaks the language the message was written in (the client's); a link that no
    longer works says so in the browser's."""
    try:
        link = usable_stop_link(token)
    except StopLinkInvalid:
        return _stop_link_spent(request)
    with translation.override(queries.language_of(link.client)):
        if request.method != "POST":
            return render(request, "portal/stop.html", {})
        try:
            stop_with_link(token, request=request)
        except StopLinkInvalid:
            return _stop_link_spent(request)
        return render(request, "portal/stop.html", {"stopped": True})


def _stop_link_spent(request):
    return render(request, "portal/stop.html", {"invalid": True}, status=410)


@csrf_exempt
@require_POST
def sms_inbound(request):
    """The SMS provider's callback for a text a client sent. Only a text the provider
    signed is read; STOP (and the carriers' other stop words) stops every client with
    that number. The answer is an empty TwiML document: no reply is sent."""
    try:
        inbound = sms.backend().inbound(request)
    except sms.NotFromProvider:
        return HttpResponseForbidden("Not signed by the SMS provider.")
    if sms.is_stop(inbound.body):
        stop_by_text(queries.clients_with_number(inbound.sender))
    return HttpResponse("<Response/>", content_type="text/xml")
