/* The site's search box: the DOM side. The per-question Pagefind index (faq_build/search_index.py)
 * and the search data (assets/faq-search-data.json: crisis box, crisis vocabulary, thesaurus, topic
 * list, all from content/) are loaded from the site itself when the box is first used; nothing
 * else is fetched. How a query is read and whether it expresses crisis: faq-search-core.js.
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
(function () {
  "use strict";
  var form = document.querySelector("form[data-faq-search]");
  var core = window.FaqSearchCore;
  if (!form || !core) return;
  var input = form.querySelector("input");
  var meta = document.getElementById("faq-search-meta");
  var area = form.closest(".md-search");
  var output = form.parentNode.querySelector(".md-search-result");
  var list = output.querySelector(".md-search-result__list");
  var strip = output.querySelector("[data-kind=crisis-strip]");
  var empty = output.querySelector(".faq-search-empty");
  var toggle = document.getElementById("__search");
  var root = new URL((form.getAttribute("data-base") || ".").replace(/\/?$/, "/"), document.baseURI);
  var MAX_RESULTS = 10;
  // Material's breakpoint below which the search box lives only in the full-screen panel.
  var panelOnly = window.matchMedia("(max-width: 59.984375em)");
  var pointerInside = false;

  var pagefind = null;
  var data = null;
  var isCrisis = function () { return null; };
  var loading = null;
  var latest = 0;
  var timer = 0;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  /* A service's call and text links (the same wording as the page's crisis box). */
  function contactLinks(service, className) {
    var links = [];
    if (service.sms && service.sms_body && !service.tel) {
      var text = element("a", className, "Text " + service.sms_body + " to " + service.contact);
      text.href = "sms:" + service.sms + "?body=" + encodeURIComponent(service.sms_body);
      links.push(text);
      return links;
    }
    if (service.tel) {
      var call = element("a", className, "Call " + service.contact);
      call.href = "tel:" + service.tel;
      links.push(call);
    }
    if (service.sms) {
      var sms = element("a", className, "Text " + service.sms);
      sms.href = "sms:" + service.sms;
      links.push(sms);
    }
    return links;
  }

  function fillStrip(crisis) {
    strip.textContent = "";
    strip.appendChild(element("strong", "", crisis.title + " "));
    crisis.services.filter(function (s) { return s.strip; }).forEach(function (service) {
      var link = contactLinks(service, "faq-search-crisis__link")[0]; // the call link; the card has the rest
      if (!link) return;
      link.textContent = service.region + " " + service.contact;
      link.setAttribute("aria-label", link.textContent + ": " + service.name); // starts with the visible words
      strip.appendChild(link);
      strip.appendChild(document.createTextNode(" "));
    });
    var more = element("a", "faq-search-crisis__more", "All crisis lines");
    more.href = "#urgent-help";
    strip.appendChild(more);
    strip.hidden = false;
  }

  /* Without the data file (it failed to load), the strip still offers the page's own crisis box. */
  function fallbackStrip() {
    var box = document.getElementById("urgent-help");
    if (!box || !strip.hidden) return;
    strip.textContent = "";
    strip.appendChild(element("strong", "", "Need help now? "));
    var more = element("a", "faq-search-crisis__more", "See the urgent help box");
    more.href = "#urgent-help";
    strip.appendChild(more);
    strip.hidden = false;
  }

  function crisisCard(crisis) {
    var item = element("li", "md-search-result__item faq-search-card");
    item.setAttribute("data-kind", "crisis");
    var article = element("article", "md-search-result__article md-typeset");
    article.appendChild(element("h2", "", crisis.title));
    article.appendChild(element("p", "", crisis.lead));
    var services = element("ul", "faq-search-card__list");
    crisis.services.forEach(function (service) {
      var row = element("li");
      row.appendChild(element("span", "faq-search-card__name", service.region + ": " + service.name));
      contactLinks(service, "faq-search-card__call").forEach(function (link) { row.appendChild(link); });
      if (!service.tel && !service.sms) row.appendChild(element("span", "faq-search-card__place", service.contact));
      services.appendChild(row);
    });
    article.appendChild(services);
    item.appendChild(article);
    return item;
  }

  function fillEmpty(topics) {
    var topicList = empty.querySelector("ul");
    topicList.textContent = "";
    topics.forEach(function (topic) {
      var row = element("li");
      var link = element("a", "", topic.title);
      link.href = new URL(topic.url, root).href;
      row.appendChild(link);
      topicList.appendChild(row);
    });
  }

  function load() {
    if (!loading) {
      var dataLoad = fetch(new URL("assets/faq-search-data.json", root).href).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      }).then(function (loaded) {
        data = loaded;
        isCrisis = core.crisisMatcher(loaded.crisis);
        fillStrip(loaded.crisis);
        fillEmpty(loaded.topics);
      });
      var indexLoad = import(new URL("pagefind/pagefind.js", root).href).then(function (module) {
        // Pagefind 1.5 adds a score for query words found in metadata (weight 1 unless set): the
        // summary repeats the answer text, so it must add nothing, or ranking would change.
        return module.options({ baseUrl: root.pathname, ranking: { metaWeights: { summary: 0 } } }).then(function () {
          return module.init();
        }).then(function () { pagefind = module; });
      });
      loading = Promise.all([dataLoad, indexLoad]).then(function () {
        if (!input.value.trim()) meta.textContent = "Type to start searching";
      }).catch(function () {
        loading = null;
        fallbackStrip();
        meta.textContent = "Search could not load. Please reload the page.";
      });
    }
    return loading;
  }

  function searchWord(word) {
    return pagefind.search(word).then(function (found) {
      if (found.results.length || word.length < 5) return found.results;
      return searchWord(word.slice(0, -1)); // "withdrawel" -> ... -> "withdraw"
    });
  }

  function rank(query) {
    var terms = core.searchTerms(query, data);
    if (!terms.length) return Promise.resolve([]);
    return Promise.all(terms.map(function (t) { return searchWord(t.word); })).then(function (lists) {
      var byId = {};
      lists.forEach(function (results, i) {
        var seen = {};
        results.forEach(function (r) {
          if (seen[r.id]) return;
          seen[r.id] = true;
          var entry = byId[r.id] || (byId[r.id] = { result: r, matched: 0, score: 0 });
          entry.matched += terms[i].weight;
          entry.score += terms[i].weight * r.score;
        });
      });
      return Object.keys(byId).map(function (id) { return byId[id]; }).sort(function (a, b) {
        return (b.score - a.score) || (b.matched - a.matched) || (a.result.id < b.result.id ? -1 : 1);
      }).slice(0, MAX_RESULTS);
    });
  }

  /* A paragraph of content text with the query's words marked (text nodes and <mark> only). */
  function highlighted(tag, className, text, terms) {
    var node = element(tag, className);
    core.highlightPieces(text, terms).forEach(function (piece) {
      node.appendChild(piece.mark ? element("mark", "", piece.text) : document.createTextNode(piece.text));
    });
    return node;
  }

  function render(query, crisis, datas) {
    var terms = core.searchTerms(query, data);
    list.textContent = "";
    if (crisis) list.appendChild(crisisCard(data.crisis));
    datas.forEach(function (found) {
      var item = element("li", "md-search-result__item");
      var link = element("a", "md-search-result__link");
      link.href = new URL(found.url.replace(/^\//, ""), root).href;
      var article = element("article", "md-search-result__article md-typeset");
      article.appendChild(highlighted("h2", "faq-search__question", found.meta.title || "", terms));
      article.appendChild(element("p", "faq-search__topic", found.meta.topic || ""));
      if (found.meta.summary) article.appendChild(highlighted("p", "faq-search__summary", found.meta.summary, terms));
      link.appendChild(article);
      item.appendChild(link);
      list.appendChild(item);
    });
    empty.hidden = datas.length > 0;
    list.setAttribute("data-query", query); // which query these results answer (tests wait on it)
    var n = datas.length;
    meta.textContent = n === 0 ? "No matching answers" : n === 1 ? "1 matching answer" : n + " matching answers";
  }

  function run() {
    var query = input.value;
    var ticket = ++latest;
    if (!query.trim()) {
      list.textContent = "";
      empty.hidden = true;
      meta.textContent = pagefind ? "Type to start searching" : meta.textContent;
      return;
    }
    load().then(function () {
      if (!pagefind || !data || ticket !== latest) return null;
      var crisis = isCrisis(query) !== null;
      return rank(query).then(function (entries) {
        return Promise.all(entries.map(function (e) { return e.result.data(); })).then(function (datas) {
          if (ticket === latest) render(query, crisis, datas);
        });
      });
    });
  }

  function open() {
    if (toggle && !toggle.checked) toggle.checked = true;
    load();
  }

  function close(keepFocus) {
    if (toggle) toggle.checked = false;
    if (!keepFocus) input.blur();
  }

  /* Focus went somewhere: close unless it is still in the search area. A tap on plain text in the
   * panel moves focus to the page body; that is not leaving, so it keeps the panel open. So does
   * the window losing focus (another app, the browser's own bar). */
  function focusLeft(event) {
    var to = event.relatedTarget;
    if (to && area.contains(to)) return;
    setTimeout(function () {
      var now = document.activeElement;
      if (!document.hasFocus() || (now && area.contains(now))) return;
      if ((!now || now === document.body) && pointerInside) return;
      if (toggle && toggle.checked) close(true);
    }, 0);
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll("a")).concat(
      empty.hidden ? [] : Array.prototype.slice.call(empty.querySelectorAll("a")));
  }

  input.addEventListener("focus", function () {
    if (panelOnly.matches) open(); else load(); // load early: the first search is then instant
  });
  input.addEventListener("click", open);
  area.addEventListener("focusout", focusLeft);
  document.addEventListener("pointerdown", function (event) {
    pointerInside = area.contains(event.target);
  }, true);
  input.addEventListener("input", function () {
    open();
    clearTimeout(timer);
    timer = setTimeout(run, 60);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    open();
    var first = links()[0];
    if (first) first.focus();
  });
  if (toggle) {
    toggle.addEventListener("change", function () {
      if (toggle.checked) setTimeout(function () { input.focus(); }, 50);
    });
  }
  form.parentNode.addEventListener("keydown", function (event) {
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (all.length) all[Math.min(at + 1, all.length - 1)].focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      if (at <= 0) input.focus(); else all[at - 1].focus();
    } else if (event.key === "Escape") {
      event.preventDefault();
      close();
    }
  });
  output.addEventListener("click", function (event) {
    var link = event.target.closest("a");
    if (link && !/^(tel|sms):/.test(link.getAttribute("href") || "")) close(); // same-page links: the panel would stay open
  });
})();
