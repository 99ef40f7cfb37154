// Aurora's HTTPS bounce page, for OAuth2 clients whose callback must be an
// https address. OVH redirects here with ?code=...&state=... (or ?error=...),
// and the issuer `iss` (RFC 9207) when the server sends it; the page hands
// exactly those parameters to the app's deep link, which checks them, and
// keeps nothing: no storage, no request, no third-party script.
(function () {
  "use strict";
  var ALLOWED = ["code", "state", "iss", "error", "error_description", "error_uri"];
  var MAX_LENGTH = 2048;
  var received = new URLSearchParams(window.location.search);
  var forwarded = new URLSearchParams();
  var repeated = false;
  ALLOWED.forEach(function (name) {
    var values = received.getAll(name);
    // RFC 6749 §3.1: a parameter is never sent twice; Aurora would refuse it.
    if (values.length > 1) repeated = true;
    if (values.length === 1 && values[0].length <= MAX_LENGTH) forwarded.set(name, values[0]);
  });
  var status = document.getElementById("status");
  var link = document.getElementById("open");
  if (repeated) {
    status.textContent = "This address repeats a sign-in parameter, so it is not a genuine answer from OVH. Start the sign-in again from Aurora.";
    link.hidden = true;
    return;
  }
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
