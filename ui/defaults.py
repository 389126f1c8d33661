"""Widget defaults, in one place: a widget is drawn without ``value=`` and gets its default through
session state, seeded once before it is first drawn (a default given both ways makes Streamlit warn, and
a value= default would fight the link that set the state)."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st


def seed(key: str, value) -> None:
    """Give the widget under ``key`` its default, unless it (or a link) already has a value."""
    st.session_state.setdefault(key, value)


def seed_params(params: Iterable) -> None:
    """Seed every link parameter that gives its widget a default (``state.Param.initial``)."""
    for param in params:
        if param.initial:
            seed(param.key, param.default)
