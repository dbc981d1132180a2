/* The pure part of the site's search box: how a query is read, and whether it expresses crisis.
 * No DOM, no network, and no word lists: every word list comes from the content (content/crisis.yml
 * and content/thesaurus.yml, published by the build as assets/faq-search-data.json). Loaded by the
 * page before faq-search.js, and by the tests in Node (module.exports).
 *
 * Crisis matching (a safety rule, not a ranking tweak): a query matches a crisis phrase when every
 * word of the phrase appears in the query, in any order and close together (within one extra word),
 * after both are read the same way:
 *   1. lower case, apostrophes dropped ("can't" = "cant"), "&" dropped ("A&E" = "ae"), split into words;
 *   2. the phrase's ignore_words left out ("my son said he wants to die" -> son, wants, die);
 *   3. same_words map to one word (himself = herself = myself);
 *   4. simple endings dropped ("killing" = "kill", "wants" = "want");
 *   5. small typos forgiven: one letter wrong, missing, extra or swapped in words of five or more
 *      letters (two in words of eight or more); one letter missing or extra in four-letter words,
 *      after the same first letter ("kil" = "kill", but "ill" is not "kill"); shorter words and
 *      numbers must be exact. */
(function (root, factory) {
  "use strict";
  var core = factory();
  if (typeof module === "object" && module.exports) module.exports = core;
  else root.FaqSearchCore = core;
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  function tokens(text) {
    return String(text).toLowerCase().replace(/['\u2019&]/g, "").split(/[^a-z0-9]+/).filter(Boolean);
  }

  function stem(word) {
    if (/^[0-9]+$/.test(word)) return word;
    if (word.length > 5 && /ing$/.test(word)) return word.slice(0, -3);
    if (word.length > 4 && /ed$/.test(word)) return word.slice(0, -2);
    if (word.length > 3 && /s$/.test(word) && !/ss$/.test(word)) return word.slice(0, -1);
    return word;
  }

  /* Damerau-Levenshtein distance (optimal string alignment), stopping early above `limit`. */
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var rows = [];
    for (var i = 0; i <= a.length; i++) {
      rows.push([i]);
      for (var j = 1; j <= b.length; j++) rows[i].push(i === 0 ? j : 0);
    }
    for (i = 1; i <= a.length; i++) {
      var best = limit + 1;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
        rows[i][j] = d;
        if (d < best) best = d;
      }
      if (best > limit) return limit + 1;
    }
    return rows[a.length][b.length];
  }

  function sameWord(typed, wanted) {
    if (typed === wanted) return true;
    if (/[0-9]/.test(wanted) || /[0-9]/.test(typed)) return false;
    if (wanted.length >= 8) return distance(typed, wanted, 2) <= 2;
    if (wanted.length >= 5) return distance(typed, wanted, 1) <= 1;
    if (wanted.length === 4) {
      return typed[0] === wanted[0] && Math.abs(typed.length - 4) === 1 && distance(typed, wanted, 1) <= 1;
    }
    return false;
  }

  /* A reader for one vocabulary: ignore_words and same_words from content/crisis.yml. */
  function reader(ignoreWords, sameWords) {
    var ignore = {};
    (ignoreWords || []).forEach(function (w) { ignore[w] = true; });
    var canonical = {};
    (sameWords || []).forEach(function (group) {
      group.forEach(function (w) { canonical[w] = group[0]; });
    });
    return function (text) {
      return tokens(text).filter(function (w) { return !ignore[w]; }).map(function (w) {
        return stem(canonical[w] || w);
      });
    };
  }

  /* Can every phrase word be matched to a different query word inside one window? */
  function fits(phrase, window) {
    var used = [];
    function place(k) {
      if (k === phrase.length) return true;
      for (var i = 0; i < window.length; i++) {
        if (!used[i] && sameWord(window[i], phrase[k])) {
          used[i] = true;
          if (place(k + 1)) return true;
          used[i] = false;
        }
      }
      return false;
    }
    return place(0);
  }

  /* A matcher for the crisis vocabulary: query -> the first phrase it expresses, or null. */
  function crisisMatcher(vocabulary) {
    var read = reader(vocabulary.ignore_words, vocabulary.same_words);
    var phrases = (vocabulary.phrases || []).map(function (p) { return { text: p, words: read(p) }; })
      .filter(function (p) { return p.words.length; });
    return function (query) {
      var words = read(query);
      for (var n = 0; n < phrases.length; n++) {
        var phrase = phrases[n].words;
        var size = phrase.length + 1;
        for (var start = 0; start + Math.min(size, words.length) <= words.length && start < words.length; start++) {
          if (fits(phrase, words.slice(start, start + size))) return phrases[n].text;
        }
      }
      return null;
    };
  }

  /* The words a query is searched for, from content/thesaurus.yml: stop words dropped, every
   * synonym added at half weight. "after 2 years": bare numbers say little and are dropped. */
  function searchTerms(query, thesaurus) {
    var stop = {};
    (thesaurus.stop_words || []).forEach(function (w) { stop[w] = true; });
    var synonyms = thesaurus.synonyms || {};
    var terms = [];
    tokens(query).forEach(function (w) {
      if (stop[w] || /^[0-9]+$/.test(w)) return;
      terms.push({ word: w, weight: 1 });
      (Object.prototype.hasOwnProperty.call(synonyms, w) ? synonyms[w] : []).forEach(function (s) {
        terms.push({ word: s, weight: 0.5 });
      });
    });
    return terms;
  }

  /* Which words of a shown text to highlight for a query: the text cut into pieces, each
   * {text, mark}, whose concatenation is the text unchanged. A word is marked when it is a search
   * term (searchTerms: stop words and numbers are never marked) read the same way as the search
   * reads it (apostrophes dropped, simple endings dropped; "stop" = "stopped"), or starts with a term of four letters
   * or more ("withdraw" marks "withdrawal"). The page builds the <mark> elements itself from these
   * pieces (text nodes only: content text is never parsed as HTML). */
  function highlightPieces(text, terms) {
    var stems = [];
    var prefixes = [];
    (terms || []).forEach(function (t) {
      stems.push(stem(t.word));
      if (t.word.length >= 4) prefixes.push(t.word);
    });
    function sameStem(a, b) { // "stopp" (stopped) and "stop": one letter longer, four or more in common
      var short = a.length <= b.length ? a : b;
      var long = short === a ? b : a;
      return a === b || (short.length >= 4 && long.length - short.length === 1 && long.indexOf(short) === 0);
    }
    function marked(word) {
      var w = word.toLowerCase().replace(/['\u2019]/g, "");
      var s = stem(w);
      if (stems.some(function (t) { return sameStem(s, t); })) return true;
      return prefixes.some(function (p) { return w.length > p.length && w.indexOf(p) === 0; });
    }
    var pieces = [];
    var pattern = /[A-Za-z0-9]+(?:['\u2019][A-Za-z]+)*/g;
    var at = 0;
    var found;
    text = String(text);
    while ((found = pattern.exec(text)) !== null) {
      if (!marked(found[0])) continue;
      if (found.index > at) pieces.push({ text: text.slice(at, found.index), mark: false });
      pieces.push({ text: found[0], mark: true });
      at = found.index + found[0].length;
    }
    if (at < text.length || !pieces.length) pieces.push({ text: text.slice(at), mark: false });
    return pieces;
  }

  return { tokens: tokens, stem: stem, distance: distance, sameWord: sameWord, crisisMatcher: crisisMatcher,
           searchTerms: searchTerms, highlightPieces: highlightPieces };
});
