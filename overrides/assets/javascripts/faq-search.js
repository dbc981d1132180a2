/* The site's search box: per-question Pagefind index (faq_build/search_index.py), no network
 * beyond the site itself. What it does to a query, in order (see bench/search-eval.md for why):
 *  1. lower-case, drop apostrophes ("don't" = "dont"), split into words, drop stop words;
 *  2. add everyday synonyms the answers do not use (brand names of antidepressants, family words,
 *     US/UK wording), at half weight;
 *  3. search each word on its own and rank answers by the sum of Pagefind's scores for the words
 *     (BM25: rare words count more, and the question outweighs its keywords, which outweigh the
 *     answer text), so a sentence-like query still finds answers that share only some of its
 *     words (Pagefind alone needs every word on one page);
 *  4. a word that matches nothing (a typo such as "withdrawel") is retried as a shorter prefix.
 * Keyboard: ArrowDown/ArrowUp move between the box and the results, Escape closes the panel. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-faq-search]");
  if (!form) return;
  var input = form.querySelector("input");
  var meta = document.getElementById("faq-search-meta");
  var list = form.parentNode.querySelector(".md-search-result__list");
  var toggle = document.getElementById("__search");
  var root = new URL((form.getAttribute("data-base") || ".").replace(/\/?$/, "/"), document.baseURI);
  var MAX_RESULTS = 10;

  var STOP = {};
  // NLTK's English stop words (apostrophes dropped), less "not", "no", "off", "after", "before",
  // "again" and "against", which change what a question is about.
  ("i me my myself we our ours ourselves you youre youve youll youd your yours yourself yourselves he " +
   "him his himself she shes her hers herself it its itself they them their theirs themselves what " +
   "which who whom this that thatll these those am is are was were be been being have has had having " +
   "do does did doing a an the and but if or because as until while of at by for with about into " +
   "through during above below to from up down in out on over under further then once here there " +
   "when where why how all any both each few more most other some such nor only own same so than too " +
   "very s t can will just don dont should shouldve now d ll m o re ve y im ive id ill").split(" ")
    .forEach(function (w) { STOP[w] = true; });

  // Everyday words that mean the same as words the answers use. Keep it general (a thesaurus,
  // never a query -> answer table); better still, add the word to the answer's `also_called`.
  var SYNONYMS = {
    pills: ["medicine"], pill: ["medicine"], tablets: ["medicine"], meds: ["medicine"],
    medication: ["medicine"], medications: ["medicine"],
    sertraline: ["antidepressant"], zoloft: ["antidepressant"], lustral: ["antidepressant"],
    citalopram: ["antidepressant"], celexa: ["antidepressant"], escitalopram: ["antidepressant"],
    lexapro: ["antidepressant"], cipralex: ["antidepressant"], fluoxetine: ["antidepressant"],
    prozac: ["antidepressant"], paroxetine: ["antidepressant"], paxil: ["antidepressant"],
    seroxat: ["antidepressant"], venlafaxine: ["antidepressant"], effexor: ["antidepressant"],
    duloxetine: ["antidepressant"], cymbalta: ["antidepressant"], mirtazapine: ["antidepressant"],
    bupropion: ["antidepressant"], wellbutrin: ["antidepressant"], vortioxetine: ["antidepressant"],
    ssri: ["antidepressant"], ssris: ["antidepressant"], snri: ["antidepressant"],
    husband: ["family", "partner"], wife: ["family", "partner"], boyfriend: ["partner"],
    girlfriend: ["partner"], mum: ["family"], mom: ["family"], mother: ["family"], dad: ["family"],
    father: ["family"], parent: ["family"], parents: ["family"], brother: ["family"],
    sister: ["family"], friend: ["friends"], loved: ["family"],
    depressed: ["depression"], counselor: ["counselling"], counsellor: ["counselling"],
    counseling: ["counselling"], usa: ["us"], america: ["us"], american: ["us"],
    britain: ["uk"], england: ["uk"], scotland: ["uk"], wales: ["uk"],
    hopeless: ["hope"], unhappy: ["upset"], suicidal: ["suicidal", "crisis"],
    job: ["work"], boss: ["employer"], manager: ["employer"], change: ["switch"], swap: ["switch"]
  };

  var pagefind = null;
  var loading = null;
  var latest = 0;
  var timer = 0;

  function load() {
    if (!loading) {
      loading = import(new URL("pagefind/pagefind.js", root).href).then(function (module) {
        return module.options({ baseUrl: root.pathname, excerptLength: 24 }).then(function () {
          return module.init();
        }).then(function () {
          pagefind = module;
          if (!input.value.trim()) meta.textContent = "Type to start searching";
          return module;
        });
      }).catch(function () {
        loading = null;
        meta.textContent = "Search could not load. Please reload the page.";
      });
    }
    return loading;
  }

  function words(query) {
    return query.toLowerCase().replace(/['\u2019]/g, "").split(/[^a-z0-9*]+/)
      .filter(function (w) { return w && !STOP[w] && !/^[0-9]+$/.test(w); }); // "after 2 years": the number says little
  }

  function searchWord(word) {
    return pagefind.search(word).then(function (found) {
      if (found.results.length || word.length < 5) return found.results;
      return searchWord(word.slice(0, -1)); // "withdrawel" -> ... -> "withdraw"
    });
  }

  function rank(query) {
    var terms = [];
    words(query).forEach(function (w) {
      terms.push({ word: w, weight: 1 });
      (SYNONYMS[w] || []).forEach(function (s) { terms.push({ word: s, weight: 0.5 }); });
    });
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

  function render(entries, datas) {
    list.textContent = "";
    datas.forEach(function (data) {
      var item = document.createElement("li");
      item.className = "md-search-result__item";
      var link = document.createElement("a");
      link.className = "md-search-result__link";
      link.href = new URL(data.url.replace(/^\//, ""), root).href;
      var article = document.createElement("article");
      article.className = "md-search-result__article md-typeset";
      var title = document.createElement("h2");
      title.textContent = data.meta.title || "";
      var topic = document.createElement("p");
      topic.className = "faq-search__topic";
      topic.textContent = data.meta.topic || "";
      var excerpt = document.createElement("p");
      excerpt.innerHTML = data.excerpt; // Pagefind's excerpt: our own text, escaped, with <mark>
      article.appendChild(title);
      article.appendChild(topic);
      article.appendChild(excerpt);
      link.appendChild(article);
      item.appendChild(link);
      list.appendChild(item);
    });
    list.setAttribute("data-query", input.value); // which query these results answer (tests wait on it)
    var n = datas.length;
    meta.textContent = n === 0 ? "No matching answers" : n === 1 ? "1 matching answer" : n + " matching answers";
  }

  function run() {
    var query = input.value;
    var ticket = ++latest;
    if (!query.trim()) {
      list.textContent = "";
      meta.textContent = pagefind ? "Type to start searching" : meta.textContent;
      return;
    }
    load().then(function () {
      if (!pagefind || ticket !== latest) return null;
      return rank(query).then(function (entries) {
        return Promise.all(entries.map(function (e) { return e.result.data(); })).then(function (datas) {
          if (ticket === latest) render(entries, datas);
        });
      });
    });
  }

  function open() {
    if (toggle && !toggle.checked) toggle.checked = true;
    load();
  }

  function close() {
    if (toggle) toggle.checked = false;
    input.blur();
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll("a.md-search-result__link"));
  }

  input.addEventListener("focus", open);
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 60);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
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
  list.addEventListener("click", function (event) {
    if (event.target.closest("a")) close(); // same-page answers: the panel would stay open
  });
})();
