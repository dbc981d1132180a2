/* The reader's country in the crisis box ("Show first the help for: UK US EU").
 *
 * Without this script the first country's buttons show and every other country is one tap away
 * in "Other countries and ways to get help" (a <details>). With it, the choice buttons appear,
 * and a choice swaps the main buttons of every crisis box and card on the page. The choice is kept
 * only in this browser (localStorage "faq-country"): no cookie, no request. Printing always shows
 * every region (faq.css). */
(function () {
  "use strict";
  var KEY = "faq-country";

  function stored() {
    try { return window.localStorage.getItem(KEY); } catch (error) { return null; }
  }

  function store(country) {
    try { window.localStorage.setItem(KEY, country); } catch (error) { /* private mode: not kept */ }
  }

  function countries() {
    var found = [];
    document.querySelectorAll(".faq-crisis__main[data-country]").forEach(function (group) {
      if (found.indexOf(group.dataset.country) < 0) { found.push(group.dataset.country); }
    });
    return found;
  }

  function show(country) {
    if (countries().indexOf(country) < 0) { return; }
    document.querySelectorAll(".faq-crisis__main[data-country]").forEach(function (group) {
      group.hidden = group.dataset.country !== country;
    });
    document.querySelectorAll(".faq-crisis__country").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.country === country));
    });
  }

  function start() {
    var all = countries();
    if (all.length < 2) { return; }
    document.querySelectorAll(".faq-crisis__choose").forEach(function (line) { line.hidden = false; });
    show(all.indexOf(stored()) >= 0 ? stored() : all[0]);
    document.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest(".faq-crisis__country") : null;
      if (!button) { return; }
      store(button.dataset.country);
      show(button.dataset.country);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start, { once: true });
  } else {
    start();
  }
})();
