"""The shell: the router opens on the home page, which links every page; strings are complete."""

import re
from pathlib import Path

from tests.apptest import open_page
from ui.strings_en import EN

ROOT = Path(__file__).resolve().parent.parent


def test_home_links_every_page():
    at = open_page()
    assert at.title[0].value == "Convolution explorer"
    links = {link.proto.page for link in at.get("page_link")}
    assert links == {
        "explorer",
        "channels",
        "transposed",
        "matmul",
        "conv1d",
        "receptive-field",
        "learn",
        "lenet",
    }  # url paths of the routed pages
    assert any("n + 2p" in latex.value for latex in at.latex)


def test_every_page_file_is_routed():
    routed = set(re.findall(r'st\.Page\(\s*"(views/\w+\.py)"', (ROOT / "app.py").read_text()))
    assert routed == {f"views/{path.name}" for path in (ROOT / "views").glob("*.py")}


def test_every_string_key_used_exists():
    # a key that is used but missing would raise KeyError in front of a student
    used = set()
    for path in [*ROOT.glob("views/*.py"), *ROOT.glob("ui/*.py"), ROOT / "app.py"]:
        used |= set(re.findall(r'\bt\(\s*"([a-z0-9_.]+)"', path.read_text()))
    assert used, "no t() calls found"
    assert sorted(used - set(EN)) == []
