// Wasl console: small conveniences; every page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // The language menu switches as soon as a language is picked.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // The sandbox phone: keep the newest message in view, and fetch new answers every few seconds.
  var screen = document.getElementById("thread");
  if (!screen) { return; }
  var toBottom = function () { screen.scrollTop = screen.scrollHeight; };
  toBottom();
  var url = screen.getAttribute("data-refresh");
  // The thread says which version of itself it is; only a new version replaces what is on screen
  // (so an open list of choices stays open while nothing changes).
  var versionOf = function (text) {
    var found = /data-version="([^"]*)"/.exec(text);
    return found ? found[1] : "";
  };
  var busy = false;
  window.setInterval(function () {
    if (busy || document.hidden) { return; }
    busy = true;
    fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (answer) { return answer.ok ? answer.text() : null; })
      .then(function (html) {
        if (html !== null && versionOf(html) !== versionOf(screen.innerHTML)) {
          screen.innerHTML = html;
          toBottom();
        }
      })
      .catch(function () { /* offline for a moment: try again on the next tick */ })
      .finally(function () { busy = false; });
  }, 3000);
})();
