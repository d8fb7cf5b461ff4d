/* Counts one view of a public story (articles.viewcounts): one POST per page load.
 * The script runs once per load; a page restored from the back/forward cache does
 * not run it again. A prerendered page waits until someone actually looks at it. */
(function () {
  "use strict";
  var script = document.querySelector("script[data-beacon]");
  if (!script) { return; }
  var url = script.getAttribute("data-beacon");

  function send() {
    if (navigator.sendBeacon && navigator.sendBeacon(url)) { return; }
    if (window.fetch) {
      fetch(url, { method: "POST", keepalive: true, credentials: "omit" }).catch(function () {});
    }
  }

  if (document.prerendering) {
    document.addEventListener("prerenderingchange", send, { once: true });
  } else {
    send();
  }
})();
