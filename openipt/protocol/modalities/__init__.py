"""The registry of shipped IPT modalities, keyed by code.

Adding a modality means writing one module beside these (copy a sibling) and listing its
MODALITY below; phases.validate_all() checks it at start-up.
"""

from . import group_ipt, individual_ipt, ipc, ipsrt, ipt_a, ipt_ed, maintenance, perinatal_ipt
from .base import Modality

# In display order. Kept as a tuple as well so validation can catch two modules that
# claim the same code, which building the dict would silently hide.
SHIPPED: tuple[Modality, ...] = tuple(
    module.MODALITY
    for module in (
        individual_ipt,
        ipc,
        ipt_a,
        perinatal_ipt,
        ipt_ed,
        maintenance,
        ipsrt,
        group_ipt,
    )
)

MODALITIES: dict[str, Modality] = {modality.code: modality for modality in SHIPPED}


def get(code: str) -> Modality:
    try:
        return MODALITIES[code]
    except KeyError:
        raise KeyError(f"unknown modality {code!r}") from None


def choices() -> list[tuple[str, str]]:
    """(code, name) pairs in registry order, for model and form choices."""
    return [(modality.code, modality.name) for modality in MODALITIES.values()]


def group_choices() -> list[tuple[str, str]]:
    """(code, name) of the modalities that may run as a group (those with a GroupFormat):
    group IPT first, the usual group format and the one the group form starts with, then
    the others (IPC, IPT-A) in registry order."""
    runs_as_group = [modality for modality in SHIPPED if modality.group]
    runs_as_group.sort(key=lambda modality: modality is not group_ipt.MODALITY)
    return [(modality.code, modality.name) for modality in runs_as_group]
