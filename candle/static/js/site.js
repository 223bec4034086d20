/* Candle's one script, loaded with defer (it never blocks rendering); the site works
   without it: the menu is then shown as a plain list and the copy-link button stays hidden.
   1. The header's menu button on narrow screens: a disclosure (WAI-ARIA APG) for the menu,
      search and language link.
   2. "Copy link" on a post: the address to the clipboard, said in a status line. */
(function () {
  "use strict";
  var header = document.querySelector(".site-header");
  var button = header && header.querySelector(".menu-toggle");
  var menu = button && document.getElementById(button.getAttribute("aria-controls"));
  if (menu) {
    var setOpen = function (open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      header.classList.toggle("menu-open", open);
    };
    header.classList.add("has-menu-toggle");
    button.hidden = false;
    button.addEventListener("click", function () {
      setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    header.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        button.focus();
      }
    });
  }

  var copy = document.querySelector(".share-copy");
  if (copy && navigator.clipboard) {
    var status = copy.parentNode.querySelector(".share-status");
    copy.hidden = false;
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(copy.getAttribute("data-url")).then(
        function () { status.textContent = copy.getAttribute("data-done"); },
        function () { status.textContent = copy.getAttribute("data-failed"); }
      );
    });
  }
})();
