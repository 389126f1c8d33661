"""No code execution, no raw HTML from users, XSRF protection on, link parameters bounded.

The checks read the source tree (app.py, ui/, views/, convcore/) with ``ast``, so each one fails as
soon as someone adds an ``eval``, a pickle load or an ``unsafe_allow_html`` call fed by user text;
``test_the_checks_can_fail`` feeds them such code to prove it.
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest import APP, TIMEOUT
from ui import state

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted([ROOT / "app.py", *(ROOT / "ui").rglob("*.py"), *(ROOT / "views").rglob("*.py"),
                  *(ROOT / "convcore").rglob("*.py")])  # fmt: skip

BANNED_CALLS = {"eval", "exec", "compile", "__import__", "breakpoint", "input"}
BANNED_MODULES = {"pickle", "cPickle", "dill", "marshal", "shelve", "subprocess", "yaml", "jsonpickle", "joblib",
                  "ctypes", "pty", "code", "codeop"}  # fmt: skip
BANNED_ATTRIBUTES = {  # module.attribute calls that run programs, load code or deserialise objects
    ("os", "system"),
    ("os", "popen"),
    ("os", "execv"),
    ("os", "execl"),
    ("os", "spawnv"),
    ("os", "startfile"),
    ("torch", "load"),  # unpickles
    ("np", "load"),  # allow_pickle
    ("numpy", "load"),
    ("importlib", "import_module"),
}
HTML_CALLS = {"html", "markdown", "write", "caption", "latex", "components", "iframe"}


def problems(source: str, name: str = "<source>") -> list[str]:
    """What is unsafe in this module's source: code execution, deserialisation, user text as HTML."""
    tree = ast.parse(source, name)
    constants = _module_constants(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            modules = (
                [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            )
            for module in modules:
                if module.split(".")[0] in BANNED_MODULES:
                    found.append(f"{name}:{node.lineno}: imports {module}")
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in BANNED_CALLS:
            found.append(f"{name}:{node.lineno}: calls {func.id}()")
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            if (func.value.id, func.attr) in BANNED_ATTRIBUTES:
                found.append(f"{name}:{node.lineno}: calls {func.value.id}.{func.attr}()")
            if func.value.id == "yaml" and func.attr in ("load", "unsafe_load", "full_load"):
                found.append(f"{name}:{node.lineno}: calls yaml.{func.attr}()")
        raw = any(
            keyword.arg == "unsafe_allow_html"
            and not (isinstance(keyword.value, ast.Constant) and not keyword.value.value)
            for keyword in node.keywords
        )
        is_html = isinstance(func, ast.Attribute) and func.attr in ("html", "iframe")
        if raw or is_html:
            content = (
                node.args[0]
                if node.args
                else next((k.value for k in node.keywords if k.arg in ("body", "html")), None)
            )
            if content is None or not _static(content, constants):
                found.append(
                    f"{name}:{node.lineno}: HTML from a value that is not a module constant or catalogue key"
                )
    return found


def _module_constants(tree: ast.Module) -> set[str]:
    """Names assigned once at module level to static text."""
    names: dict[str, int] = {}
    static: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    names[target.id] = names.get(target.id, 0) + 1
                    if _static(node.value, static):
                        static.add(target.id)
    return {name for name in static if names[name] == 1}


def _static(node: ast.AST, constants: set[str]) -> bool:
    """Text fixed when the code was written: literals, module constants, catalogue lookups by literal key."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.Name):
        return node.id in constants
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _static(node.left, constants) and _static(node.right, constants)
    if isinstance(node, ast.IfExp):  # the condition picks between static texts
        return _static(node.body, constants) and _static(node.orelse, constants)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "t":
        return len(node.args) == 1 and isinstance(node.args[0], ast.Constant) and not node.keywords
    return _repository_file(node)


def _repository_file(node: ast.AST) -> bool:
    """``(Path(__file__).parent / "name").read_text(...)``: a file shipped beside the module, by literal name."""
    if not (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "read_text"
    ):
        return False
    path = node.func.value
    if not (isinstance(path, ast.BinOp) and isinstance(path.op, ast.Div)):
        return False
    name = path.right
    if not (isinstance(name, ast.Constant) and isinstance(name.value, str) and "/" not in name.value
            and ".." not in name.value):  # fmt: skip
        return False
    base = path.left
    while isinstance(base, ast.Attribute) and base.attr == "parent":
        base = base.value
    return (isinstance(base, ast.Call) and isinstance(base.func, ast.Name) and base.func.id == "Path"
            and len(base.args) == 1 and isinstance(base.args[0], ast.Name) and base.args[0].id == "__file__")  # fmt: skip


@pytest.mark.parametrize("path", SOURCES, ids=[str(p.relative_to(ROOT)) for p in SOURCES])
def test_no_code_execution_or_raw_html_from_users(path: Path):
    assert problems(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT))) == []


def test_the_sources_are_all_scanned():
    names = {str(p.relative_to(ROOT)) for p in SOURCES}
    assert {
        "app.py",
        "ui/state.py",
        "ui/matrix.py",
        "ui/images.py",
        "views/explorer.py",
        "convcore/conv.py",
    } <= names
    assert len([n for n in names if n.startswith("views/")]) >= 5


@pytest.mark.parametrize(
    "snippet",
    [
        "value = eval(text)",
        "exec(code)",
        "import pickle\nobject = pickle.loads(data)",
        "from yaml import load",
        "import yaml\nyaml.load(text)",
        "import subprocess\nsubprocess.run(['ls'])",
        "import os\nos.system(command)",
        "import torch\nstate = torch.load(upload)",
        "st.markdown(user_text, unsafe_allow_html=True)",
        "st.markdown(f'<b>{name}</b>', unsafe_allow_html=True)",
        "st.html(t('key', name=name))",
        "st.html(CSS + text)",
        "CSS = '<style>'\nCSS = text\nst.html(CSS)",  # reassigned: no longer a constant
        "__import__('os')",
        "st.html((Path(upload) / 'a.js').read_text())",  # not a file of this repository
        "st.html((Path(__file__).parent / name).read_text())",  # a name not written in the code
        "st.html((Path(__file__).parent / '../../etc/passwd').read_text())",
    ],
)
def test_the_checks_can_fail(snippet):
    assert problems(snippet), snippet


@pytest.mark.parametrize(
    "snippet",
    [
        "CSS = '<style>p {}</style>'\nst.html(CSS)",
        "A = 'a'\nB = 'b'\nst.html(A + (B if big else ''))",
        "st.markdown(t('home.intro'), unsafe_allow_html=True)",
        "st.markdown(text)",  # escaped by Streamlit: no raw HTML
        "st.markdown(text, unsafe_allow_html=False)",
        "JS = '<script>' + (Path(__file__).parent / 'recover.js').read_text(encoding='utf-8') + '</script>'\n"
        "st.html(JS, unsafe_allow_javascript=True)",  # a file shipped beside the module
    ],
)
def test_the_checks_allow_static_html(snippet):
    assert problems(snippet) == []


# --- the server's configuration ------------------------------------------------------------------------------


def test_xsrf_protection_stays_on_and_cors_is_not_weakened():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    server = config.get("server", {})
    assert server.get("enableXsrfProtection", True) is True
    assert server.get("enableCORS", True) is True
    assert server.get("maxUploadSize", 200) <= 10  # MB: the uploaders' cap, checked again when decoding
    client = config.get("client", {})
    assert client.get("showErrorDetails", "full") in ("none", False, "false")  # no tracebacks to visitors
    from ui import images

    assert server["maxUploadSize"] * 1024 * 1024 >= images.MAX_BYTES


# --- link parameters -----------------------------------------------------------------------------------------

PAGES = ["explorer", "channels", "transposed", "matmul", "conv1d", "receptive_field", "learn", "lenet"]


def page_params(page: str, monkeypatch) -> list[state.Param]:
    """The PARAMS a page restores (recorded from its own call to state.restore)."""
    seen: list = []
    original = state.restore

    def recording(params):
        seen.extend(params)
        return original(params)

    monkeypatch.setattr(state, "restore", recording)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    at.switch_page(f"views/{page}.py")
    at.run()
    assert not at.exception
    return seen


@pytest.mark.parametrize("page", PAGES)
def test_every_link_parameter_refuses_over_long_values(page, monkeypatch):
    params = page_params(page, monkeypatch)
    if not params:
        pytest.skip(f"{page} has no link parameters yet")
    # "000...01" parses as 1 (an int, a float, a 1x1 matrix): only the length check can refuse it
    long = "0" * state.MAX_LENGTH + "1"
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    at.switch_page(f"views/{page}.py")
    at.query_params.update({param.key: long for param in params})
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    notice = " ".join(warning.value for warning in at.warning)
    for param in params:
        assert f"{param.key}={long[:40]}" in notice, param.key  # refused, so never put into session state


def test_link_values_are_only_matched_or_parsed():
    # the parsers take text to values without evaluating it
    for param in (state.integer("n", 0, 0, 9), state.number("x", 0.0, -1.0, 1.0), state.flag("f", False),
                  state.choice("c", ("a", "b"), "a"), state.cell("cell"), state.typed_matrix("m", "1")):  # fmt: skip
        for text in ("__import__('os').system('id')", "1+1", "0x10", "${7*7}", "{{7*7}}", "nan", "1e999"):
            with pytest.raises((ValueError, TypeError)):
                param.parse(text)


def test_the_grid_component_writes_text_never_html():
    # every value, title and label reaches the page through textContent (or a data attribute)
    source = (ROOT / "ui" / "grid" / "grid.js").read_text()
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in source, sink
    assert "textContent" in source
