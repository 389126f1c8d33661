"""The string catalogues: every visible string, looked up by key, in English or Simplified Chinese.

``t("explorer.title", **values)`` returns the string in the session's language,
with ``str.format`` fields filled in. The language is the sidebar's choice; on a
session's first run it comes from the link (``?lang=zh``), else from the
browser's language (``st.context.locale``), else English. Tests check that both
catalogues have the same keys and placeholders.

``error_text(error)`` is what went wrong in the session's language: a convcore
``ConvError`` through its ``error.<key>`` string, anything else as ``str(error)``.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from convcore.errors import WORDS, ConvError
from ui.strings_en import EN
from ui.strings_zh import ZH

CATALOGUES = {"en": EN, "zh": ZH}
LANGUAGE_NAMES = {"en": "English", "zh": "中文"}


def _initial_language() -> str:
    linked = st.query_params.get("lang")
    if linked in CATALOGUES:
        return linked
    try:
        locale = (st.context.locale or "").lower()
    except Exception:  # no browser behind this run (bare scripts, some tests): fall back to English
        locale = ""
    return "zh" if locale.startswith("zh") else "en"


def language() -> str:
    # Outside a script run there is no session (AppTest formats option labels in its own thread, the
    # benchmark builds figures bare): English, as Streamlit's stand-in session would give, without its
    # "missing ScriptRunContext" warning logged on every label (~14 ms of an AppTest rerun).
    if get_script_run_ctx(suppress_warning=True) is None:
        return "en"
    lang = st.session_state.get("lang")
    if lang not in CATALOGUES:
        lang = _initial_language()
        st.session_state["lang"] = lang
    return lang


def t(key: str, **values) -> str:
    text = CATALOGUES[language()].get(key) or EN[key]
    return text.format(**values) if values else text


def error_text(error: Exception) -> str:
    """``error`` in the session's language: ``t("error.<key>", **values)`` for a ``ConvError``, else ``str()``.

    A value that is itself a ``ConvError`` (the error a layer's error wraps) is translated the same way,
    and a word (an axis, what would be too large) through ``error.<name>.<word>``.
    """
    if not isinstance(error, ConvError):
        return str(error)
    values = {}
    for name, value in error.values.items():
        if isinstance(value, ConvError):
            value = error_text(value)
        elif name in WORDS:
            value = t(f"error.{name}.{value}")
        values[name] = value
    return t(f"error.{error.key}", **values)
