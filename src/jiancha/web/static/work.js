/* The workbench's own small scripts (no inline script: the Content-Security-Policy allows
   scripts from /static only).
   - The navigation's badge: clues new in the user's units since they last opened 我的工作,
     asked of the server when a page opens and every minute after.
   - A button with data-print prints the page (the print stylesheet leaves the list only). */
(function () {
  "use strict";
  var PERIOD = 60000;
  function refresh(badge) {
    var request = new XMLHttpRequest();
    request.open("GET", badge.getAttribute("data-url"));
    request.setRequestHeader("Accept", "application/json");
    request.onload = function () {
      if (request.status !== 200) { return; }
      var data;
      try { data = JSON.parse(request.responseText); } catch (e) { return; }
      badge.textContent = data.text;
      badge.hidden = !data.count;
      badge.setAttribute("aria-label", "新线索 " + data.text + " 条");
    };
    request.send();
  }
  function start() {
    var buttons = document.querySelectorAll("[data-print]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener("click", function () { window.print(); });
    }
    var badge = document.getElementById("new-badge");
    if (!badge) { return; }
    refresh(badge);
    window.setInterval(function () {
      if (!document.hidden) { refresh(badge); }
    }, PERIOD);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
