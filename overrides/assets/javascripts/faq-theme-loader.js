/* Loads the theme's JavaScript bundle when the reader first does something, not while the page
 * loads. Why: on a phone the bundle (Material for MkDocs' or Zensical's, about 40 KiB gzipped) took
 * 190 to 270 ms of the main thread while the page was loading (Lighthouse "total blocking time"),
 * for features that only matter once the reader acts: the colour-scheme switch, back to top, the
 * header title on scroll, tooltips. Everything a reader needs first works without it: the text,
 * the crisis box, links, the menu (a CSS toggle) and search (our own script). The build step
 * faq_build/outputs/theme_script.py puts this script where the bundle's <script> was, with the
 * bundle's address in data-bundle.
 *
 * The bundle starts on DOMContentLoaded, which has fired by then, so the event is sent again once
 * the bundle has run; this site's own scripts listen for it once only, so they do not start twice.
 * The first click or key press is not lost: the browser acts on it (a checkbox, a link, a radio
 * button of the colour switch) and the bundle reads that state when it starts. */
(() => {
  // The theme's stylesheet hides what needs script (the search button and box) while <html> has
  // "no-js", which the bundle removes. Script runs, so say so now: the search box is our own
  // script and works before the bundle does.
  document.documentElement.classList.remove("no-js");
  const loader = document.currentScript;
  const address = loader && loader.dataset.bundle;
  if (!address) return;
  const events = ["pointerdown", "pointerover", "keydown", "touchstart", "wheel", "scroll", "focusin"];
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    for (const name of events) window.removeEventListener(name, start, { capture: true });
    const script = document.createElement("script");
    script.src = address;
    script.addEventListener("load", () => document.dispatchEvent(new Event("DOMContentLoaded")), { once: true });
    document.body.appendChild(script);
  };
  for (const name of events) window.addEventListener(name, start, { capture: true, passive: true });
})();
