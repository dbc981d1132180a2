"""The pieces pages are made of, shared by the web pages (``render.py``) and the PDF handouts.

Each module returns HTML or Markdown text for one kind of block and reads nothing but its
arguments, so the same crisis box, review line and citation appear on screen and on paper:

- ``crisis``: the crisis box, its compact card inside answers and its printed form;
- ``page``: the other blocks of a page (pending notice, contents, key points, sources,
  medicines reminder, review line, report route, disclaimer, handout links);
- ``citations``: Vancouver-style citations and dates as readers read them;
- ``jsonld``: the schema.org ``MedicalWebPage`` data in each page's front matter.
"""

SEARCH_EXCLUDE_CLASS = "faq-search-exclude"
"""The class that keeps a block out of the search index (crisis box, notices, contents, key points,
related questions, sources, review line, page foot): read back by outputs/search_index.py. A class,
not a data attribute: classes survive both engines and Markdown's attr_list and ``markdown``
blocks, while ``data-search-exclude`` was dropped by Material's search plugin inside ``markdown``
blocks and by Zensical everywhere."""
