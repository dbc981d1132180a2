"""A topic split into smaller ones keeps every published address: the old id is an alias of one
successor, and ``/old-topic/#answer`` resolves wherever that answer lives now (the redirect page
sends each #anchor to its page)."""

from __future__ import annotations

import json
import re

from conftest import TODAY, fixture_files, other_topic_yaml

from faq_build.load import parse_files
from faq_build.outputs.published_links import check_published, redirect_pages
from faq_build.validate import validate

OTHER = other_topic_yaml(summary="Split from the old topic.", question_id="moved-question",
                         question="Where did this answer go?", short_answer="It moved to its own page.")


def _split_content():
    files = fixture_files()
    topic = files["content/topics/example-topic.yml"].decode()
    files["content/topics/example-topic.yml"] = topic.replace(
        "reviewer_role: Test reviewer\n", "reviewer_role: Test reviewer\naliases: [old-topic]\n", 1).encode()
    files["content/topics/other-topic.yml"] = OTHER.encode()
    documents, problems = parse_files(files)
    content, more = validate(documents, today=TODAY)
    assert problems + more == []
    return content


def test_old_topic_anchor_resolves_wherever_the_answer_lives_now():
    content = _split_content()
    published = [(3, "old-topic/"), (4, "old-topic/#first-question"), (5, "old-topic/#moved-question"),
                 (6, "old-topic/#no-such-answer"), (7, "other-topic/#first-question")]
    problems = check_published(content, published)
    assert [(d.code, d.line) for d in problems] == [("LINK-REMOVED", 6), ("LINK-REMOVED", 7)]


def test_redirect_page_forwards_moved_anchors_to_their_page():
    content = _split_content()
    pages = redirect_pages(content.topics)
    assert sorted(pages) == ["old-topic/index.html"]
    page = pages["old-topic/index.html"]
    moved = json.loads(re.search(r"var moved = (\{.*?\}),", page).group(1))
    assert moved == {"moved-question": "../other-topic/"}
    assert 'content="0; url=../example-topic/"' in page  # without JavaScript: the successor page


def test_a_redirect_page_carries_every_crisis_service_for_a_browser_that_does_not_follow_it():
    """A browser can be set not to follow refreshes (and may run no script): the reader then sees
    this page, and help is on every page: the paper crisis box, every service, nothing to open."""
    from faq_build.blocks.crisis import crisis_print_block
    from faq_build.render import render
    from faq_build.resolve import resolve

    content = _split_content()
    page = render(resolve(content)).files["old-topic/index.html"]
    box = crisis_print_block(content.crisis)
    body = page[page.index("<body>"):]
    assert body == ('<body>\n<p>This page has moved to <a href="../example-topic/">An example topic</a>.</p>\n'
                    f"{box}\n</body>\n</html>\n")
    assert all(f'href="{s.contact}' in box or s.contact in box for s in content.crisis.services)
    assert redirect_pages(content.topics)["old-topic/index.html"] == page.replace(f"{box}\n", "")
