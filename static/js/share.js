/* "Copy link": copies the story's address shown in the field beside the button.
 * Without JavaScript the button stays hidden and the field is there to copy from. */
(function () {
  "use strict";
  var button = document.querySelector(".share-copy[data-copy]");
  if (!button) { return; }
  var field = document.getElementById(button.getAttribute("data-copy"));
  var status = document.querySelector(".share-status");
  if (!field) { return; }

  function say(text) { if (status) { status.textContent = text; } }

  function legacyCopy() {
    field.focus();
    field.select();
    try { return document.execCommand("copy"); } catch (e) { return false; }
  }

  button.hidden = false;
  field.addEventListener("focus", function () { field.select(); });
  button.addEventListener("click", function () {
    var copied = button.getAttribute("data-copied");
    var failed = button.getAttribute("data-failed");
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(
        function () { say(copied); },
        function () { say(legacyCopy() ? copied : failed); }
      );
    } else {
      say(legacyCopy() ? copied : failed);
    }
  });
})();
