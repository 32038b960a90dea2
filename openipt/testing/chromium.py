"""How Chromium is launched for the browser tests (tests/browser/conftest.py) and the
documentation benchmark (bench/documentation.py): the same browser, the same switches.

Chromium comes from the system (OPENIPT_CHROMIUM, or `chromium` on PATH); without either,
Playwright uses its own download.
"""

import os
import shutil

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def executable():
    """The system's Chromium, or None (Playwright's own browser is then used)."""
    return os.environ.get("OPENIPT_CHROMIUM") or shutil.which("chromium")


def launch_arguments(**extra):
    """Keyword arguments for Playwright's `chromium.launch(...)`."""
    arguments = {**extra, "headless": True, "args": CHROMIUM_ARGS}
    found = executable()
    if found:
        arguments["executable_path"] = found
    return arguments
