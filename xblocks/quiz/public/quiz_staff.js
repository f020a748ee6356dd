/* auto_quiz, course staff only: added to the page by the block for staff alone (block.py), so learners never
   download it. It registers window.AutoQuizStaff; quiz.js calls it when present with its root element, its
   POST helper (net.js), its announcer and the page strings. */
window.AutoQuizStaff = function (root, post, announce, t) {
  "use strict";
  root.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-action=stats]");
    if (!button || button.disabled) { return; }
    post("item_stats", {}).then(function (result) {
      var box = root.querySelector(".aq-stats");
      if (result.ok) { box.innerHTML = result.data.html; } else { announce(result.data.error || t.network_error); }
    });
  });
};
