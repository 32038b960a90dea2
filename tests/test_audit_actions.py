"""Every audit event the code writes uses an action declared in an app's audit_events.py
(audit/events.py), checked on the code itself.

A call of record(), record_many() or record_clients_shown(), or of any function that hands
its own argument on to one of them as the action (render_episode_page, formulation's
_audit, ...), must name its action as a literal string, a choice between literals, a
local name bound only to literals, or an item of a module-level dict of literals; and
every action so named must be declared. record() refuses undeclared actions at run time
too; this finds the ones no test happens to run, including those of code added later."""

import ast
from dataclasses import dataclass, field
from pathlib import Path

from openipt.audit import events

ROOT = Path(__file__).resolve().parent.parent / "openipt"
RECORD = "openipt.audit.record"
# The functions that write audit events, and the position of their action argument.
WRITERS = {(RECORD, "record"): 1, (RECORD, "record_many"): 1, (RECORD, "record_clients_shown"): 1}


@dataclass(frozen=True)
class Writer:
    """A function that writes an audit event with the action its caller names."""

    position: int | None  # of the action among the positional arguments, if it can be one
    keyword: str


@dataclass
class Module:
    name: str
    path: Path
    tree: ast.Module
    # local name -> (module, name) it refers to; (module, None) for an imported module
    names: dict = field(default_factory=dict)
    dicts: dict = field(default_factory=dict)  # module-level names bound to dict literals


@dataclass
class Call:
    module: Module
    node: ast.Call
    function: ast.FunctionDef | None  # the function the call is in


def load_module(path, source=None):
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    module = Module(".".join(parts), path, ast.parse(source or path.read_text()))
    package = module.name if path.name == "__init__.py" else module.name.rpartition(".")[0]
    for node in ast.walk(module.tree):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{up}.{base}" if base else up
            for alias in node.names:
                module.names[alias.asname or alias.name] = (base, alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                module.names[alias.asname or alias.name] = (alias.name, None)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            module.names[node.name] = (module.name, node.name)
    for node in module.tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    module.dicts[target.id] = node.value
    return module


def source_modules():
    return [
        load_module(path)
        for path in sorted(ROOT.rglob("*.py"))
        if "tests" not in path.parts and "migrations" not in path.parts
    ]


def calls_in(module):
    def visit(node, function):
        for child in ast.iter_child_nodes(node):
            inner = child if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else function
            if isinstance(child, ast.Call):
                yield Call(module, child, function)
            yield from visit(child, inner)

    return list(visit(module.tree, None))


def target_of(call):
    """(module, function) a call refers to, through the module's imports, or None."""
    func, names = call.node.func, call.module.names
    if isinstance(func, ast.Name):
        return names.get(func.id)
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        bound = names.get(func.value.id)
        if bound is not None:
            base, name = bound
            return (f"{base}.{name}" if name else base, func.attr)
    return None


def enclosing(call):
    return None if call.function is None else (call.module.name, call.function.name)


def _action_argument(call, writer):
    for keyword in call.node.keywords:
        if keyword.arg == writer.keyword:
            return keyword.value
    if writer.position is not None and len(call.node.args) > writer.position:
        return call.node.args[writer.position]
    return None


def _parameters(function):
    arguments = function.args
    positional = [a.arg for a in arguments.posonlyargs + arguments.args]
    keyword_only = [a.arg for a in arguments.kwonlyargs]
    return positional, keyword_only, arguments.kwarg


def _passes_kwargs(call, name):
    return any(
        k.arg is None and isinstance(k.value, ast.Name) and k.value.id == name
        for k in call.node.keywords
    )


def find_writers(calls):
    """record() and friends, and every function that hands its own parameter (or its
    **kwargs) on to one of them as the action, found until no more turn up."""
    writers = {target: Writer(position, "action") for target, position in WRITERS.items()}
    changed = True
    while changed:
        changed = False
        for call in calls:
            writer = writers.get(target_of(call))
            if writer is None or call.function is None or enclosing(call) in writers:
                continue
            positional, keyword_only, kwarg = _parameters(call.function)
            argument = _action_argument(call, writer)
            if isinstance(argument, ast.Name) and argument.id in positional + keyword_only:
                position = positional.index(argument.id) if argument.id in positional else None
                writers[enclosing(call)] = Writer(position, argument.id)
                changed = True
            elif argument is None and kwarg and _passes_kwargs(call, kwarg.arg):
                writers[enclosing(call)] = Writer(None, writer.keyword)
                changed = True
    return writers


def literal_actions(expression, call):
    """The action codes an expression can be, or None when it is not made of literals."""
    if isinstance(expression, ast.Constant) and isinstance(expression.value, str):
        return [expression.value]
    if isinstance(expression, ast.IfExp):
        return _all_literals(
            [literal_actions(expression.body, call), literal_actions(expression.orelse, call)]
        )
    if isinstance(expression, ast.Subscript) and isinstance(expression.value, ast.Name):
        table = call.module.dicts.get(expression.value.id)
        if table is not None:
            return _all_literals([literal_actions(value, call) for value in table.values])
    if isinstance(expression, ast.Name) and call.function is not None:
        bound = [
            node.value
            for node in ast.walk(call.function)
            if isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == expression.id for t in node.targets)
        ]
        return _all_literals([literal_actions(value, call) for value in bound])
    return None


def _all_literals(found):
    if not found or any(codes is None for codes in found):
        return None
    return [code for codes in found for code in codes]


def _is_passed_on(argument, call, writers):
    """The action is the enclosing writer's own parameter: its callers are checked."""
    if enclosing(call) not in writers:
        return False
    if argument is None:
        return True  # passed on in **kwargs
    positional, keyword_only, _ = _parameters(call.function)
    return isinstance(argument, ast.Name) and argument.id in positional + keyword_only


def audit_call_sites(modules=None):
    """(where, action codes or None) for every call that writes an audit event, and the
    writers found."""
    modules = source_modules() if modules is None else modules
    calls = [call for module in modules for call in calls_in(module)]
    writers = find_writers(calls)
    sites = []
    for call in calls:
        writer = writers.get(target_of(call))
        if writer is None:
            continue
        argument = _action_argument(call, writer)
        if _is_passed_on(argument, call, writers):
            continue
        where = f"{call.module.path.relative_to(ROOT.parent)}:{call.node.lineno}"
        sites.append((where, literal_actions(argument, call) if argument is not None else None))
    return sites, writers


def test_the_scan_finds_the_audit_writers_and_their_callers():
    sites, writers = audit_call_sites()
    names = {name for _, name in writers}
    # Wrappers that pass their caller's action on are found, wherever they live.
    assert {"render_episode_page", "shown", "formulation_page", "course_page", "_audit"} <= names
    assert len(sites) > 150


def test_every_audit_call_names_a_declared_action_as_a_literal():
    sites, _ = audit_call_sites()
    declared = events.declared()
    problems = []
    for where, codes in sites:
        if codes is None:
            problems.append(f"{where}: the action is not a literal string (or a choice of them)")
            continue
        problems += [f"{where}: {code!r} is not declared" for code in codes if code not in declared]
    assert not problems, "\n".join(problems)


def test_every_declared_action_has_a_class_and_words():
    for code, declaration in events.declared().items():
        assert declaration.kind in events.CLASSES, code
        assert declaration.words and declaration.words[0].isupper(), code


EXAMPLE = """
from openipt.audit.record import record
from openipt.clinic.views.pages import render_episode_page as page

ACTIONS = {True: "client.viewed", False: "made.up"}

def wrapper(request, action):
    record(request.user, action)

def passes_on(request, **context):
    return page(request, "x.html", None, **context)

def view(request, kind, shown):
    record(request.user, f"made.up_{kind}")
    record(request.user, "not.declared")
    wrapper(request, "also.not_declared")
    wrapper(request, action="client.viewed")
    passes_on(request, action="episode.viewed")
    record(request.user, ACTIONS[shown])
    chosen = "client.viewed" if shown else "episode.viewed"
    record(request.user, chosen)

def _page(code, words):
    return code  # the same name as a writer elsewhere is not a writer here
"""


def test_the_scan_catches_made_up_actions_and_follows_wrappers_and_imports():
    """The checks above can fail: an f-string action, an undeclared literal, one passed
    through a wrapper (or an imported one, by another name) are each reported."""
    pages = load_module(ROOT / "clinic" / "views" / "pages.py")
    example = load_module(ROOT / "clinic" / "views" / "example.py", EXAMPLE)
    sites, writers = audit_call_sites([pages, example])
    assert ("openipt.clinic.views.example", "wrapper") in writers
    assert ("openipt.clinic.views.example", "passes_on") in writers
    assert ("openipt.clinic.views.example", "_page") not in writers
    in_example = [codes for where, codes in sites if "example" in where]
    assert in_example == [
        None,
        ["not.declared"],
        ["also.not_declared"],
        ["client.viewed"],
        ["episode.viewed"],
        ["client.viewed", "made.up"],
        ["client.viewed", "episode.viewed"],
    ]
