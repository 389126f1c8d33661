"""Mistakes: the test digits the network gets wrong (true label -> its guess), and the confusion matrix."""

from __future__ import annotations

import streamlit as st

from convcore.lenet import confusion, digits, mistakes
from ui import grid
from ui.i18n import t

SHOWN = 24


def show(net) -> None:
    data = digits()
    wrong, guessed = mistakes(net, data.test_images, data.test_labels)
    counts = confusion(net, data.test_images, data.test_labels).numpy()
    total = len(data.test_labels)
    st.markdown(
        t("lenet.mistakes_count", wrong=len(wrong), total=total, acc=100 * (total - len(wrong)) / total)
    )
    specs = []
    for index, guess in list(zip(wrong.tolist(), guessed.tolist()))[:SHOWN]:
        label = int(data.test_labels[index])
        spec = grid.grid_spec(t("lenet.mistake_title", index=index, label=label, guess=guess),
                              data.test_images[index, 0].numpy(), quiet=True)  # fmt: skip
        spec["name"] = f"wrong_{index}"
        specs.append(spec)
    if specs:
        grid.show_maps("lt_wrong", specs)
        if len(wrong) > SHOWN:
            st.caption(t("lenet.mistakes_more", n=len(wrong) - SHOWN))
    spec = grid.grid_spec(t("lenet.confusion_title"), counts)
    spec["name"] = "confusion"
    grid.show_maps("lt_confusion", [spec])
    st.caption(t("lenet.confusion_caption"))
