"""Assembling an assertive statement from its four parts (a pure function)."""


def _clean(part):
    return " ".join((part or "").split()).rstrip(".")


def assemble(feeling, situation, reason, preference):
    """I feel [feeling] when [situation] because [reason]. I would prefer [preference].

    Parts not yet written show as an ellipsis so the preview reads while it is built.
    """
    feeling, situation, reason, preference = (
        _clean(p) or "…" for p in (feeling, situation, reason, preference)
    )
    return f"I feel {feeling} when {situation} because {reason}. I would prefer {preference}."
