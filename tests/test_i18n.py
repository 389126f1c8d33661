"""Two languages: the catalogues match key for key and placeholder for placeholder; every page renders in both."""

from __future__ import annotations

import string

import pytest

from tests.apptest import open_page, rerun
from tests.test_links import open_link
from ui.strings_en import EN
from ui.strings_zh import ZH

PAGES = ["home", "explorer", "channels", "transposed", "receptive_field", "learn", "lenet"]


def fields(text: str) -> set[tuple[str, str]]:
    return {(name, spec) for _, name, spec, _ in string.Formatter().parse(text) if name is not None}


def test_catalogues_have_the_same_keys():
    assert sorted(set(EN) - set(ZH)) == [] and sorted(set(ZH) - set(EN)) == []


def test_placeholders_match():
    # a missing or renamed {field} would raise KeyError in front of a Chinese reader
    assert {key: fields(ZH[key]) for key in EN if key in ZH} == {
        key: fields(EN[key]) for key in EN if key in ZH
    }


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_in_chinese(page):
    at = open_link(page, lang="zh") if page != "home" else open_home_in_chinese()
    assert not at.exception
    assert at.title[0].value in ZH.values()


def open_home_in_chinese():
    at = open_page()
    at.query_params["lang"] = "zh"
    at.session_state["lang"] = "zh"
    return rerun(at)


def test_the_sidebar_switches_the_language():
    at = open_page("explorer")
    assert at.title[0].value == EN["explorer.title"]
    at.segmented_control(key="lang").set_value("zh")
    rerun(at)
    assert at.title[0].value == ZH["explorer.title"]
    assert at.query_params["lang"] in ("zh", ["zh"])  # the link keeps the language
    assert any(ZH["explorer.input"] == header.value for header in at.subheader)


def test_d2l_sections_are_the_books_own_in_each_language():
    # learning a kernel is section 7.2.4 of the English d2l and 6.2.4 of the Chinese one (zh.d2l.ai),
    # transposed convolution 14.10 and 13.10; each catalogue cites only its own edition's numbers
    import re

    for key in ("learn.intro", "learn.code"):
        assert "d2l 7.2.4" in EN[key] and "d2l 6.2.4" in ZH[key]
    cited = {
        lang: {
            section
            for text in catalogue.values()
            for section in re.findall(r"d2l (\d+\.\d+(?:\.\d+)?)", text)
        }
        for lang, catalogue in (("en", EN), ("zh", ZH))
    }
    assert "d2l 14.10" in EN["tr.intro"] and "d2l 13.10" in ZH["tr.intro"]
    assert all(section.startswith("7.") or section == "14.10" for section in cited["en"]), cited["en"]
    assert all(section.startswith("6.") or section == "13.10" for section in cited["zh"]), cited["zh"]
    assert not any("池化" in text for text in ZH.values())  # one term for pooling: 汇聚, as d2l-zh
    # and one for each other concept, as d2l-zh words it: 特征映射, 步幅, 膨胀, 感受野, 转置卷积, 元素
    for other in ("特征图", "步长", "扩张", "感受域", "反卷积", "输入单元", "输出单元"):
        assert not any(other in text for text in ZH.values()), other
