// How the search box reads text and matches crisis phrases (faq-search-core.js), exactly.
// Run: node --test tests/js/   (tests/test_js_core.py runs it under pytest).
import assert from "node:assert/strict";
import { test } from "node:test";

import * as core from "../../overrides/assets/javascripts/faq-search-core.js";

test("the module exports exactly its documented functions", () => {
  assert.deepEqual(Object.keys(core).sort(), [
    "MAX_RESULTS", "answerHref", "arrowTarget", "cardRows", "combine", "contactLinks", "countText",
    "crisisMatcher", "distance", "highlightPieces", "rank", "sameWord", "searchTerms", "searchWord",
    "siteRoot", "stem", "stripLinks", "tokens",
  ]);
  assert.equal(core.MAX_RESULTS, 10);
});

test("tokens: lower case, apostrophes and & dropped, split on everything else", () => {
  assert.deepEqual(core.tokens("Can't stop A&E, 24/7!"), ["cant", "stop", "ae", "24", "7"]);
  assert.deepEqual(core.tokens("It\u2019s  MY   meds"), ["its", "my", "meds"]);
  assert.deepEqual(core.tokens("Café"), ["caf"]); // letters outside a-z split words
  assert.deepEqual(core.tokens(42), ["42"]);
});

test("tokens: empty and punctuation-only text have no words", () => {
  assert.deepEqual(core.tokens(""), []);
  assert.deepEqual(core.tokens("  ?!  ... -- "), []);
  assert.deepEqual(core.tokens("'\u2019&"), []);
});

test("stem: only the simplest endings, never from short words or numbers", () => {
  const cases = {
    killing: "kill", feeling: "feel", bring: "bring", sing: "sing",
    stopped: "stopp", used: "used", red: "red",
    wants: "want", uses: "use", stress: "stress", was: "was",
    "1990": "1990", "2000s": "2000",
  };
  assert.deepEqual(Object.fromEntries(Object.keys(cases).map((w) => [w, core.stem(w)])), cases);
});

test("distance: optimal string alignment, cut off just above the limit", () => {
  assert.equal(core.distance("kitten", "sitting", 3), 3);
  assert.equal(core.distance("kitten", "sitting", 2), 3); // more than 2: reported as limit + 1
  assert.equal(core.distance("ab", "ba", 1), 1); // a swap is one step
  assert.equal(core.distance("abc", "abcdef", 1), 2); // lengths too far apart
  assert.equal(core.distance("abcdef", "uvwxyz", 1), 2); // stops at the first row past the limit
  assert.equal(core.distance("", "", 0), 0);
  assert.equal(core.distance("", "ab", 2), 2);
});

test("sameWord: small typos forgiven by word length, numbers and short words exact", () => {
  const cases = [
    ["suicide", "suicide", true],
    ["sucide", "suicide", true], // one missing (five letters or more)
    ["suicdie", "suicide", true], // one swap
    ["sooicide", "suicide", false], // two steps in a seven-letter word
    ["samaratins", "samaritans", true], // two wrong in eight letters or more
    ["overdoes", "overdose", true],
    ["kil", "kill", true], // four letters: one missing after the same first letter
    ["kills", "kill", true],
    ["ill", "kill", false],
    ["kell", "kill", false], // four letters: no wrong letter
    ["wnat", "want", false], // ... and no swap
    ["dye", "die", false], // three letters: exact only
    ["die", "die", true],
    ["989", "988", false],
    ["suicid3", "suicide", false],
  ];
  assert.deepEqual(cases.map(([typed, wanted]) => [typed, wanted, core.sameWord(typed, wanted)]), cases);
});

const VOCABULARY = {
  phrases: ["want to die", "kill myself", "end it all", "to"],
  ignore_words: ["i", "to", "my", "he", "said"],
  same_words: [["self", "myself", "himself", "herself"]],
};

test("crisisMatcher: any order, endings, family wording and typos; the first phrase is named", () => {
  const match = core.crisisMatcher(VOCABULARY);
  const queries = [
    "die i want to", "I WANT TO DIE!!!", "my son said he wants to die", "killing herself",
    "it all ends", "want to really die", "i want to die and kill myself",
  ];
  assert.deepEqual(queries.map(match), [
    "want to die", "want to die", "want to die", "kill myself", "end it all", "want to die", "want to die",
  ]);
});

test("crisisMatcher: words too far apart, other words and empty queries do not match", () => {
  const match = core.crisisMatcher(VOCABULARY);
  const queries = [
    "i want to know if ect can make you die", "want to really truly die", "want to dye", "wnat to die",
    "kill time", "myself", "", "   ", "?!", "to", "i to my",
  ];
  assert.deepEqual(queries.map(match), queries.map(() => null));
});

test("crisisMatcher: a phrase of ignored words only is dropped; no phrases never match", () => {
  assert.equal(core.crisisMatcher({ phrases: ["to"], ignore_words: ["to"] })("to"), null);
  assert.equal(core.crisisMatcher({})("want to die"), null);
  assert.equal(core.crisisMatcher({ phrases: ["want to die"] })("want to die"), "want to die");
});

test("crisisMatcher: very long input still answers, at the far end too", () => {
  const match = core.crisisMatcher(VOCABULARY);
  assert.equal(match(`${"want ".repeat(5000)}die`), "want to die");
  assert.equal(match("a".repeat(100000)), null);
  assert.equal(match("help ".repeat(20000)), null);
});
