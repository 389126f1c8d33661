"""The string catalogue: every visible string, looked up by key.

``t("explorer.title", **values)`` returns the string in the session's language, with
``str.format`` fields filled in. A missing key is a bug; tests check that
every catalogue has the same keys.
"""

from __future__ import annotations

import streamlit as st

from ui.strings_en import EN

CATALOGUES = {"en": EN}
LANGUAGE_NAMES = {"en": "English"}


def language() -> str:
    lang = st.session_state.get("lang", "en")
    return lang if lang in CATALOGUES else "en"


def t(key: str, **values) -> str:
    text = CATALOGUES[language()].get(key) or EN[key]
    return text.format(**values) if values else text
