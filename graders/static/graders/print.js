/* "In" (print) buttons on the poster and card pages (a file, not inline script: CSP-safe). */
document.addEventListener("click", function (event) {
  "use strict";
  if (event.target.closest && event.target.closest("[data-print]")) { window.print(); }
});
