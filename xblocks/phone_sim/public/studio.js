/* phone_sim Studio editor: check the scenario on the server, show every problem inline, save only when valid. */
function PhoneSimStudio(runtime, element, data) {
  "use strict";
  if (element && element.jquery) { element = element[0]; }
  if (data && typeof data.json === "string") { data = JSON.parse(data.json); }
  var form = element.querySelector(".phone-sim-studio"), box = form.querySelector(".ps-problems");
  function values() {
    var modes = Array.prototype.filter.call(form.querySelectorAll("[name=modes]"), function (b) { return b.checked; })
      .map(function (b) { return b.value; });
    return {display_name: form.display_name.value, modes: modes, weight: form.weight.value,
      max_errors: form.max_errors.value, max_attempts: form.max_attempts.value, scenario_xml: form.scenario_xml.value};
  }
  function post(handler, payload, done) {
    window.HocvusoNet.request(runtime.handlerUrl(element, handler), payload).then(function (reply) {
      done(reply.status && reply.data && (reply.data.problems || reply.data.valid !== undefined) ? reply.data
        : {problems: [{message: (reply.data && reply.data.error) || data.networkError}]});
    });
  }
  function show(result) {
    box.textContent = "";
    if (result.valid) { box.appendChild(Object.assign(document.createElement("p"), {className: "ps-good", textContent: data.ok})); return; }
    var list = document.createElement("ul");
    (result.problems || []).forEach(function (p) { list.appendChild(Object.assign(document.createElement("li"), {className: "ps-bad", textContent: p.message})); });
    box.appendChild(list);
  }
  form.querySelector(".ps-validate").addEventListener("click", function () { post("validate_scenario", {xml: form.scenario_xml.value}, show); });
  form.querySelector(".ps-cancel").addEventListener("click", function () { if (runtime.notify) { runtime.notify("cancel", {}); } });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    if (runtime.notify) { runtime.notify("save", {state: "start", message: data.saving}); }
    post("studio_submit", values(), function (result) {
      show(result);
      if (result.valid && runtime.notify) { runtime.notify("save", {state: "end"}); }
    });
  });
}
