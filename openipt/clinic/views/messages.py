"""Messages to a client (the log of every reminder and what became of it, and their
choices), and the organisation's sender and wording (the admin's page)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from openipt.audit.record import record
from openipt.caseload import access
from openipt.reminders import kinds, queries
from openipt.reminders.actions import set_contact_preference, update_message_settings
from openipt.reminders.forms import ContactPreferenceForm, MessageSettingsForm


@access.staff_required
def client_messages(request, pk):
    """The client's message log (their clinician, the supervisor and the admin: it holds
    no clinical content) and, for those who may change contact details, their choices."""
    need = access.CHANGE_ADMIN if request.method == "POST" else access.VIEW_ADMIN
    client = access.client_for(request.user, pk, need=need)
    can_change = access.CHANGE_ADMIN in client.permissions
    preference = queries.preference_of(client)
    form = ContactPreferenceForm(request.POST or None, client=client, initial=_initial(preference))
    if request.method == "POST" and form.is_valid():
        set_contact_preference(request.user, client, request=request, **form.cleaned_data)
        messages.success(request, gettext("Reminder choices saved."))
        return redirect("clinic:client_messages", pk=client.pk)
    if request.method == "GET":
        record(request.user, "client.messages_viewed", client, client=client, request=request)
    context = {
        "client": client,
        "preference": preference,
        "form": form if can_change else None,
        "log": queries.message_log(client),
        "nav": "clients",
    }
    return render(
        request, "clinic/client_messages.html", context, status=400 if form.errors else 200
    )


def _initial(preference):
    return {
        "channel": preference.channel,
        "quiet_from": preference.quiet_from,
        "quiet_until": preference.quiet_until,
        "language": preference.language,
    }


@access.admin_required
def message_settings(request):
    organisation = request.user.organisation
    current = queries.message_settings_of(organisation)
    form = MessageSettingsForm(request.POST or None, instance=current, kinds=kinds.KINDS.values())
    if request.method == "POST" and form.is_valid():
        update_message_settings(request.user, organisation, request=request, **form.values())
        messages.success(request, gettext("Message settings saved."))
        return redirect("clinic:message_settings")
    context = {"form": form, "nav": "organisation"}
    return render(
        request, "clinic/message_settings.html", context, status=400 if form.errors else 200
    )
