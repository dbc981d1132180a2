// Search terms, ranking, highlighting and the panel's wording (faq-search-core.js), exactly.
// The index is a small in-memory stand-in for Pagefind's search(word) -> results.
import assert from "node:assert/strict";
import { test } from "node:test";

import * as core from "../../overrides/assets/javascripts/faq-search-core.js";

const THESAURUS = { stop_words: ["my", "the", "to"], synonyms: { meds: ["medicine", "medication"] } };

/** search(word) over a fixed table of results, recording every word it was asked for. */
const index = (table) => {
  const asked = [];
  const search = async (word) => {
    asked.push(word);
    return table[word] ?? [];
  };
  return { asked, search };
};

test("searchTerms: stop words and bare numbers dropped, synonyms added at half weight", () => {
  assert.deepEqual(core.searchTerms("My meds stopped working after 2 years", THESAURUS), [
    { word: "meds", weight: 1 }, { word: "medicine", weight: 0.5 }, { word: "medication", weight: 0.5 },
    { word: "stopped", weight: 1 }, { word: "working", weight: 1 }, { word: "after", weight: 1 },
    { word: "years", weight: 1 },
  ]);
});

test("searchTerms: empty, stop words only, numbers only and punctuation give no terms", () => {
  assert.deepEqual(["", "the my to", "2 365", "?! -- ...", "THE, My."].map((q) => core.searchTerms(q, THESAURUS)),
    [[], [], [], [], []]);
});

test("searchTerms: a word typed twice counts twice; no thesaurus means every word", () => {
  assert.deepEqual(core.searchTerms("MEDS meds", THESAURUS), [
    { word: "meds", weight: 1 }, { word: "medicine", weight: 0.5 }, { word: "medication", weight: 0.5 },
    { word: "meds", weight: 1 }, { word: "medicine", weight: 0.5 }, { word: "medication", weight: 0.5 },
  ]);
  // "constructor" is an ordinary word (word sets, not plain objects that inherit names)
  assert.deepEqual(core.searchTerms("the constructor", {}),
    [{ word: "the", weight: 1 }, { word: "constructor", weight: 1 }]);
});

test("searchWord: a word that finds nothing is retried shorter while it has five letters or more", async () => {
  const found = [{ id: "a", score: 2 }];
  const typo = index({ withdraw: found });
  assert.deepEqual(await core.searchWord(typo.search, "withdrawel"), found);
  assert.deepEqual(typo.asked, ["withdrawel", "withdrawe", "withdraw"]);
  const nothing = index({});
  assert.deepEqual(await core.searchWord(nothing.search, "zzzzzz"), []);
  assert.deepEqual(nothing.asked, ["zzzzzz", "zzzzz", "zzzz"]);
  const short = index({});
  assert.deepEqual(await core.searchWord(short.search, "ect"), []);
  assert.deepEqual(short.asked, ["ect"]);
});

test("combine: scores add up by weight, one listing per term, ties by matched weight then id", () => {
  const x = { id: "x", score: 1 };
  const y = { id: "y", score: 3 };
  const z = { id: "z", score: 6 };
  const terms = [{ word: "a", weight: 1 }, { word: "b", weight: 0.5 }];
  const lists = [[x, y, { id: "x", score: 9 }], [{ id: "x", score: 4 }, z]];
  assert.deepEqual(core.combine(terms, lists), [
    { result: x, matched: 1.5, score: 3 },
    { result: y, matched: 1, score: 3 },
    { result: z, matched: 0.5, score: 3 },
  ]);
  assert.deepEqual(core.combine(terms, lists, 2).map((e) => e.result.id), ["x", "y"]);
  const same = [[{ id: "b", score: 1 }, { id: "a", score: 1 }]];
  assert.deepEqual(core.combine([{ word: "w", weight: 1 }], same).map((e) => e.result.id), ["a", "b"]);
  assert.deepEqual(core.combine([], []), []);
});

test("rank: every term searched, synonyms at half weight, typos retried, best first", async () => {
  const { asked, search } = index({
    meds: [{ id: "p1", score: 2 }],
    medicine: [{ id: "p2", score: 5 }, { id: "p1", score: 1 }],
    stop: [{ id: "p3", score: 1 }],
  });
  const ranked = await core.rank("My meds stopped", THESAURUS, search);
  assert.deepEqual(ranked.map((e) => [e.result.id, e.score, e.matched]),
    [["p1", 2.5, 1.5], ["p2", 2.5, 0.5], ["p3", 1, 1]]);
  assert.deepEqual(asked.sort(), [ // a synonym that finds nothing is retried shorter too
    "medi", "medic", "medica", "medicat", "medicati", "medicatio", "medication", "medicine", "meds",
    "stop", "stopp", "stoppe", "stopped",
  ]);
});

test("rank: a query of stop words searches nothing; at most MAX_RESULTS answers", async () => {
  const none = index({});
  assert.deepEqual(await core.rank("the my to", THESAURUS, none.search), []);
  assert.deepEqual(none.asked, []);
  const twelve = Array.from({ length: 12 }, (_, i) => ({ id: `r${String(i + 1).padStart(2, "0")}`, score: i + 1 }));
  const many = index({ pain: twelve });
  assert.deepEqual((await core.rank("pain", THESAURUS, many.search)).map((e) => e.result.id),
    ["r12", "r11", "r10", "r09", "r08", "r07", "r06", "r05", "r04", "r03"]);
});

test("highlightPieces: terms, their endings and longer words marked; the text kept whole", () => {
  const terms = core.searchTerms("stop withdraw", {});
  const text = "Stopped? Withdrawal isn't a stop-gap.";
  const pieces = core.highlightPieces(text, terms);
  assert.deepEqual(pieces, [
    { text: "Stopped", mark: true }, { text: "? ", mark: false }, { text: "Withdrawal", mark: true },
    { text: " isn't a ", mark: false }, { text: "stop", mark: true }, { text: "-gap.", mark: false },
  ]);
  assert.equal(pieces.map((p) => p.text).join(""), text);
});

test("highlightPieces: apostrophes, short terms and no terms", () => {
  assert.deepEqual(core.highlightPieces("Don\u2019t stop", [{ word: "dont", weight: 1 }]),
    [{ text: "Don\u2019t", mark: true }, { text: " stop", mark: false }]);
  assert.deepEqual(core.highlightPieces("ECT or ectopic", [{ word: "ect", weight: 1 }]),
    [{ text: "ECT", mark: true }, { text: " or ectopic", mark: false }]);
  assert.deepEqual(core.highlightPieces("used it", [{ word: "use", weight: 1 }]), // four letters in common needed
    [{ text: "used it", mark: false }]);
  assert.deepEqual(core.highlightPieces("Walk or stop", core.searchTerms("walkers stopped", {})), // one letter apart
    [{ text: "Walk or ", mark: false }, { text: "stop", mark: true }]);
  assert.deepEqual(core.highlightPieces("nothing here", []), [{ text: "nothing here", mark: false }]);
  assert.deepEqual(core.highlightPieces("Stop", undefined), [{ text: "Stop", mark: false }]);
  assert.deepEqual(core.highlightPieces("", [{ word: "stop", weight: 1 }]), [{ text: "", mark: false }]);
});

const CRISIS = {
  services: [
    { region: "UK", name: "Emergency", contact: "999", tel: "999", strip: true },
    { region: "UK", name: "Shout", contact: "85258", sms: "85258", sms_body: "SHOUT", strip: true },
    { region: "US", name: "Lifeline", contact: "988", tel: "988", sms: "988" },
    { region: "EU", name: "GP", contact: "your GP", strip: true },
  ],
};

test("contactLinks: call and text links in the crisis box's wording", () => {
  assert.deepEqual(CRISIS.services.map(core.contactLinks), [
    [{ text: "Call 999", href: "tel:999" }],
    [{ text: "Text SHOUT to 85258", href: "sms:85258?body=SHOUT" }],
    [{ text: "Call 988", href: "tel:988" }, { text: "Text 988", href: "sms:988" }],
    [],
  ]);
  assert.deepEqual(core.contactLinks({ contact: "111", tel: "111", sms: "222", sms_body: "HI" }),
    [{ text: "Call 111", href: "tel:111" }, { text: "Text 222", href: "sms:222" }]);
  assert.deepEqual(core.contactLinks({ contact: "85258", sms: "85258", sms_body: "GO now&" }),
    [{ text: "Text GO now& to 85258", href: "sms:85258?body=GO%20now%26" }]);
});

test("stripLinks: the strip's services that can be reached, named by their visible words", () => {
  assert.deepEqual(core.stripLinks(CRISIS), [
    { text: "UK 999", href: "tel:999", label: "UK 999: Emergency" },
    { text: "UK 85258", href: "sms:85258?body=SHOUT", label: "UK 85258: Shout" },
  ]);
});

test("cardRows: every service, its links, and its place when it has no number", () => {
  assert.deepEqual(core.cardRows(CRISIS), [
    { name: "UK: Emergency", links: [{ text: "Call 999", href: "tel:999" }], place: null },
    { name: "UK: Shout", links: [{ text: "Text SHOUT to 85258", href: "sms:85258?body=SHOUT" }], place: null },
    {
      name: "US: Lifeline",
      links: [{ text: "Call 988", href: "tel:988" }, { text: "Text 988", href: "sms:988" }],
      place: null,
    },
    { name: "EU: GP", links: [], place: "your GP" },
  ]);
});

test("countText: the status line for none, one and many answers", () => {
  assert.deepEqual([0, 1, 2, 10].map(core.countText),
    ["No matching answers", "1 matching answer", "2 matching answers", "10 matching answers"]);
});

test("siteRoot and answerHref: addresses from MkDocs' relative base and Pagefind's URLs", () => {
  assert.deepEqual([
    core.siteRoot("..", "https://x.test/site/topic/").href,
    core.siteRoot("../..", "https://x.test/site/topic/page/").href,
    core.siteRoot(".", "https://x.test/site/").href,
    core.siteRoot(null, "https://x.test/site/").href,
    core.siteRoot("../", "https://x.test/site/topic/").href,
  ], Array(5).fill("https://x.test/site/"));
  const root = core.siteRoot("..", "https://x.test/site/topic/");
  assert.equal(core.answerHref("/other-topic/#a-question", root), "https://x.test/site/other-topic/#a-question");
});

test("arrowTarget: down to the next link and not past the last, up to the box from the first", () => {
  const moves = [
    ["ArrowDown", -1, 3], ["ArrowDown", 0, 3], ["ArrowDown", 2, 3], ["ArrowDown", -1, 0],
    ["ArrowUp", 2, 3], ["ArrowUp", 0, 3], ["ArrowUp", -1, 3], ["Enter", 0, 3],
  ];
  assert.deepEqual(moves.map(([key, at, count]) => core.arrowTarget(key, at, count)), [0, 1, 2, null, 1, -1, -1, null]);
});
