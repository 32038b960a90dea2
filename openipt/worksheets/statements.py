"""Assembling an assertive statement from its four parts (a pure function)."""

from django.utils.translation import gettext


def _clean(part):
    return " ".join((part or "").split()).rstrip(".")


def assemble(feeling, situation, reason, preference):
    """I feel [feeling] when [situation] because [reason]. I would prefer [preference].

    Parts not yet written show as an ellipsis so the preview reads while it is built.
    """
    feeling, situation, reason, preference = (
        _clean(p) or "…" for p in (feeling, situation, reason, preference)
    )
    sentence = gettext(
        "I feel %(feeling)s when %(situation)s because %(reason)s. I would prefer %(preference)s."
    )
    return sentence % {
        "feeling": feeling,
        "situation": situation,
        "reason": reason,
        "preference": preference,
    }
