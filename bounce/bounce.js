// Aurora's HTTPS bounce page, for OAuth2 clients whose callback must be an
// https address. OVH redirects here with ?code=...&state=... (or ?error=...);
// the page hands exactly those parameters to the app's deep link and keeps
// nothing: no storage, no request, no third-party script.
(function () {
  "use strict";
  var ALLOWED = ["code", "state", "error", "error_description"];
  var MAX_LENGTH = 2048;
  var received = new URLSearchParams(window.location.search);
  var forwarded = new URLSearchParams();
  ALLOWED.forEach(function (name) {
    var value = received.get(name);
    if (value !== null && value.length <= MAX_LENGTH) forwarded.set(name, value);
  });
  var status = document.getElementById("status");
  var link = document.getElementById("open");
  if (!forwarded.has("state") || (!forwarded.has("code") && !forwarded.has("error"))) {
    status.textContent = "This page only forwards OVH's sign-in answer to Aurora, and this address has none. Start the sign-in again from Aurora.";
    link.hidden = true;
    return;
  }
  var target = "aurora://ovh/oauth2/callback?" + forwarded.toString();
  link.href = target;
  // Remove the code from the address bar and history once it is handed over.
  window.history.replaceState(null, "", window.location.pathname);
  window.location.href = target;
})();
