"""The path of one row's page, for the list tags (client_rows, fidelity_rows): reversed once
per page rather than once per row. Not a tag library (no `register`)."""

from django.urls import reverse


class PathOfId:
    """reverse() of a URL taking one integer id, asked once per page: its path with a
    marker id, then each row's id put in the marker's place (the same string reverse gives
    for that id, without resolving the pattern again for every row)."""

    MARKER = 2147483647

    def __init__(self, name):
        self.head, _, self.tail = reverse(name, args=[self.MARKER]).rpartition(str(self.MARKER))

    def __call__(self, pk):
        return f"{self.head}{int(pk)}{self.tail}"
