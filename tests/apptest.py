"""Helpers for driving pages with streamlit.testing.v1.AppTest."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")
TIMEOUT = 60  # the first run imports torch and plotly


def open_page(page: str | None = None) -> AppTest:
    """Run the app, switch to ``views/<page>.py`` if given, and run it; assert no exception."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    if page:
        at.switch_page(f"views/{page}.py")
        at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def rerun(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def chart(at: AppTest, key: str) -> dict:
    """The Plotly spec of the chart with widget key ``key``, as Streamlit sent it."""
    for node in at.get("plotly_chart"):
        spec = json.loads(node.proto.spec)
        if node.proto.id.endswith(f"-{key}"):
            return spec
    raise KeyError(f"no plotly chart with key {key!r}")


def component(at: AppTest, key: str) -> dict:
    """The payload handed to the grid component with widget key ``key``, as Streamlit sent it."""
    for node in at.get("bidi_component"):
        if node.proto.id.endswith(f"-{key}"):
            return json.loads(node.proto.json)
    raise KeyError(f"no component with key {key!r}")


def grid_values(spec: dict) -> np.ndarray:
    """One grid of a component payload as numbers (its printed texts: 3 significant digits)."""
    numbers = [float(text.replace("−", "-").replace("∞", "inf")) for text in spec["values"]]
    return np.array(numbers, dtype=float).reshape(spec["rows"], spec["cols"])


def grid_output(at: AppTest, key: str) -> np.ndarray:
    """The output grid the component with ``key`` draws, as numbers."""
    return grid_values(component(at, key)["output"])


def texts(at: AppTest, kind: str = "markdown") -> list[str]:
    return [element.value for element in getattr(at, kind)]


def array(value) -> np.ndarray:
    """A trace attribute as numpy: plain lists, or Plotly's base64 typed arrays ({dtype, bdata, shape})."""
    import base64

    if isinstance(value, dict) and "bdata" in value:
        data = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        shape = value.get("shape")
        return data.reshape([int(n) for n in str(shape).split(",")]) if shape else data
    return np.array(value, dtype=float)
