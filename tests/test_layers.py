"""The house rules that keep each rule in one home (docs/architecture.md), checked on the
code itself so that a change that breaks one fails the suite."""

import ast
import importlib
from pathlib import Path

from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(__file__).resolve().parent.parent / "openipt"
VIEW_MODULES = sorted([*ROOT.glob("clinic/views/*.py"), *ROOT.glob("portal/views/*.py")])
DOMAIN_APPS = (
    "caseload",
    "protocol",
    "measures",
    "formulation",
    "worksheets",
    "groups",
    "outcomes",
    "reminders",
)
FACES = ("clinic", "portal", "demo")
# Pages anyone may open: signing in and out, the help pages, an invitation link.
PUBLIC_VIEWS = {
    "home",
    "LoginView",
    "logout_view",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "PasswordResetView",
    "PasswordResetDoneView",
    "PasswordResetConfirmView",
    "PasswordResetCompleteView",
    "accept_invitation",
    "crisis",
    "self_assessment",
    "feed",  # the calendar feed: its secret address is its gate (accounts.calendar_feed_owner)
    "stop",  # a message's stop link: its secret token is its gate (reminders.actions)
    "sms_inbound",  # the SMS provider's callback: the provider's signature is its gate
    "set_language",  # Django's language switcher: sets a cookie, shows nothing
}


def module_name(path):
    return ".".join(path.relative_to(ROOT.parent).with_suffix("").parts)


def imports_of(path):
    """(module, name) for every `from module import name` in the file."""
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            base = node.module
            if node.level:
                package = module_name(path).rsplit(".", node.level)[0]
                base = f"{package}.{node.module}"
            for alias in node.names:
                yield base, alias.name
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, None


def test_view_modules_exist():
    assert len(VIEW_MODULES) > 10


def test_views_import_no_model_they_could_fetch_without_a_gate():
    """Views reach records only through gates (caseload/access.py and the `*_for` gates
    built on it) and query functions; choices enums are fine, model classes are not."""
    found = []
    for path in VIEW_MODULES:
        for module, name in imports_of(path):
            if not module.endswith(".models") or name is None:
                continue
            thing = getattr(importlib.import_module(module), name)
            if isinstance(thing, type) and issubclass(thing, models.Model):
                found.append(f"{module_name(path)} imports {module}.{name}")
    assert not found, "\n".join(found)


def test_views_check_no_role_and_open_no_transaction():
    found = []
    for path in VIEW_MODULES:
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in (
                "role",
                "is_client",
                "is_clinician",
                "is_staff_member",
            ):
                found.append(f"{module_name(path)}:{node.lineno} reads .{node.attr}")
            if isinstance(node, ast.Attribute) and node.attr == "atomic":
                found.append(f"{module_name(path)}:{node.lineno} opens a transaction")
    assert not found, "\n".join(found)


def test_accounts_sits_below_the_domain_apps():
    """accounts holds people and organisations; it imports no app that holds clients."""
    found = []
    for path in ROOT.glob("accounts/**/*.py"):
        for module, _ in imports_of(path):
            app = module.split(".")[1] if module.startswith("openipt.") else None
            if app in DOMAIN_APPS + FACES:
                found.append(f"{module_name(path)} imports {module}")
    assert not found, "\n".join(found)


def test_domain_apps_import_no_page_module():
    found = []
    for app in DOMAIN_APPS + ("accounts", "audit"):
        for path in ROOT.glob(f"{app}/**/*.py"):
            if "tests" in path.parts:
                continue
            for module, _ in imports_of(path):
                if module.split(".")[1:2] and module.split(".")[1] in FACES:
                    found.append(f"{module_name(path)} imports {module}")
    assert not found, "\n".join(found)


def test_the_apps_below_the_outcome_summary_never_import_it():
    """They name the moments an episode changes (caseload/events.py); the outcomes app
    listens. An import the other way would make every lower app know every summary."""
    found = []
    for app in ("accounts", "audit", "caseload", "protocol", "measures", "formulation"):
        for path in ROOT.glob(f"{app}/**/*.py"):
            if "tests" in path.parts:
                continue
            for module, _ in imports_of(path):
                if module.startswith("openipt.outcomes"):
                    found.append(f"{module_name(path)} imports {module}")
    assert not found, "\n".join(found)


def _views(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def test_every_page_runs_a_gate_first_unless_it_is_public():
    ungated = []
    for route, view in _views():
        name = getattr(view, "view_class", view).__name__
        if getattr(view, "gate", None) or name in PUBLIC_VIEWS:
            continue
        if route.startswith(("accounts/", "static/")):
            continue  # sign-in pages: login_required and the second-factor middleware
        ungated.append(f"{route} ({name})")
    assert not ungated, "\n".join(ungated)
