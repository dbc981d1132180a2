/* The pure part of the site's search box: how a query is read, whether it expresses crisis, how
 * the answers found for each word are ranked, and what each piece of the panel says. No DOM, no
 * network, and no word lists: every word list comes from the content (content/crisis.yml and
 * content/thesaurus.yml, published by the build as assets/faq-search-data.json). An ES module:
 * imported by faq-search.js (the page binding, a <script type="module">) and by the Node tests
 * (tests/js/), so every rule here is tested in milliseconds without a browser.
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
 *      numbers must be exact.
 *
 * Ranking: each search term (searchTerms) is looked up on its own; an answer's score is the sum,
 * over the terms it matches, of the term's weight times the index's score for it (ties: more
 * matched weight first, then the answer's id), and the first MAX_RESULTS are shown. */

/** How many answers the panel shows at most. */
export const MAX_RESULTS = 10;

/** Words shorter than this that match nothing are not retried with a shorter prefix. */
const RETRY_FROM = 5;

const NUMBER = /^[0-9]+$/;

/** The words of a text, read the same way for queries, phrases and shown text. */
export const tokens = (text) =>
  String(text).toLowerCase().replace(/['\u2019&]/g, "").split(/[^a-z0-9]+/).filter(Boolean);

/** A word without its simplest ending, so "killing", "wants" and "stopped" meet "kill", "want", "stopp". */
export const stem = (word) => {
  if (NUMBER.test(word)) return word;
  if (word.length > 5 && word.endsWith("ing")) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith("ed")) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith("s") && !word.endsWith("ss")) return word.slice(0, -1);
  return word;
};

/** Damerau-Levenshtein distance (optimal string alignment), stopping early above `limit`: only
 * "at most one or two letters apart" matters, so longer distances are all reported as limit + 1. */
export const distance = (a, b, limit) => {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push([i]);
    for (let j = 1; j <= b.length; j++) rows[i].push(i === 0 ? j : 0);
  }
  for (let i = 1; i <= a.length; i++) {
    let best = limit + 1;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
      rows[i][j] = d;
      if (d < best) best = d;
    }
    if (best > limit) return limit + 1;
  }
  return rows[a.length][b.length];
};

/** Is a typed word the wanted crisis word, allowing the small typos of rule 5 above? */
export const sameWord = (typed, wanted) => {
  if (typed === wanted) return true;
  if (/[0-9]/.test(wanted) || /[0-9]/.test(typed)) return false;
  if (wanted.length >= 8) return distance(typed, wanted, 2) <= 2;
  if (wanted.length >= 5) return distance(typed, wanted, 1) <= 1;
  if (wanted.length === 4) {
    return typed[0] === wanted[0] && Math.abs(typed.length - 4) === 1 && distance(typed, wanted, 1) <= 1;
  }
  return false;
};

/** A reader for one vocabulary: ignore_words and same_words from content/crisis.yml. */
const reader = (ignoreWords, sameWords) => {
  const ignore = new Set(ignoreWords || []);
  const canonical = new Map();
  for (const group of sameWords || []) for (const word of group) canonical.set(word, group[0]);
  return (text) => tokens(text).filter((w) => !ignore.has(w)).map((w) => stem(canonical.get(w) ?? w));
};

/** Can every phrase word be matched to a different query word inside one window? */
const fits = (phrase, window) => {
  const used = [];
  const place = (k) => {
    if (k === phrase.length) return true;
    for (let i = 0; i < window.length; i++) {
      if (!used[i] && sameWord(window[i], phrase[k])) {
        used[i] = true;
        if (place(k + 1)) return true;
        used[i] = false;
      }
    }
    return false;
  };
  return place(0);
};

/** A matcher for the crisis vocabulary: query -> the first phrase it expresses, or null. */
export const crisisMatcher = (vocabulary) => {
  const read = reader(vocabulary.ignore_words, vocabulary.same_words);
  const phrases = (vocabulary.phrases || []).map((text) => ({ text, words: read(text) }))
    .filter((p) => p.words.length);
  return (query) => {
    const words = read(query);
    for (const { text, words: phrase } of phrases) {
      const size = phrase.length + 1;
      for (let start = 0; start + Math.min(size, words.length) <= words.length && start < words.length; start++) {
        if (fits(phrase, words.slice(start, start + size))) return text;
      }
    }
    return null;
  };
};

/** The words a query is searched for, from content/thesaurus.yml: stop words dropped, every
 * synonym added at half weight. "after 2 years": bare numbers say little and are dropped. */
export const searchTerms = (query, thesaurus) => {
  const stop = new Set(thesaurus.stop_words || []);
  const synonyms = thesaurus.synonyms || {};
  const terms = [];
  for (const word of tokens(query)) {
    if (stop.has(word) || NUMBER.test(word)) continue;
    terms.push({ word, weight: 1 });
    const same = Object.prototype.hasOwnProperty.call(synonyms, word) ? synonyms[word] : [];
    for (const synonym of same) terms.push({ word: synonym, weight: 0.5 });
  }
  return terms;
};

/** The answers the index gives for one word; a word that finds nothing (a typo such as
 * "withdrawel") is retried one letter shorter while it has five letters or more.
 * `search(word)` resolves to the index's results for a word ([{id, score, ...}]). */
export const searchWord = async (search, word) => {
  const results = await search(word);
  if (results.length || word.length < RETRY_FROM) return results;
  return searchWord(search, word.slice(0, -1));
};

/** The answers found for each term (lists[i] for terms[i]), merged and ranked: one entry
 * {result, matched, score} per answer, best first, at most `max`. An answer listed twice for
 * one term counts once. */
export const combine = (terms, lists, max = MAX_RESULTS) => {
  const byId = new Map();
  lists.forEach((results, i) => {
    const seen = new Set();
    for (const result of results) {
      if (seen.has(result.id)) continue;
      seen.add(result.id);
      if (!byId.has(result.id)) byId.set(result.id, { result, matched: 0, score: 0 });
      const entry = byId.get(result.id);
      entry.matched += terms[i].weight;
      entry.score += terms[i].weight * result.score;
    }
  });
  return [...byId.values()].sort((a, b) =>
    (b.score - a.score) || (b.matched - a.matched) || (a.result.id < b.result.id ? -1 : 1)).slice(0, max);
};

/** A query's ranked answers (combine), searching every term at once with `search` (searchWord). */
export const rank = async (query, thesaurus, search, max = MAX_RESULTS) => {
  const terms = searchTerms(query, thesaurus);
  if (!terms.length) return [];
  const lists = await Promise.all(terms.map((t) => searchWord(search, t.word)));
  return combine(terms, lists, max);
};

/** Which words of a shown text to highlight for a query: the text cut into pieces, each
 * {text, mark}, whose concatenation is the text unchanged. A word is marked when it is a search
 * term (searchTerms: stop words and numbers are never marked) read the same way as the search
 * reads it (apostrophes dropped, simple endings dropped; "stop" = "stopped"), or starts with a term
 * of four letters or more ("withdraw" marks "withdrawal"). The page builds the <mark> elements
 * itself from these pieces (text nodes only: content text is never parsed as HTML). */
export const highlightPieces = (text, terms) => {
  const stems = (terms || []).map((t) => stem(t.word));
  const prefixes = (terms || []).map((t) => t.word).filter((w) => w.length >= 4);
  const sameStem = (a, b) => { // "stopp" (stopped) and "stop": one letter longer, four or more in common
    const [short, long] = a.length <= b.length ? [a, b] : [b, a];
    return a === b || (short.length >= 4 && long.length - short.length === 1 && long.startsWith(short));
  };
  const marked = (word) => {
    const w = word.toLowerCase().replace(/['\u2019]/g, "");
    const s = stem(w);
    return stems.some((t) => sameStem(s, t)) || prefixes.some((p) => w.length > p.length && w.startsWith(p));
  };
  const shown = String(text);
  const pieces = [];
  let at = 0;
  for (const found of shown.matchAll(/[A-Za-z0-9]+(?:['\u2019][A-Za-z]+)*/g)) {
    if (!marked(found[0])) continue;
    if (found.index > at) pieces.push({ text: shown.slice(at, found.index), mark: false });
    pieces.push({ text: found[0], mark: true });
    at = found.index + found[0].length;
  }
  if (at < shown.length || !pieces.length) pieces.push({ text: shown.slice(at), mark: false });
  return pieces;
};

/** A crisis service's call and text links ({text, href}), in the same wording as the page's
 * crisis box: a service reached by a text message only offers that message. */
export const contactLinks = (service) => {
  if (service.sms && service.sms_body && !service.tel) {
    return [{
      text: `Text ${service.sms_body} to ${service.contact}`,
      href: `sms:${service.sms}?body=${encodeURIComponent(service.sms_body)}`,
    }];
  }
  const links = [];
  if (service.tel) links.push({ text: `Call ${service.contact}`, href: `tel:${service.tel}` });
  if (service.sms) links.push({ text: `Text ${service.sms}`, href: `sms:${service.sms}` });
  return links;
};

/** The strip's links, one per service marked `strip` that can be called or texted: the region and
 * number shown ("UK 999"), and an accessible name that starts with those visible words. */
export const stripLinks = (crisis) => crisis.services.filter((s) => s.strip).flatMap((service) => {
  const first = contactLinks(service)[0]; // the call link; the card has the rest
  if (!first) return [];
  const text = `${service.region} ${service.contact}`;
  return [{ text, href: first.href, label: `${text}: ${service.name}` }];
});

/** The crisis card's rows: each service's name, its links, and where it is when it has no number. */
export const cardRows = (crisis) => crisis.services.map((service) => ({
  name: `${service.region}: ${service.name}`,
  links: contactLinks(service),
  place: !service.tel && !service.sms ? service.contact : null,
}));

/** What the status line says after a search (read by screen readers: role="status"). */
export const countText = (n) => {
  if (n === 0) return "No matching answers";
  return n === 1 ? "1 matching answer" : `${n} matching answers`;
};

/** The site's root URL from the form's data-base (MkDocs' relative base_url) and the page's address. */
export const siteRoot = (base, pageAddress) => new URL((base || ".").replace(/\/?$/, "/"), pageAddress);

/** An answer's address: Pagefind's URLs start with "/", relative to the site root. */
export const answerHref = (url, root) => new URL(url.replace(/^\//, ""), root).href;

/** Where an arrow key moves focus among the panel's links, from the link at `at` (-1: the box or
 * elsewhere) among `count`: a link's index, -1 for the box, or null to stay put. */
export const arrowTarget = (key, at, count) => {
  if (key === "ArrowDown") return count ? Math.min(at + 1, count - 1) : null;
  if (key === "ArrowUp") return at <= 0 ? -1 : at - 1;
  return null;
};
