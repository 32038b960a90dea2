"""The rules pages name their published sources (issue 13, item 9): no page points at a
reference document that is not in the repository."""

from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
RULE_PAGES = ("instruments.md", "measures.md", "outcomes.md", "groups.md")

# Each rule page must name these published sources (see its Sources section).
SOURCES = {
    "instruments.md": (
        "Kroenke K, Spitzer RL, Williams JBW (2001)",
        "Spitzer RL, Kroenke K, Williams JBW, Löwe B (2006)",
        "Mundt JC, Marks IM, Shear MK, Greist JM (2002)",
        "Johnson JG, Harris ES, Spitzer RL, Williams JBW (2002)",
        "Monk TH, Frank E, Potts JM, Kupfer DJ (2002)",
        "Arrieta J, Aguerrebere M, Raviola G, et al. (2017)",
        "44249-1",
        "69737-5",
        "89206-7",
        "LOINC Users' Guide",
    ),
    "outcomes.md": (
        "NHS Talking Therapies",
        "NHS Digital",
        "Jacobson NS, Truax P (1991)",
        "Gyani A, Shafran R, Layard R, Clark DM (2013)",
    ),
    "measures.md": ("Arrieta et al. 2017", "Johnson, Harris", "instruction manual"),
    "groups.md": (
        "Bolton P, Bass J, Neugebauer R",
        "StrongMinds",
        "World Health Organization (2016)",
        "Rose-Clarke K",
        "OpenEMR",
        "NHS Talking Therapies",
    ),
}


@pytest.mark.parametrize("page", RULE_PAGES)
def test_no_rule_page_cites_an_unpublished_reference(page):
    text = (DOCS / page).read_text().lower()
    assert "clinical reference" not in text
    assert "clinical-reference" not in text


def test_no_doc_points_outside_the_repository():
    for page in DOCS.glob("*.md"):
        text = page.read_text()
        assert "../shared" not in text and "/work/shared" not in text, page.name


@pytest.mark.parametrize("page", sorted(SOURCES))
def test_each_rule_page_names_its_published_sources(page):
    text = (DOCS / page).read_text()
    missing = [source for source in SOURCES[page] if source not in text]
    assert not missing, f"{page} does not name {missing}"
