"""The shared reading-level helper: Markdown and references stripped first, offline, deterministic."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT

from faq_build.text.readability import fk_grade, plain_text

EASY = "You are not alone. Many people get better. Ask your doctor what to try next."
HARD = (
    "Pharmacological augmentation strategies, administered concomitantly with antidepressant "
    "monotherapy, demonstrate heterogeneous efficacy across methodologically diverse investigations."
)


def test_harder_text_scores_higher():
    assert fk_grade(HARD) > fk_grade(EASY) + 8


def test_markdown_links_and_references_are_read_as_words():
    plain = "Ask about remission. See the glossary. About ten of people got better."
    marked = (
        "Ask about {{ term: remission }}. See [the glossary](glossary.md#remission){ #x }. "
        "About {{ fact: stard-remission-step-1 }} of people got **better**."
    )
    assert plain_text(marked) == plain
    assert fk_grade(marked) == fk_grade(plain)
    assert plain_text("{{ term: antidepressant | antidepressants }} help") == "antidepressants help."
    assert plain_text("<span class='x'>Hello</span> `code` https://example.org/page") == "Hello."


def test_list_items_and_headings_count_as_sentences():
    items = ["Ask your doctor which treatments you have tried", "Ask what the next steps could be",
             "Write down how you feel each week", "Bring someone you trust to the appointment"]
    as_list = "**What you can do**\n\n" + "\n".join(f"- {item}" for item in items)
    as_one_sentence = "What you can do " + " and ".join(items)
    assert plain_text(as_list).count(".") == 5
    assert fk_grade(as_list) < fk_grade(as_one_sentence)


def test_empty_text_is_zero():
    assert fk_grade("") == 0.0
    assert fk_grade("<br>\n\n- \n---\n") == 0.0  # markup without words


@pytest.mark.slow
def test_no_network_needed():
    """textstat 0.7.9+ downloads NLTK data at run time; ours must work with sockets disabled."""
    code = (
        "import socket\n"
        "def refuse(*a, **k): raise OSError('network disabled in this test')\n"
        "socket.socket.connect = refuse\nsocket.create_connection = refuse\n"
        "from faq_build.text.readability import fk_grade\n"
        f"print(fk_grade({EASY!r}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert float(result.stdout) == fk_grade(EASY)
