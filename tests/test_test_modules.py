"""pytest imports the test files of tests/ and tests/browser/ by their base name (neither is
a package), so two files of the same name there stop the whole run at collection: a run of
one folder alone would never notice."""

from pathlib import Path

TESTS = Path(__file__).resolve().parent


def test_no_two_test_files_outside_the_apps_share_a_name():
    names = {}
    for path in sorted(TESTS.rglob("test_*.py")):
        if (path.parent / "__init__.py").exists():
            continue
        names.setdefault(path.name, []).append(str(path.relative_to(TESTS)))
    assert {name: paths for name, paths in names.items() if len(paths) > 1} == {}
