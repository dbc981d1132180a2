/*
 * The browser editor's additions to Decap CMS (served by `faq-build serve --editor`).
 *
 * - "faq-markdown": the answer-body field. A plain text box, so the text is saved exactly as
 *   typed (Decap's rich-text editor rewrites Markdown), with a picker under it that inserts a
 *   figure ({{ fact: id }}), a glossary word ({{ term: id }}) or a link to another answer
 *   ({{ question: id }}) at the cursor: the same syntax the build reads, never typed by hand.
 *   The picker's lists come from /admin/references.json (the last good build's content).
 * - The preview pane: the page exactly as the preview server built it after the last save, so
 *   figures show with their numbers and citations; while the content has errors the preview
 *   server shows its error page instead (file, line, hint: the list the terminal prints).
 * - The local backend is this page's own origin (/api/v1), not a second server.
 */
/* global CMS, createClass, h */
"use strict";

window.CMS_MANUAL_INIT = true;

const KINDS = [
  { kind: "fact", list: "facts", label: "a figure (fact)" },
  { kind: "term", list: "terms", label: "a glossary word" },
  { kind: "question", list: "questions", label: "a link to another answer" },
];

let references = null;
function loadReferences() {
  references = references || fetch("/admin/references.json", { cache: "no-store" }).then((r) => r.json());
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

  // The preview pane: the built page, loaded again whenever a build finishes (the preview
  // server's status changes), with the build's one-line summary above it.
  function builtPage(address) {
    return createClass({
      getInitialState() {
        return { summary: "", ok: true, version: 0 };
      },
      componentDidMount() {
        const poll = () => fetch("/admin/status.json", { cache: "no-store" }).then((r) => r.json()).then((status) => {
          if (status.summary !== this.state.summary || status.ok !== this.state.ok) {
            this.setState({ summary: status.summary, ok: status.ok, version: this.state.version + 1 });
          }
        }).catch(() => {});
        poll();
        this.timer = setInterval(poll, 1000);
      },
      componentWillUnmount() {
        clearInterval(this.timer);
      },
      render() {
        const id = this.props.entry.getIn(["data", "id"]);
        const path = address(id);
        return h("div", null,
          h("p", { role: "status" }, (this.state.ok ? "Built: " : "Not published, the content has problems: ") +
            this.state.summary),
          h("p", null, "The page as the preview built it after your last save. ",
            "While the content has a mistake, the list of problems shows here instead."),
          h("iframe", {
            key: this.state.version, src: window.location.origin + path, title: "The built page " + path,
            style: { width: "100%", height: "85vh", border: "1px solid #ccc" },
          }));
      },
    });
  }

  CMS.registerWidget("faq-markdown", MarkdownControl, MarkdownPreview);
  CMS.registerPreviewTemplate("topics", builtPage((id) => "/" + id + "/"));
  CMS.registerPreviewTemplate("pages", builtPage((id) => "/" + id + "/"));
  CMS.init({ config: { local_backend: { url: window.location.origin + "/api/v1" } } });
}

window.addEventListener("load", setupEditor);
