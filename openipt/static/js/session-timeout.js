// Inactivity logout, client side: after the server's session age passes with no
// page load, return to the login page so health data does not stay on screen.
// (The server has already expired the session; this only clears the screen.)
(function () {
  var meta = document.querySelector('meta[name="openipt-session-seconds"]');
  if (!meta) return;
  var seconds = parseInt(meta.getAttribute("content"), 10);
  if (!seconds) return;
  window.setTimeout(function () {
    window.location.assign("/accounts/login/?timeout=1");
  }, (seconds + 5) * 1000);
})();
