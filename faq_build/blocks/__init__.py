"""The pieces pages are made of, shared by the web pages (``render.py``) and the PDF handouts.

Each module returns HTML or Markdown text for one kind of block and reads nothing but its
arguments, so the same crisis box, review line and citation appear on screen and on paper:

- ``crisis``: the crisis box, its compact card inside answers and its printed form;
- ``page``: the other blocks of a page (pending notice, contents, key points, sources,
  medicines reminder, review line, report route, disclaimer, handout links);
- ``citations``: Vancouver-style citations and dates as readers read them;
- ``jsonld``: the schema.org ``MedicalWebPage`` data in each page's front matter.
"""
