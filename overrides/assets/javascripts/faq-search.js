/* The site's search box: the DOM side only (events, elements, loading, drawing). Every rule (how a
 * query is read, whether it expresses crisis, how answers are ranked, what each line says) is in
 * faq-search-core.js, an ES module tested in Node; this file is loaded as a <script type="module">
 * (overrides/partials/search.html). The per-question Pagefind index (faq_build/outputs/search_index.py)
 * and the search data (assets/faq-search-data.json: crisis box, crisis vocabulary, thesaurus, topic
 * list, all from content/) are loaded from the site itself when the box is first used; nothing
 * else is fetched.
 *
 * What a search shows, in order (README, "Search" and "Crisis search"):
 *  1. always, above everything: a compact crisis strip (data-kind="crisis-strip");
 *  2. when the query expresses crisis: the full crisis card as the first result (data-kind="crisis");
 *  3. the answers, ranked by the sum of Pagefind's scores for each query word and its synonyms
 *     (BM25; the question outweighs its keywords, which outweigh the answer text), so a typed
 *     sentence still finds answers that share only some of its words; a word that matches nothing
 *     (a typo such as "withdrawel") is retried as a shorter prefix;
 *  4. with no answers: a hint to try other words and the list of topics, never a blank panel.
 * Each answer shows its question, its topic and its short answer (Pagefind meta "summary", the
 * first paragraph of the answer as the page shows it), with the query's words in <mark>, built
 * from text nodes (content text is never parsed as HTML).
 * Opening and closing (WCAG 3.2.1, on focus): the panel opens when the reader types, presses Enter
 * or clicks the box, not when focus merely arrives (Tab passes by without dimming the page); on a
 * phone the box only exists inside the full-screen panel, so there focus does open it, to show
 * what has focus. It closes on Escape and as soon as focus leaves the search area (.md-search).
 * Keyboard: ArrowDown/ArrowUp move between the box and the links, Escape closes the panel. */
import * as core from "./faq-search-core.js";

const form = document.querySelector("form[data-faq-search]");
if (form) bind(form);

function bind(form) {
  const input = form.querySelector("input");
  const meta = document.getElementById("faq-search-meta");
  const area = form.closest(".md-search");
  const output = form.parentNode.querySelector(".md-search-result");
  const list = output.querySelector(".md-search-result__list");
  const strip = output.querySelector("[data-kind=crisis-strip]");
  const empty = output.querySelector(".faq-search-empty");
  const toggle = document.getElementById("__search");
  const root = core.siteRoot(form.getAttribute("data-base"), document.baseURI);
  // Material's breakpoint below which the search box lives only in the full-screen panel.
  const panelOnly = window.matchMedia("(max-width: 59.984375em)");
  let pointerInside = false;

  let pagefind = null;
  let data = null;
  let isCrisis = () => null;
  let loading = null;
  let latest = 0;
  let timer = 0;

  const element = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  };

  const anchor = (className, { text, href }) => {
    const link = element("a", className, text);
    link.href = href;
    return link;
  };

  const fillStrip = (crisis) => {
    strip.textContent = "";
    strip.appendChild(element("strong", "", crisis.title + " "));
    for (const shown of core.stripLinks(crisis)) {
      const link = anchor("faq-search-crisis__link", shown);
      link.setAttribute("aria-label", shown.label);
      strip.append(link, " ");
    }
    strip.appendChild(anchor("faq-search-crisis__more", { text: "All crisis lines", href: "#urgent-help" }));
    strip.hidden = false;
  };

  /* Without the data file (it failed to load), the strip still offers the page's own crisis box. */
  const fallbackStrip = () => {
    if (!document.getElementById("urgent-help") || !strip.hidden) return;
    strip.textContent = "";
    strip.appendChild(element("strong", "", "Need help now? "));
    strip.appendChild(anchor("faq-search-crisis__more", { text: "See the urgent help box", href: "#urgent-help" }));
    strip.hidden = false;
  };

  const crisisCard = (crisis) => {
    const item = element("li", "md-search-result__item faq-search-card");
    item.setAttribute("data-kind", "crisis");
    const article = element("article", "md-search-result__article md-typeset");
    article.append(element("h2", "", crisis.title), element("p", "", crisis.lead));
    const services = element("ul", "faq-search-card__list");
    for (const { name, links, place } of core.cardRows(crisis)) {
      const row = element("li");
      row.appendChild(element("span", "faq-search-card__name", name));
      for (const link of links) row.appendChild(anchor("faq-search-card__call", link));
      if (place !== null) row.appendChild(element("span", "faq-search-card__place", place));
      services.appendChild(row);
    }
    article.appendChild(services);
    item.appendChild(article);
    return item;
  };

  const fillEmpty = (topics) => {
    const topicList = empty.querySelector("ul");
    topicList.textContent = "";
    for (const topic of topics) {
      const row = element("li");
      row.appendChild(anchor("", { text: topic.title, href: new URL(topic.url, root).href }));
      topicList.appendChild(row);
    }
  };

  const loadData = async () => {
    const response = await fetch(new URL("assets/faq-search-data.json", root).href);
    if (!response.ok) throw new Error(response.status);
    data = await response.json();
    isCrisis = core.crisisMatcher(data.crisis);
    fillStrip(data.crisis);
    fillEmpty(data.topics);
  };

  const loadIndex = async () => {
    const module = await import(new URL("pagefind/pagefind.js", root).href);
    // Pagefind 1.5 adds a score for query words found in metadata (weight 1 unless set): the
    // summary repeats the answer text, so it must add nothing, or ranking would change.
    // noWorker: pagefind.js already holds the whole engine; its web worker would be a second
    // download (about 12 KiB) and a second start of the WebAssembly before the first answer.
    await module.options({ baseUrl: root.pathname, noWorker: true, ranking: { metaWeights: { summary: 0 } } });
    await module.init();
    pagefind = module;
  };

  const load = () => {
    if (!loading) {
      loading = Promise.all([loadData(), loadIndex()]).then(() => {
        if (!input.value.trim()) meta.textContent = "Type to start searching";
      }).catch(() => {
        loading = null;
        fallbackStrip();
        meta.textContent = "Search could not load. Please reload the page.";
      });
    }
    return loading;
  };

  /* A paragraph of content text with the query's words marked (text nodes and <mark> only). */
  const highlighted = (tag, className, text, terms) => {
    const node = element(tag, className);
    for (const piece of core.highlightPieces(text, terms)) {
      node.appendChild(piece.mark ? element("mark", "", piece.text) : document.createTextNode(piece.text));
    }
    return node;
  };

  const render = (query, crisis, answers) => {
    const terms = core.searchTerms(query, data);
    list.textContent = "";
    if (crisis) list.appendChild(crisisCard(data.crisis));
    for (const found of answers) {
      const item = element("li", "md-search-result__item");
      const link = element("a", "md-search-result__link");
      link.href = core.answerHref(found.url, root);
      const article = element("article", "md-search-result__article md-typeset");
      article.appendChild(highlighted("h2", "faq-search__question", found.meta.title || "", terms));
      article.appendChild(element("p", "faq-search__topic", found.meta.topic || ""));
      if (found.meta.summary) article.appendChild(highlighted("p", "faq-search__summary", found.meta.summary, terms));
      link.appendChild(article);
      item.appendChild(link);
      list.appendChild(item);
    }
    empty.hidden = answers.length > 0;
    list.setAttribute("data-query", query); // which query these results answer (tests wait on it)
    meta.textContent = core.countText(answers.length);
  };

  const searchIndex = async (word) => (await pagefind.search(word)).results;

  const run = async () => {
    const query = input.value;
    const ticket = ++latest;
    if (!query.trim()) {
      list.textContent = "";
      list.removeAttribute("data-query"); // the list answers no query now
      empty.hidden = true;
      if (pagefind) meta.textContent = "Type to start searching";
      return;
    }
    await load();
    if (!pagefind || !data || ticket !== latest) return;
    const crisis = isCrisis(query) !== null;
    const entries = await core.rank(query, data, searchIndex);
    const answers = await Promise.all(entries.map((e) => e.result.data()));
    if (ticket === latest) render(query, crisis, answers);
  };

  const open = () => {
    if (toggle && !toggle.checked) toggle.checked = true;
    load();
  };

  /* Closing says so with a change event, as a tap on the header's search button does: the theme's
   * bundle holds the page still (position: fixed) while search is open on a phone and lets go only
   * when the toggle reports a change, so a silent close left the page unable to scroll. */
  const close = (keepFocus) => {
    if (toggle && toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
    if (!keepFocus) input.blur();
  };

  /* Focus went somewhere: close unless it is still in the search area. A tap on plain text in the
   * panel moves focus to the page body; that is not leaving, so it keeps the panel open. So does
   * the window losing focus (another app, the browser's own bar). */
  const focusLeft = (event) => {
    const to = event.relatedTarget;
    if (to && area.contains(to)) return;
    setTimeout(() => {
      const now = document.activeElement;
      if (!document.hasFocus() || (now && area.contains(now))) return;
      if ((!now || now === document.body) && pointerInside) return;
      if (toggle && toggle.checked) close(true);
    }, 0);
  };

  const links = () => [...list.querySelectorAll("a"), ...(empty.hidden ? [] : empty.querySelectorAll("a"))];

  input.addEventListener("focus", () => {
    if (panelOnly.matches) open(); else load(); // load early: the first search is then instant
  });
  input.addEventListener("click", open);
  area.addEventListener("focusout", focusLeft);
  document.addEventListener("pointerdown", (event) => {
    pointerInside = area.contains(event.target);
  }, true);
  input.addEventListener("input", () => {
    open();
    clearTimeout(timer);
    timer = setTimeout(run, 60);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    open();
    const first = links()[0];
    if (first) first.focus();
  });
  if (toggle) {
    toggle.addEventListener("change", () => {
      if (toggle.checked) setTimeout(() => input.focus(), 50);
    });
  }
  form.parentNode.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      close();
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    event.preventDefault();
    const all = links();
    const target = core.arrowTarget(event.key, all.indexOf(document.activeElement), all.length);
    if (target === -1) input.focus(); else if (target !== null) all[target].focus();
  });
  output.addEventListener("click", (event) => {
    const link = event.target.closest("a");
    // same-page links: the panel would stay open
    if (link && !/^(tel|sms):/.test(link.getAttribute("href") || "")) close();
  });
}
