/* The live count on a cached appeal page: fetch the count endpoint (cached 10 s) now and
   every 15 s while the page is visible, and update the figure and the bar. Without this
   script the page shows the figure it was rendered with. */
(function () {
  "use strict";
  var box = document.querySelector("[data-count-url]");
  if (!box || !window.fetch) return;
  var label = box.querySelector("[data-count-label]");
  var bar = box.querySelector("[data-count-bar]");
  function refresh() {
    if (document.hidden) return;
    fetch(box.getAttribute("data-count-url"), { credentials: "omit" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        if (label) label.textContent = data.label;
        if (bar) { bar.value = data.percent; bar.textContent = data.percent + "%"; }
      })
      .catch(function () {});
  }
  refresh();
  window.setInterval(refresh, 15000);
})();
