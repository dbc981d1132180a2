/*
 * The browser editor's additions to Decap CMS (served by `faq-build serve --editor`).
 *
 * - "faq-markdown": the answer-body field. A plain text box, so the text is saved exactly as
 *   typed (Decap's rich-text editor rewrites Markdown), with a picker under it that inserts a
 *   figure ({{ fact: id }}), a glossary word ({{ term: id }}) or a link to another answer
 *   ({{ question: id }}) at the cursor: the same syntax the build reads, never typed by hand.
 *   The picker's lists come from /admin/references.json (the last good build's content).
 * - The preview pane: first the form's unsaved values, checked by the preview server
 *   (/admin/draft) and shown as the page, figures with their numbers and citations, or as the
 *   list of problems; then the page as the preview server built it after the last save (while
 *   the content has errors, its error page: file, line, hint, the list the terminal prints).
 * - The local backend is this page's own origin (/api/v1), not a second server.
 *
 * In the published site (a git host: the page has <meta name="faq-editor-backend">), there is no
 * preview server: the backend is the git host named in config.yml, every change is a pull
 * request, and the pull request's checks and summary take the place of the draft preview.
 */
/* global CMS, createClass, h */
"use strict";

window.CMS_MANUAL_INIT = true;

const KINDS = [
  { kind: "fact", list: "facts", label: "a figure (fact)" },
  { kind: "term", list: "terms", label: "a glossary word" },
  { kind: "question", list: "questions", label: "a link to another answer" },
];

const ON_GIT_HOST = document.querySelector('meta[name="faq-editor-backend"]') !== null;

let references = null;
function loadReferences() {
  references = references || fetch("references.json", { cache: "no-store" }).then((r) => r.json());
  return references;
}

function referenceText(kind, id) {
  return "{{ " + kind + ": " + id + " }}";
}

function setupEditor() {
  const MarkdownControl = createClass({
    getInitialState() {
      return { kind: "fact", choice: "", lists: { facts: [], terms: [], questions: [] } };
    },
    componentDidMount() {
      loadReferences().then((lists) => this.setState({ lists }));
    },
    insert() {
      if (!this.state.choice) return;
      const text = this.props.value || "";
      const box = this.box;
      const start = box ? box.selectionStart : text.length;
      const end = box ? box.selectionEnd : text.length;
      const added = referenceText(this.state.kind, this.state.choice);
      this.props.onChange(text.slice(0, start) + added + text.slice(end));
      this.setState({ choice: "" });
      if (box) {
        const cursor = start + added.length;
        requestAnimationFrame(() => { box.focus(); box.setSelectionRange(cursor, cursor); });
      }
    },
    render() {
      const id = this.props.forID;
      const current = KINDS.find((k) => k.kind === this.state.kind);
      const items = this.state.lists[current.list] || [];
      return h("div", { className: "faq-markdown" },
        h("textarea", {
          id, className: this.props.classNameWrapper, value: this.props.value || "", rows: 12,
          onChange: (event) => this.props.onChange(event.target.value),
          onFocus: this.props.setActiveStyle, onBlur: this.props.setInactiveStyle,
          ref: (element) => { this.box = element; },
        }),
        h("div", { className: "faq-picker", role: "group", "aria-label": "Insert a reference at the cursor" },
          h("label", { htmlFor: id + "-kind" }, "Insert"),
          h("select", {
            id: id + "-kind", value: this.state.kind,
            onChange: (event) => this.setState({ kind: event.target.value, choice: "" }),
          }, KINDS.map((k) => h("option", { key: k.kind, value: k.kind }, k.label))),
          h("label", { htmlFor: id + "-choice" }, "Which one"),
          h("select", {
            id: id + "-choice", value: this.state.choice,
            onChange: (event) => this.setState({ choice: event.target.value }),
          }, [h("option", { key: "", value: "" }, "Choose...")].concat(
            items.map((item) => h("option", { key: item.id, value: item.id }, item.label + " (" + item.id + ")")))),
          h("button", { type: "button", disabled: !this.state.choice, onClick: () => this.insert() },
            "Insert reference")));
    },
  });

  const MarkdownPreview = createClass({
    render() {
      return h("pre", { style: { whiteSpace: "pre-wrap" } }, this.props.value || "");
    },
  });

  // The preview pane, in two parts. First the form's values as they stand, not saved yet:
  // checked by the preview server (/admin/draft) and shown as the page, or as the list of
  // problems (the lines they will have once saved). Then the page as the last build made it,
  // loaded again whenever a build finishes.
  function problemList(problems) {
    return h("ul", { className: "faq-problems" }, problems.map((p, index) => h("li", { key: index },
      h("strong", null, p.severity + " " + p.code), " " + p.file + (p.line ? ":" + p.line : "") + ": " + p.message,
      p.expected ? h("div", null, "Expected: " + p.expected) : null,
      p.hint ? h("div", null, "Hint: " + p.hint) : null)));
  }

  function builtPage(address) {
    return createClass({
      getInitialState() {
        return { summary: "", ok: true, version: 0, draft: null };
      },
      componentDidMount() {
        const poll = () => fetch("/admin/status.json", { cache: "no-store" }).then((r) => r.json()).then((status) => {
          if (status.summary !== this.state.summary || status.ok !== this.state.ok) {
            this.setState({ summary: status.summary, ok: status.ok, version: this.state.version + 1 });
          }
        }).catch(() => {});
        poll();
        this.timer = setInterval(poll, 1000);
        this.checkDraft();
      },
      componentDidUpdate(previous) {
        if (previous.entry !== this.props.entry) {
          clearTimeout(this.waiting);
          this.waiting = setTimeout(() => this.checkDraft(), 600);
        }
      },
      componentWillUnmount() {
        clearInterval(this.timer);
        clearTimeout(this.waiting);
      },
      checkDraft() {
        const entry = this.props.entry;
        const data = entry.get("data").toJS();
        const path = entry.get("path") || (this.props.collection.get("folder") + "/" + data.id + ".yml");
        this.asked = (this.asked || 0) + 1;
        const asked = this.asked;
        fetch("/admin/draft", {
          method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ path, data }),
        }).then((r) => r.json()).then((draft) => {
          if (asked === this.asked) this.setState({ draft });
        }).catch(() => {});
      },
      render() {
        const id = this.props.entry.getIn(["data", "id"]);
        const path = address(id);
        const draft = this.state.draft;
        let now = h("p", null, "Checking your changes...");
        if (draft && draft.ok) {
          now = h("div", { className: "faq-draft", dangerouslySetInnerHTML: { __html: draft.html || "" } });
        } else if (draft && draft.problems) {
          now = h("div", { className: "faq-draft-problems" },
            h("p", null, "Your changes have problems (they would not be published):"), problemList(draft.problems));
        } else if (draft && draft.error) {
          now = h("p", null, draft.error);
        }
        return h("div", null,
          h("section", { "aria-label": "Your changes, not saved yet" }, h("h2", null, "Your changes, not saved yet"), now),
          h("section", { "aria-label": "After your last save" },
            h("h2", null, "After your last save"),
            h("p", { role: "status" }, (this.state.ok ? "Built: " : "Not published, the content has problems: ") +
              this.state.summary),
            h("p", null, "While the content has a mistake, the list of problems shows here instead of the page."),
            h("iframe", {
              key: this.state.version, src: window.location.origin + path, title: "The built page " + path,
              style: { width: "100%", height: "85vh", border: "1px solid #ccc" },
            })));
      },
    });
  }

  CMS.registerWidget("faq-markdown", MarkdownControl, MarkdownPreview);
  if (ON_GIT_HOST) {
    CMS.init();
    return;
  }
  CMS.registerPreviewTemplate("topics", builtPage((id) => "/" + id + "/"));
  CMS.registerPreviewTemplate("pages", builtPage((id) => "/" + id + "/"));
  CMS.init({ config: { local_backend: { url: window.location.origin + "/api/v1" } } });
}

window.addEventListener("load", setupEditor);
