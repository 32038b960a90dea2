"""The list tags put each row's id into a path reversed once per page: the same path as
reverse() gives for that id."""

import pytest
from django.urls import reverse, set_script_prefix

from openipt.clinic.templatetags.row_paths import PathOfId


@pytest.mark.parametrize("pk", [1, 7, 42, 2147483647, 10**12])
@pytest.mark.parametrize("name", ["clinic:client", "clinic:course_fidelity"])
def test_the_path_of_an_id_is_what_reverse_gives(name, pk):
    assert PathOfId(name)(pk) == reverse(name, args=[pk])


def test_the_path_prefix_of_the_script_is_kept():
    set_script_prefix("/under/7/")
    try:
        assert PathOfId("clinic:client")(7) == reverse("clinic:client", args=[7])
        assert reverse("clinic:client", args=[7]).startswith("/under/7/")
    finally:
        set_script_prefix("/")
