"""The layers stay apart: convcore is the engine and needs neither Streamlit nor Plotly nor the ui."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOREIGN = ("streamlit", "plotly", "PIL", "ui", "views", "pandas")


def test_importing_convcore_loads_neither_streamlit_nor_plotly():
    # a fresh interpreter: what `import convcore` loads, and nothing a test already imported
    code = f"import sys, convcore\nprint(sorted({{m.split('.')[0] for m in sys.modules}} & set({FOREIGN!r})))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]", result.stdout


def test_convcore_imports_only_torch_numpy_and_the_standard_library():
    allowed = {"torch", "numpy", "convcore", "__future__"} | set(sys.stdlib_module_names)
    found = {}
    for path in sorted((ROOT / "convcore").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            for name in names:
                if name.split(".")[0] not in allowed:
                    found.setdefault(path.name, []).append(name)
    assert found == {}
