"""The framework's floor for browser_update_ms: an empty Streamlit page with one radio.

    streamlit run benchmark/floor_app.py

The benchmark changes the radio and times the page until it is drawn again, in the same
run as the app's pages, so each page's figure can be read against Streamlit's own cost.
"""

import streamlit as st

st.radio("Choice", ["a", "b"], key="floor", horizontal=True)
