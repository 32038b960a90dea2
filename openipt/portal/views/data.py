"""My data: the client downloads what is held about them, and can ask for it to be deleted.
Every query starts from access.portal_client(request.user) (collection in my_data.py)."""

import json
from datetime import date

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from openipt import pdf
from openipt.accounts.actions import request_deletion
from openipt.accounts.forms import DeletionRequestForm
from openipt.audit.record import record
from openipt.caseload import access
from openipt.caseload.queries import deletion_requests_of
from openipt.worksheets.pdf import render_pdf

from ..my_data import collect, export


@access.client_required
def my_data(request):
    client = access.portal_client(request.user)
    form = DeletionRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        request_deletion(request.user, client, reason=form.cleaned_data["reason"], request=request)
        messages.success(
            request,
            gettext(
                "Your request has been sent to the organisation's administrator. "
                "They will let you know what happens."
            ),
        )
        return redirect("portal:my_data")
    record(request.user, "portal.my_data_viewed", client, client=client, request=request)
    context = {
        "client": client,
        "form": form,
        "requests": list(deletion_requests_of(client)),
        "nav": "my_data",
    }
    return render(request, "portal/data/my_data.html", context, status=400 if form.errors else 200)


@require_GET
@access.client_required
def my_data_pdf(request):
    client = access.portal_client(request.user)
    context = {**collect(client), "today": date.today()}
    html = render_to_string("portal/data/summary_pdf.html", context)
    record(request.user, "portal.my_data_pdf_downloaded", client, client=client, request=request)
    return pdf.pdf_download(render_pdf(html), "my-data")


@require_GET
@access.client_required
def my_data_json(request):
    client = access.portal_client(request.user)
    document = export(collect(client))
    record(request.user, "portal.my_data_json_downloaded", client, client=client, request=request)
    response = HttpResponse(
        json.dumps(document, indent=2, default=str), content_type="application/json"
    )
    filename = f"my-data-{document['exported_on']}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
