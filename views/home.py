"""Home: what each page teaches, with a link to it."""

import streamlit as st

from ui.i18n import t

st.title(t("app.title"))
st.markdown(f"**{t('app.tagline')}** {t('home.intro')}")

for page, key in (
    ("views/explorer.py", "explorer"),
    ("views/channels.py", "channels"),
    ("views/transposed.py", "transposed"),
    ("views/matmul.py", "matmul"),
    ("views/receptive_field.py", "receptive_field"),
    ("views/learn.py", "learn"),
    ("views/lenet.py", "lenet"),
):
    with st.container(border=True):
        st.subheader(t(f"home.{key}.title"))
        st.write(t(f"home.{key}.body"))
        st.page_link(page, label=t("home.open"), icon=":material/arrow_forward:")

st.subheader(t("home.formula.title"))
st.write(t("home.formula.body"))
st.latex(r"n_\text{out} = \left\lfloor \frac{n + 2p - d\,(k - 1) - 1}{s} \right\rfloor + 1")
