"""Writes made when running a site: repairing stored dates (`openipt repair-dates --fix`)."""

from django.db import models, transaction

from openipt.audit.record import record
from openipt.caseload.models import Client

# People, organisations and the trail itself lead to no client.
NOT_TOWARDS_A_CLIENT = ("accounts", "audit")


@transaction.atomic
def repair_date(finding):
    """Apply one repair from operations.repair.findings: clear the date or move it to the
    end of its sound range, and record `data.date_repaired` on the row (in the trail of
    its client), naming the field and the value it held, so the repair can be undone."""
    model = finding.field.model
    row = model._base_manager.select_for_update().get(pk=finding.pk)
    # A plain QuerySet: history rows (formulation.AppendOnly) refuse update() through
    # their own manager, and a repair is the one change they take, audited below. No
    # save() either, so no side effects (stamps, model rules) on a repair.
    models.QuerySet(model).filter(pk=row.pk).update(**{finding.field.name: finding.repaired})
    client = _client_of(row)
    record(
        None,
        "data.date_repaired",
        row,
        client=client,
        organisation_id=client.organisation_id if client else getattr(row, "organisation_id", None),
        facts={
            "field": f"{model._meta.label_lower}.{finding.field.name}",
            "was": int(finding.stored.strftime("%Y%m%d")),
        },
    )


def _client_of(row, depth=4):
    """The client a row belongs to, found along its links (client and episode first)."""
    if isinstance(row, Client):
        return row
    if depth == 0:
        return None
    links = [
        link
        for link in row._meta.concrete_fields
        if (link.many_to_one or link.one_to_one)
        and link.related_model._meta.app_label not in NOT_TOWARDS_A_CLIENT
    ]
    links.sort(key=lambda link: link.name not in ("client", "episode"))
    for link in links:
        holder = getattr(row, link.name)
        found = _client_of(holder, depth - 1) if holder is not None else None
        if found is not None:
            return found
    return None
