"""ConvError: convcore refuses with a key and its values; the pages translate the key, never the rule.

Four things are checked: the error itself (a ValueError with ``.key``, ``.values`` and the English
sentence); that real convcore calls refuse with the expected key and values, where torch refuses too;
that every key convcore can raise has an English and a Chinese string whose placeholders are values
convcore passes; and that a page shows convcore's error in the page's language.
"""

from __future__ import annotations

import copy
import pickle
import re
import string
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import convcore
from convcore import ConvError
from convcore.errors import EXTRA, MESSAGES, WORDS, value_names
from convcore.receptive_field import UNSUPPORTED_REASONS
from tests.apptest import open_page, rerun
from ui import i18n
from ui.pages.receptive_field import editor
from ui.strings_en import EN
from ui.strings_zh import ZH

CONVCORE = Path(convcore.__file__).resolve().parent
PAGE_WORDINGS = set(EXTRA)  # keys whose page sentence differs from torch-style str(): it names the axis, ...
STRIDE_ZERO = ConvError("too_small", name="stride", minimum=1, value=0)


# --- the error ----------------------------------------------------------------------------------------------


def test_a_conv_error_is_a_value_error_with_a_key_values_and_the_english_sentence():
    # every caller that catches ValueError keeps working; a page reads the key and values instead of the text
    error = ConvError("reflect_too_wide", axis="height", n=3, p=3)
    assert isinstance(error, ValueError)
    assert convcore.ConvError is ConvError and "ConvError" in convcore.__all__
    assert error.key == "reflect_too_wide" and error.values == {"axis": "height", "n": 3, "p": 3}
    assert str(error) == (
        "reflect padding must be < the input height (3), got 3; use replicate or zeros for wider padding"
    )
    # a word value is an id, spelled out in English by str()
    error = ConvError("too_many_cells", what="padded_input", count=9, limit=8)
    assert str(error).startswith("the padded input would hold 9 cells")


def test_a_conv_error_survives_pickle_and_copy():
    # the key and values come back, not only the sentence
    error = ConvError("layer", index=2, name="conv", error=STRIDE_ZERO)
    for clone in (pickle.loads(pickle.dumps(error)), copy.deepcopy(error)):
        assert (clone.key, clone.values["index"], str(clone)) == (error.key, 2, str(error))
        assert clone.values["error"].values == STRIDE_ZERO.values


def test_a_key_takes_exactly_its_values():
    # a raise site that forgets a value (or invents one) fails loudly in the tests, not in front of a reader
    with pytest.raises(TypeError, match="unknown ConvError key"):
        ConvError("no_such_key")
    with pytest.raises(TypeError, match="takes"):
        ConvError("too_small", name="stride", minimum=1)
    with pytest.raises(TypeError, match="takes"):
        ConvError("no_layers", extra=1)


# --- real calls: the key and values convcore refuses with (and torch refuses too) ---------------------------


def torch_refuses(call) -> bool:
    try:
        call()
    except (RuntimeError, ValueError, NotImplementedError):
        return True
    return False


def raised(call) -> ConvError:
    with pytest.raises(ConvError) as info:
        call()
    return info.value


def test_a_kernel_larger_than_the_padded_input_names_the_axis_and_every_number():
    # d2l's 3x3 input with a 5x5 kernel: the window spans 5 cells of 3 along the height (checked first);
    # with dilation 1 there is no dilation to lower, and the sentence does not suggest it
    X, K = torch.arange(9.0).reshape(3, 3), torch.ones(5, 5)
    expected = {"axis": "height", "k": 5, "d": 1, "span": 5, "n": 3, "p": 0, "padded": 3, "largest": 3}
    for call in (lambda: convcore.conv2d(X, K), lambda: convcore.sliding_window(X, K)):
        error = raised(call)
        assert (error.key, error.values) == ("window_too_big_undilated", expected)
        assert "dilation" not in str(error)
    assert torch_refuses(lambda: F.conv2d(X[None, None], K[None, None]))
    # along the width, with dilation: a 2-wide kernel dilated 5 spans 6 cells of 3 + 2*1
    error = raised(lambda: convcore.sliding_window(X, torch.ones(1, 2), padding=(0, 1), dilation=(1, 5)))
    expected = {"axis": "width", "k": 2, "d": 5, "span": 6, "n": 3, "p": 1, "padded": 5, "largest": 1}
    assert (error.key, error.values) == ("window_too_big", expected)
    assert str(error).endswith("or raise padding, or lower dilation")
    K = torch.ones(1, 1, 1, 2)
    assert torch_refuses(lambda: F.conv2d(X[None, None], K, padding=(0, 1), dilation=(1, 5)))
    # one axis alone has no axis to name
    error = raised(lambda: convcore.conv_output_size(3, 5))
    assert error.key == "window_too_big_undilated_1d" and "axis" not in error.values
    assert str(error).startswith("kernel_size 5")


def test_padding_wider_than_the_input_says_which_mode_and_axis():
    X = torch.arange(9.0).reshape(3, 3)
    error = raised(lambda: convcore.sliding_window(X, torch.ones(2, 2), padding=3, padding_mode="reflect"))
    assert (error.key, error.values) == ("reflect_too_wide", {"axis": "height", "n": 3, "p": 3})
    assert torch_refuses(lambda: F.pad(X[None, None], (3, 3, 3, 3), mode="reflect"))
    error = raised(lambda: convcore.pad2d(X, (0, 4), "circular"))
    assert (error.key, error.values) == ("circular_too_wide", {"axis": "width", "n": 3, "p": 4})
    assert torch_refuses(lambda: F.pad(X[None, None], (4, 4, 0, 0), mode="circular"))


def test_pooling_refusals_carry_what_the_pooling_page_says():
    X = torch.arange(9.0).reshape(3, 3)
    error = raised(lambda: convcore.pool_window(X, 2, padding=(2, 0)))
    assert (error.key, error.values) == ("pool_padding", {"p": 2, "k": 2, "half": 1})
    assert torch_refuses(lambda: F.max_pool2d(X[None, None], 2, padding=(2, 0)))
    # ceil_mode lets the last window overhang by stride - 1 cells, and no more
    error = raised(lambda: convcore.pool_window(X, (5, 2), stride=2, ceil_mode=True))
    expected = {"axis": "height", "k": 5, "d": 1, "span": 5, "n": 3, "p": 0, "padded": 3, "largest": 4}
    assert (error.key, error.values) == ("window_too_big_ceil", {**expected, "over": 1})
    assert torch_refuses(lambda: F.max_pool2d(X[None, None], (5, 2), 2, ceil_mode=True))


def test_an_argument_out_of_range_names_it():
    X = torch.ones(4, 4)
    error = raised(lambda: convcore.conv2d(X, torch.ones(2, 2), stride=(1, 0)))
    assert (error.key, error.values) == ("too_small", {"name": "stride", "minimum": 1, "value": (1, 0)})
    assert torch_refuses(lambda: F.conv2d(X[None, None], torch.ones(1, 1, 2, 2), stride=(1, 0)))
    error = raised(lambda: convcore.window(0, 0, 2**26))
    assert (error.key, error.values["what"]) == ("too_many_cells", "window_lines")


def test_a_layer_error_wraps_what_is_wrong_with_the_layer():
    # the receptive-field page says "layer 2: stride must be at least 1, got 0" from these keys alone
    conv = {"kind": "conv", "kernel_size": 3}
    error = raised(lambda: convcore.receptive_field([conv, {**conv, "stride": 0}]))
    assert (error.key, error.values["index"], error.values["name"]) == ("layer", 1, "conv")
    assert (error.values["error"].key, error.values["error"].values) == (STRIDE_ZERO.key, STRIDE_ZERO.values)
    assert str(error) == "layer 1 (conv): stride must be >= 1, got 0"
    # the feature map that vanishes: the layer, the map it got, and why (along which axis)
    error = raised(lambda: convcore.receptive_field([conv, {**conv, "kernel_size": 5}], 4))
    assert error.key == "layer_no_output"
    values = {name: value for name, value in error.values.items() if name != "error"}
    assert values == {"index": 1, "name": "conv", "size": (2, 2), "kernel_size": (5, 5)}
    assert (
        error.values["error"].key == "window_too_big_undilated"
        and error.values["error"].values["axis"] == "height"
    )
    stack = torch.nn.Sequential(torch.nn.Conv2d(1, 1, 3), torch.nn.Conv2d(1, 1, 5))
    assert torch_refuses(lambda: stack(torch.ones(1, 1, 4, 4)))


# --- every key: in both catalogues, with the values convcore passes -----------------------------------------


def raised_keys() -> set[str]:
    """Every key a ConvError is raised with in convcore's source."""
    keys = set(UNSUPPORTED_REASONS.values())
    for path in CONVCORE.glob("*.py"):
        text = path.read_text()
        keys |= set(re.findall(r'ConvError\(\s*"(\w+)"', text))
        along = re.findall(r'_along\(\s*\w+,\s*"(\w+)"', text)  # a key along an axis, or its one-axis form
        keys |= set(along) | {f"{key}_1d" for key in along}
        keys |= set(re.findall(r'_args\.batched\(\s*\w+,\s*\w+,\s*"(\w+)"', text))  # the weight's refusal
    return keys


def test_the_registry_holds_exactly_the_keys_convcore_raises():
    assert raised_keys() == set(MESSAGES)


def placeholders(text: str) -> set[str]:
    """The values a catalogue string reads (``size`` for ``{size[0]}``)."""
    return {re.split(r"[.\[]", name)[0] for _, name, _, _ in string.Formatter().parse(text) if name}


def sample(key: str) -> ConvError:
    """A ConvError for ``key`` with made-up values: words from the registry, a nested error, else pairs."""
    values = {}
    for number, name in enumerate(sorted(value_names(key))):
        if name in WORDS:
            values[name] = next(iter(WORDS[name]))
        elif name == "error":
            values[name] = STRIDE_ZERO
        else:
            values[name] = (number, number + 1)
    return ConvError(key, **values)


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_key_has_an_english_and_a_chinese_string_with_its_values(key, monkeypatch):
    for catalogue in (EN, ZH):
        assert f"error.{key}" in catalogue, f"error.{key} is missing"
        unknown = placeholders(catalogue[f"error.{key}"]) - value_names(key)
        assert not unknown, f"error.{key} reads {unknown}, which convcore never passes"
    assert placeholders(EN[f"error.{key}"]) == placeholders(ZH[f"error.{key}"])
    error = sample(key)
    english = i18n.error_text(error)  # no session: English
    assert "{" not in english and "}" not in english
    if key not in PAGE_WORDINGS:  # the page's English is convcore's own sentence
        assert english == str(error)
    monkeypatch.setattr(i18n, "language", lambda: "zh")
    chinese = i18n.error_text(error)
    assert "{" not in chinese and "}" not in chinese
    assert not re.search(r"\b(must|got|is not)\b", chinese), chinese  # no English sentence left


def test_every_word_value_has_an_english_and_a_chinese_string():
    for name, words in WORDS.items():
        for word, english in words.items():
            assert EN[f"error.{name}.{word}"] == english
            assert ZH[f"error.{name}.{word}"]


def test_no_value_error_is_raised_in_convcore_any_more():
    # every refusal carries a key: a bare ValueError would reach a Chinese page in English
    for path in CONVCORE.glob("*.py"):
        assert "ValueError(" not in path.read_text(), path.name


# --- the pages translate ------------------------------------------------------------------------------------


def test_error_text_translates_a_conv_error_and_passes_anything_else_through(monkeypatch):
    error = ConvError("layer", index=2, name="conv", error=STRIDE_ZERO)
    assert i18n.error_text(error) == "layer 2 (conv): stride must be >= 1, got 0"
    assert i18n.error_text(ValueError("plain")) == "plain"
    monkeypatch.setattr(i18n, "language", lambda: "zh")
    assert i18n.error_text(error) == "第 2 层（conv）：stride 至少为 1，当前为 0"
    axis = ConvError("reflect_too_wide", axis="width", n=3, p=4)
    assert i18n.error_text(axis) == ZH["error.reflect_too_wide"].format(axis=ZH["error.axis.width"], n=3, p=4)


def rows_problem(**row) -> str | None:
    """The problem the receptive-field page shows for one row: a 3x3 convolution with ``row``'s changes."""
    conv = {"kind": "conv", "kernel": 3, "stride": 1, "padding": 0, "dilation": 1}
    _, problems = editor.to_layers([{**conv, **row}])
    return problems[0]


def test_layer_rows_show_the_problem_of_their_leftmost_column():
    # convcore says a value is too small, the page says one is too large to draw: the leftmost column wins
    assert rows_problem(kernel=0, stride=1000) == "layer 1: kernel must be at least 1, got 0"
    assert rows_problem(kernel=40, stride=0) == "layer 1: kernel 40 is more than this page draws (at most 32)"
    assert rows_problem(kind="avgpool", dilation=None) == "layer 1: dilation is empty"
    # what is wrong with the whole layer comes after every column, as the page always said it
    assert rows_problem(kind="avgpool", kernel=2, padding=2, dilation=2) == (
        "layer 1: average pooling has no dilation (torch's AvgPool2d); set it to 1"
    )
    assert rows_problem(kind="maxpool", kernel=2, padding=2) == (
        "layer 1: padding 2 is more than half of kernel_size 2; pooling padding must be <= 1"
    )
    assert rows_problem() is None


BOX_5X5 = (  # dilation 1: nothing to lower, so the sentence does not say "or lower dilation"
    "along the height, kernel_size 5 is more than the padded input (3 + 2*0 = 3); "
    "kernel_size must be <= 3 here, or raise padding"
)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_explorer_shows_convcores_error_in_the_pages_language(lang, monkeypatch):
    # a 5x5 box kernel on d2l's 3x3 input: convcore refuses, the page says why in its own language
    monkeypatch.setattr(i18n, "language", lambda: lang)  # AppTest formats options in the test's thread
    at = open_page("explorer")
    at.selectbox(key="ex_k_preset").select("box")
    rerun(at)
    at.number_input(key="ex_k_rows").set_value(5)
    rerun(at)
    shown = [element.value for element in at.error]
    if lang == "en":
        assert f"No output: {BOX_5X5}" in shown, shown  # exactly convcore's English
        return
    values = {"k": 5, "d": 1, "span": 5, "n": 3, "p": 0, "padded": 3, "largest": 3}
    reason = ZH["error.window_too_big_undilated"].format(axis=ZH["error.axis.height"], **values)
    assert ZH["explorer.no_output"].format(reason=reason) in shown, shown
    assert not any("must" in text for text in shown)


@pytest.mark.parametrize(
    ("call", "param"),
    [
        (lambda: convcore.conv2d(torch.ones(3, 3), torch.ones(2, 2), stride=0), "stride"),
        (lambda: convcore.conv2d(torch.ones(3, 3), torch.ones(2, 2), dilation=(1, 0)), "dilation"),
        (lambda: convcore.conv2d(torch.ones(3, 3), torch.ones(2, 2), padding=-1), "padding"),
        (
            lambda: convcore.conv2d(torch.ones(3, 3), torch.ones(2, 2), padding=3, padding_mode="reflect"),
            "padding",
        ),
        (
            lambda: convcore.conv_transpose2d(torch.ones(2, 2), torch.ones(2, 2), output_padding=1),
            "output_padding",
        ),
        (lambda: convcore.pool2d(torch.ones(3, 3), 2, padding=2), "padding"),
        (lambda: convcore.conv2d(torch.ones(3, 3), torch.ones(4, 4)), None),  # the kernel and input together
        (lambda: convcore.receptive_field([{"kind": "conv", "kernel_size": 3, "stride": 0}]), "stride"),
    ],
)
def test_a_conv_error_names_the_argument_it_refuses(call, param):
    """A page places a refusal under the control ``error.param`` names; None when no one argument is wrong."""
    with pytest.raises(ConvError) as caught:
        call()
    assert caught.value.param == param


@pytest.mark.parametrize("lr", [0.1, np.float32(0.1), np.float64(0.1)])
def test_learning_rates_are_read_by_one_rule_on_both_pages(lr):
    """learn and lenet accept the same numbers (lenet refused np.float32 while learn took it)."""
    from convcore import _args

    assert _args.real(lr, "lr") == pytest.approx(0.1)
    assert _args.positive(lr, "lr") == pytest.approx(0.1)
    with pytest.raises(ConvError) as caught:
        _args.positive(True, "lr")
    assert caught.value.key == "not_real_number"
