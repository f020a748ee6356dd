/* "Tiến độ của tôi": the page is rendered on the server; this only saves a self-declared group. */
function LearnerProgressBlock(runtime, element, init) {
  "use strict";
  if (element && element.jquery) { element = element[0]; }
  var form = element.querySelector(".lp-group-form");
  var live = element.querySelector(".lp-live");
  var t = (init && init.strings) || {};
  if (!form) { return; }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function say(text) {
    if (live) { live.textContent = text; }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var chosen = form.querySelector("input[name=lp-group]:checked");
    if (!chosen) { return; }
    var button = form.querySelector("button");
    button.disabled = true;
    fetch(runtime.handlerUrl(element, "choose_group"), {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrfToken()},
      body: JSON.stringify({group: chosen.value})
    }).then(function (response) {
      return response.json().then(function (body) { return {ok: response.ok, body: body}; });
    }).then(function (reply) {
      if (!reply.ok) { throw new Error((reply.body && reply.body.error) || t.refused_group); }
      say(reply.body.message || t.group_saved);
      window.location.reload();
    }).catch(function (error) {
      button.disabled = false;
      say((error && error.message) || t.error);
    });
  });
}
