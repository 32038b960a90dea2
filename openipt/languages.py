"""The languages a deployment offers and their message catalogues (docs/languages.md).

Catalogues are kept as .po sources only; the compiled .mo files Django reads are made
from them by `openipt compile-catalogues` (run by `make test`, `make demo` and the test
session), so a fresh clone serves every language and no binary is committed.
"""

import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.utils import translation


def offered_languages():
    """(code, name in that language) for each language people may choose."""
    return list(settings.LANGUAGES)


def is_offered(code):
    return code in dict(settings.LANGUAGES)


def offered_language(code):
    """`code` as the deployment offers it ("en" is served as "en-gb"), else the default."""
    try:
        return translation.get_supported_language_variant(code, strict=False)
    except LookupError:
        return settings.LANGUAGE_CODE


def catalogue_sources():
    """Every .po file under the locale directories, e.g. openipt/locale/nl/LC_MESSAGES/django.po."""
    sources = []
    for directory in settings.LOCALE_PATHS:
        sources.extend(sorted(Path(directory).glob("*/LC_MESSAGES/*.po")))
    return sources


def compile_catalogues(force=False):
    """Compile each .po whose .mo is missing or older; returns the .po files compiled.
    msgfmt --check refuses a catalogue whose placeholders differ from the English."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        raise RuntimeError("msgfmt (GNU gettext) is missing: scripts/ensure-system-packages.sh")
    compiled = []
    for source in catalogue_sources():
        target = source.with_suffix(".mo")
        if force or not target.exists() or target.stat().st_mtime < source.stat().st_mtime:
            subprocess.run([msgfmt, "--check", "-o", str(target), str(source)], check=True)  # noqa: S603
            compiled.append(source)
    return compiled


def use_language(request, code):
    """Show the rest of this request in `code` when it is offered (an invitation's page
    in the language chosen for the client); otherwise leave the request's language."""
    if code and is_offered(code):
        translation.activate(code)
        request.LANGUAGE_CODE = code
