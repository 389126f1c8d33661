"""Practice mode in a real Streamlit server and headless Chromium: answers checked in the browser.

For each practice kind: a right answer is accepted, a wrong one shows the right value and its arithmetic,
non-numeric text is refused in words (and stays in the box), and a shared link gives the same questions in
a second browser context. Every expected number comes from convcore (whose answers tests/test_practice.py
checks against torch), printed as a cell prints it.
"""

from __future__ import annotations

import pytest

import convcore
from tests.browser import exceptions, screenshot, wait_for_app
from ui.grid import fmt
from ui.strings_en import EN
from ui.strings_zh import ZH

pytestmark = pytest.mark.browser

ROOT = '[data-component="grid"][data-practice="{kind}"]'


def root(page, kind: str):
    return page.locator(ROOT.format(kind=kind)).first


def open_practice(page, server, link: str, kind: str):
    page.goto(f"{server}/{link}")
    wait_for_app(page)
    root(page, kind).wait_for(timeout=60_000)
    return root(page, kind)


def answer(practice, *texts: str) -> None:
    boxes = practice.locator("input[data-answer]")
    for index, text in enumerate(texts):
        boxes.nth(index).fill(text)
    boxes.nth(len(texts) - 1).press("Enter")


def focused_answer(practice) -> str | None:
    """data-answer of the focused element inside the component's shadow root (None when focus is elsewhere)."""
    return practice.evaluate("(node) => node.getRootNode().activeElement?.dataset?.answer ?? null")


def output_cell(practice, i: int, j: int):
    return practice.locator(f".grid[data-grid='output'] .cell[data-row='{i}'][data-col='{j}']")


def score(practice) -> str:
    return practice.locator("[data-score]").get_attribute("data-score")


CELL_LINK = "explorer?practice=cell&practice_seed=4&practice_level=1"


def test_cell_practice_right_wrong_and_words_for_text(server, page):
    practice = open_practice(page, server, CELL_LINK, "cell")
    chosen = convcore.practice_set("cell", 4, 1, "conv")
    setting = chosen.settings[0]
    walk = setting.walk()
    h_out, w_out = walk.shape
    # d2l's example first; its input and kernel are drawn with their values; every output cell is hidden
    assert [practice.locator(f".grid[data-grid='kernel'] .cell[data-row='{a}'][data-col='{b}']")
            .get_attribute("data-value") for a in range(2) for b in range(2)] == ["0", "1", "2", "3"]  # fmt: skip
    hidden = practice.locator(".grid[data-grid='output'] .cell[data-hidden]")
    assert hidden.count() == h_out * w_out
    assert practice.locator(".grid[data-grid='output'] .cell[data-value]").count() == 0
    # the window sits on the first output cell's window
    lit = practice.locator(".grid[data-grid='input'] .cell[data-lit='window']")
    assert {(int(c.get_attribute("data-row")), int(c.get_attribute("data-col"))) for c in lit.all()} == {
        (r, c) for r in walk.rows[0] for c in walk.cols[0]
    }
    # non-numeric text: refused in words under the box, and the text stays
    answer(practice, "nineteen")
    message = practice.locator("[data-message]")
    message.wait_for(timeout=60_000)
    assert message.inner_text() == EN["practice.not_number"]
    assert practice.locator("input[data-answer]").input_value() == "nineteen"
    assert score(practice) == "0/0"
    # the right answer: the cell shows it, marked right, and the next question takes the focus
    q0, q1 = chosen.questions[:2]
    answer(practice, fmt(q0.answer[0]))
    cell = output_cell(practice, *q0.cell)
    assert cell.get_attribute("data-correct") == "true" and cell.get_attribute("data-value") == fmt(
        q0.answer[0]
    )
    assert cell.get_attribute("data-hidden") is None
    assert score(practice) == "1/1"
    assert focused_answer(practice) == "0"
    assert practice.locator("input[data-answer]").input_value() == ""
    # a wrong one: the right value and the products that make it, then it moves on
    wrong = fmt(q1.answer[0] + 1)
    answer(practice, wrong)
    assert score(practice) == "1/2"
    cell = output_cell(practice, *q1.cell)
    page.wait_for_function(
        "(cell) => cell.dataset.value !== undefined", arg=cell.element_handle(), timeout=60_000
    )
    assert cell.get_attribute("data-correct") == "false" and cell.get_attribute("data-value") == fmt(
        q1.answer[0]
    )
    feedback = practice.locator("[data-feedback='wrong']")
    feedback.locator("[data-arithmetic]").wait_for(timeout=60_000)
    products = walk.products[q1.cell].reshape(-1)
    shown = [
        c.get_attribute("data-value") for c in feedback.locator(".grid[data-grid='product'] .cell").all()
    ]
    assert shown == [fmt(float(p)) for p in products]
    lines = feedback.locator("[data-arithmetic] .line").all_inner_texts()
    assert lines[-1].endswith(f"= {fmt(q1.answer[0])}")
    window = walk.windows[q1.cell].reshape(-1)
    # the explorer's own arithmetic line (ui.equations): every product, then the value
    assert lines == [f"Y[{q1.cell[0]}, {q1.cell[1]}] = " + " + ".join(
        f"{fmt(float(x))}×{fmt(float(k))}" for x, k in zip(window, walk.kernel.reshape(-1), strict=True)
    ) + f" = {fmt(q1.answer[0])}"]  # fmt: skip
    assert feedback.locator(".practice-value").get_attribute("data-value") == fmt(q1.answer[0])
    # moved on: the third question's cell is asked, the box has the focus
    q2 = chosen.questions[2]
    assert focused_answer(practice) == "0"
    assert practice.locator(".practice-prompt").inner_text() == EN["practice.ask_cell"].format(i=q2.cell[0],
                                                                                                 j=q2.cell[1])  # fmt: skip
    assert practice.locator("[data-score]").inner_text() == EN["practice.score"].format(
        right=1, asked=2, streak=0
    )
    # the score is the session's: the link still names the set
    assert "practice=cell" in page.url and "practice_seed=4" in page.url
    path = screenshot(page, "practice-cell")
    assert path.stat().st_size > 0
    assert exceptions(page) == []


SHARED = [
    ("explorer?practice=cell&practice_seed=77&practice_level=3", "cell"),
    ("explorer?practice=size&practice_seed=5&practice_level=3", "size"),
    ("channels?ch_section=pooling&practice=cell&practice_seed=9&practice_level=2", "cell"),
    ("transposed?practice=cell&practice_seed=3&practice_level=3", "cell"),
    ("receptive-field?practice=field&practice_seed=8&practice_level=2", "field"),
]

WHAT_IS_ASKED = """(node) => ({
    prompt: node.querySelector('.practice-prompt').textContent,
    describe: node.querySelector('.practice-describe').textContent,
    grids: [...node.querySelectorAll('.panels .grid')].map((g) => [g.dataset.grid,
        [...g.querySelectorAll('.cell')].map((c) => c.dataset.value ?? null).join(' ')]),
    lit: [...node.querySelectorAll('.cell[data-lit]')].map((c) => c.dataset.row + ',' + c.dataset.col).join(' '),
})"""


@pytest.mark.parametrize(("link", "kind"), SHARED)
def test_a_shared_link_gives_the_same_questions_in_another_browser(server, browser, link, kind):
    seen = []
    for _ in range(2):
        context = browser.new_context(viewport={"width": 1400, "height": 2000})
        page = context.new_page()
        practice = open_practice(page, server, link, kind)
        seen.append(practice.evaluate(WHAT_IS_ASKED))
        assert exceptions(page) == []
        context.close()
    assert seen[0] == seen[1]
    assert seen[0]["prompt"]
    if link.startswith("explorer?practice=cell"):
        expected = convcore.practice_set("cell", 77, 3, "conv").settings[0]
        kernel = dict(seen[0]["grids"])["kernel"]
        assert kernel == " ".join(fmt(float(v)) for v in expected.weight.reshape(-1))


POOL_LINK = "channels?ch_section=pooling&practice=cell&practice_seed=0&practice_level=1"


def test_pooling_practice_asks_the_max(server, page):
    practice = open_practice(page, server, POOL_LINK, "cell")
    chosen = convcore.practice_set("cell", 0, 1, "pool")
    assert [q.answer[0] for q in chosen.questions[:4]] == [4, 5, 7, 8]  # d2l's max pooling
    assert practice.locator(".practice-prompt").inner_text() == EN["practice.ask_max"].format(i=0, j=0)
    answer(practice, "max")
    assert practice.locator("[data-message]").inner_text() == EN["practice.not_number"]
    answer(practice, "4")
    assert output_cell(practice, 0, 0).get_attribute("data-correct") == "true"
    answer(practice, "4")  # Y[0, 1] is 5
    feedback = practice.locator("[data-feedback='wrong']")
    feedback.locator("[data-arithmetic]").wait_for(timeout=60_000)
    assert feedback.locator("[data-arithmetic] .line").all_inner_texts() == ["Y[0, 1] = max(1, 2, 4, 5) = 5"]
    cell = output_cell(practice, 0, 1)
    assert cell.get_attribute("data-correct") == "false" and cell.get_attribute("data-value") == "5"
    assert score(practice) == "1/2"
    assert exceptions(page) == []


def test_transposed_practice_asks_a_running_sum(server, page):
    practice = open_practice(
        page, server, "transposed?practice=cell&practice_seed=0&practice_level=1", "cell"
    )
    chosen = convcore.practice_set("cell", 0, 1, "transposed")
    setting = chosen.settings[0]
    walk = setting.walk()
    q0, q1 = chosen.questions[:2]
    i, j = q0.cell
    r, c = q0.target
    x = fmt(float(setting.input[i, j]))
    assert practice.locator(".practice-prompt").inner_text() == EN["practice.ask_transposed"].format(
        i=i, j=j, x=x, r=r, c=c
    )
    # the step's input cell and the output cells it writes are lit
    lit = practice.locator(".grid[data-grid='output'] .cell[data-lit='write']")
    assert {(int(n.get_attribute("data-row")), int(n.get_attribute("data-col"))) for n in lit.all()} == {
        (rr, cc)
        for rr in walk.rows[i]
        for cc in walk.cols[j]
        if 0 <= rr < walk.shape[0] and 0 <= cc < walk.shape[1]
    }
    answer(practice, "two")
    assert practice.locator("[data-message]").inner_text() == EN["practice.not_number"]
    answer(practice, fmt(q0.answer[0]))
    assert output_cell(practice, *q0.target).get_attribute("data-correct") == "true"
    answer(practice, fmt(q1.answer[0] + 3))
    feedback = practice.locator("[data-feedback='wrong']")
    feedback.locator("[data-arithmetic]").wait_for(timeout=60_000)
    lines = feedback.locator("[data-arithmetic] .line").all_inner_texts()
    i, j = q1.cell
    r, c = q1.target
    terms = [
        t
        for t in walk.contributions(r, c)
        if t[0] * walk.input.shape[1] + t[1] <= i * walk.input.shape[1] + j
    ]
    assert lines[:-1] == [
        f"X[{a}, {b}] × K[{k}, {m}] = {fmt(float(walk.input[a, b]))}×{fmt(float(walk.kernel[k, m]))} = "
        f"{fmt(float(walk.products[a, b, k, m]))}"
        for a, b, k, m in terms
    ]
    assert lines[-1].endswith(f"= {fmt(q1.answer[0])}")
    assert feedback.locator(".practice-value").get_attribute("data-value") == fmt(q1.answer[0])
    path = screenshot(page, "practice-transposed")
    assert path.stat().st_size > 0
    assert exceptions(page) == []


def test_field_practice_then_the_traced_box(server, page):
    practice = open_practice(
        page, server, "receptive-field?practice=field&practice_seed=0&practice_level=1", "field"
    )
    chosen = convcore.practice_set("field", 0, 1)
    q0, q1 = chosen.questions[:2]
    assert q0.answer == (3, 3)  # d2l: two 2x2 convolutions
    outline = practice.locator(".grid[data-grid='input'] .outline")
    assert outline.is_hidden()  # the box shows only once answered
    answer(practice, "3", "three")
    assert practice.locator("[data-message]").inner_text() == EN["practice.not_number"]
    assert practice.locator("input[data-answer='1']").input_value() == "three"
    answer(practice, "3", "3")
    feedback = practice.locator("[data-feedback='right']")
    feedback.locator("[data-arithmetic]").wait_for(timeout=60_000)
    outline.wait_for(state="visible", timeout=60_000)
    (top, left), (bottom, right) = convcore.trace_cell(list(chosen.settings[0].layers), (3, 3), *q0.cell)[
        0
    ].box
    assert feedback.locator("[data-arithmetic] .line").all_inner_texts() == [
        EN["practice.field_box"].format(top=top, left=left, bottom=bottom, right=right, size="3 × 3")
    ]
    assert score(practice) == "1/1"
    practice.locator("button[data-control='next']").press("Enter")
    assert focused_answer(practice) == "0"
    h, w = (int(v) for v in q1.answer)
    answer(practice, str(h + 1), str(w))
    feedback = practice.locator("[data-feedback='wrong']")
    feedback.locator(".practice-value").wait_for(timeout=60_000)
    assert feedback.locator(".practice-value").get_attribute("data-value") == f"{h} × {w}"
    assert score(practice) == "1/2"
    path = screenshot(page, "practice-field")
    assert path.stat().st_size > 0
    assert exceptions(page) == []


def test_size_practice_formula_and_the_slip(server, page):
    chosen = convcore.practice_set("size", 2, 2, "conv")
    practice = open_practice(page, server, "explorer?practice=size&practice_seed=2&practice_level=2", "size")
    q0 = chosen.questions[0]
    h, w = (int(v) for v in q0.answer)
    answer(practice, "5", "x")
    message = practice.locator("[data-message]")
    assert message.inner_text() == EN["practice.not_number"]
    assert practice.locator("input[data-answer='1']").input_value() == "x"
    answer(practice, str(h), str(w))
    feedback = practice.locator("[data-feedback='right']")
    feedback.locator("[data-arithmetic]").wait_for(timeout=60_000)
    # the output grid is drawn once answered: H_out x W_out cells
    assert feedback.locator(".grid[data-grid='output'] .cell").count() == h * w
    assert score(practice) == "1/1"
    # Enter moves on, and the next question's first box takes the focus
    practice.locator("button[data-control='next']").press("Enter")
    assert focused_answer(practice) == "0"
    # a slip: find a question whose answer the padding changes and answer as if there were none
    setting = chosen.settings[1]
    steps = setting.size_steps(0), setting.size_steps(1)
    typed = [str(steps[axis]["slips"].get("no_padding", steps[axis]["out"])) for axis in (0, 1)]
    answer(practice, *typed)
    feedback = practice.locator("[data-feedback]")
    lines = feedback.locator("[data-arithmetic] .line")
    lines.first.wait_for(timeout=60_000)
    texts = lines.all_inner_texts()
    s = steps[0]
    assert texts[0] == (f"H_out = ⌊({s['n']} + 2·{s['p']} − {s['d']}·({s['k']} − 1) − 1) / {s['s']}⌋ + 1"
                        f" = ⌊{s['numerator']} / {s['s']}⌋ + 1 = {s['quotient']} + 1 = {s['out']}")  # fmt: skip
    if typed != [str(steps[0]["out"]), str(steps[1]["out"])]:
        assert feedback.get_attribute("data-feedback") == "wrong"
        assert any("2·p" in text for text in texts), texts
        assert score(practice) == "1/2"
    assert exceptions(page) == []


def test_size_practice_in_chinese_on_a_phone(server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    practice = open_practice(
        page, server, "explorer?practice=size&practice_seed=2&practice_level=2&lang=zh", "size"
    )
    answer(practice, "abc", "1")
    assert practice.locator("[data-message]").inner_text() == ZH["practice.not_number"]
    box = practice.locator("input[data-answer='0']").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    path = screenshot(page, "practice-size-zh-phone")
    assert path.stat().st_size > 0
    context.close()


def test_cell_practice_on_a_projector(server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    practice = open_practice(page, server, f"{CELL_LINK}&projector=1", "cell")
    size = output_cell(practice, 0, 0).evaluate("(cell) => parseFloat(getComputedStyle(cell).fontSize)")
    prompt = practice.locator(".practice-prompt").evaluate(
        "(node) => parseFloat(getComputedStyle(node).fontSize)"
    )
    assert size >= 24 and prompt >= 24
    path = screenshot(page, "practice-cell-projector")
    assert path.stat().st_size > 0
    context.close()
