"""Who may start what (docs/modalities.md, "Who may start what").

An organisation decides which clinician roles may start which modalities
(Organisation.start_rules; a role it has not set keeps DEFAULT_STARTS below) and may ask for
a training record before a course starts (Organisation.require_training_to_start). A course
outside these rules is not refused: it is held until the clinician's supervisor approves it
(CourseStartRequest). The functions here are pure, so the rules are tested as a table.
"""

from django.utils.translation import gettext, gettext_lazy

from openipt.accounts.models import CLINICIAN_ROLES, Role

from . import modalities

# Counsellors deliver Interpersonal Counselling and facilitate groups; full individual IPT
# and its variants are for therapists (docs/modalities.md, "Who may start what": IPC as the
# simplified IPT of non-specialist settings, Weissman et al. 2014; supervised lay
# facilitators of Group IPT, World Health Organization 2016).
DEFAULT_STARTS = {
    Role.THERAPIST: tuple(modalities.MODALITIES),
    Role.COUNSELLOR: ("ipc", "group_ipt"),
}

# Why a course is held, in the words of the start form: one whole clause for each set of
# reasons (there are two), so that no language has to join clauses with an English "and".
ROLE = "role"
TRAINING = "training"
HELD_WORDS = {
    (ROLE,): gettext_lazy("your organisation does not let your role start this modality"),
    (TRAINING,): gettext_lazy(
        "there is no certified or signed-off training record for this modality"
    ),
    (ROLE, TRAINING): gettext_lazy(
        "your organisation does not let your role start this modality, and there is no "
        "certified or signed-off training record for it"
    ),
}
# The same reasons as others read them (the supervisor's page, the audit trail).
REASON_LABELS = {
    ROLE: gettext_lazy("the clinician's role may not start it"),
    TRAINING: gettext_lazy("no certified or signed-off training for it"),
}


def allowed_modalities(organisation_rules, role):
    """The modality codes a role may start: the organisation's choice, else the default."""
    if role not in CLINICIAN_ROLES:
        return ()
    chosen = (organisation_rules or {}).get(str(role))
    if chosen is None:
        return DEFAULT_STARTS[role]
    return tuple(code for code in chosen if code in modalities.MODALITIES)


def held_reasons(*, role, modality, organisation_rules, require_training, trained_for):
    """Why a course of `modality` started by a clinician of `role` needs their supervisor's
    approval (empty: it may start). `trained_for` holds the modality codes of the
    clinician's certified or signed-off training records."""
    reasons = []
    if modality not in allowed_modalities(organisation_rules, role):
        reasons.append(ROLE)
    if require_training and modality not in trained_for:
        reasons.append(TRAINING)
    return reasons


def held_for(clinician, modality):
    """held_reasons for a clinician of their organisation (one query for their training)."""
    organisation = clinician.organisation
    trained = set()
    if organisation.require_training_to_start:
        trained = {
            record.modality
            for record in clinician.training_records.all()
            if record.counts_for_starting
        }
    return held_reasons(
        role=clinician.role,
        modality=modality,
        organisation_rules=organisation.start_rules,
        require_training=organisation.require_training_to_start,
        trained_for=trained,
    )


def explain(reasons, modality):
    """The start form's words for a held course, in the reader's language."""
    why = HELD_WORDS[tuple(reason for reason in (ROLE, TRAINING) if reason in reasons)]
    return gettext(
        "This %(modality)s course is held for your supervisor's approval: %(why)s. The request "
        "now waits on your supervisor's supervision page; once they approve it, start the "
        "course again from this page."
    ) % {"modality": modalities.get(modality).name, "why": why}
