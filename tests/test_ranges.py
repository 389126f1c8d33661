"""Every seed box takes its range from its link parameter, and refuses a typed value outside it in words.

These four used Streamlit's own bounds, which only turn a typed 9999999 red and never send it, while the
page silently kept the old value (issue 26). Now each is ``controls.linked_number``: one range, written
once by ``state.integer``, checked for the link and at the widget.
"""

from __future__ import annotations

import pytest

from tests.apptest import open_page, rerun
from ui import state
from ui.i18n import t


def channels_real(at):
    at.segmented_control(key="ch_section").set_value("real")
    rerun(at)
    at.radio(key="rl_weights").set_value("random")
    return rerun(at)


def channels_three(at):
    at.selectbox(key="ch_src").select("rand3")
    return rerun(at)


def practice_on(at):
    at.session_state["practice"] = "cell"
    return rerun(at)


CASES = [
    ("channels", channels_real, "rl_seed", "input.seed"),
    ("channels", channels_three, "ch_seed", "input.seed"),
    ("receptive_field", None, "rf_erf_seed", "rf.erf_seed"),
    ("explorer", practice_on, "practice_seed", "practice.seed"),
]


@pytest.mark.parametrize(("page", "reach", "key", "label"), CASES, ids=[case[2] for case in CASES])
def test_a_seed_out_of_range_is_refused_in_words_and_the_page_goes_on(page, reach, key, label):
    at = open_page(page)
    if reach:
        reach(at)
    box = at.number_input(key=key)
    low, high = state.bounds(key)
    box.set_value(high + 1)
    rerun(at)
    message = t("input.out_of_range", label=t(label), value=str(high + 1), low=low, high=high, using=0)
    assert message in [error.value for error in at.error]
    assert at.number_input(key=key).value == high + 1  # the box keeps what was typed
    assert not at.exception
    # a value in range is taken again, and the message goes
    at.number_input(key=key).set_value(high)
    rerun(at)
    assert not [error.value for error in at.error if "is outside" in error.value]
    assert not at.exception
