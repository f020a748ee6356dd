/* phone_sim Studio editor: the scenario XML with line numbers, checked on the server as the author types
   (500 ms after the last key), every problem linked to its line, and a preview phone drawn by the learners'
   own renderer (PhoneSimBlock in preview mode) with a picker for each step's screen. Saves only when valid. */
function PhoneSimStudio(runtime, element, data) {
  "use strict";
  if (element && element.jquery) { element = element[0]; }
  if (data && typeof data.json === "string") { data = JSON.parse(data.json); }
  var form = element.querySelector(".phone-sim-studio"), box = form.querySelector(".ps-problems");
  var textarea = form.scenario_xml, gutter = form.querySelector(".ps-gutter");
  var picker = element.querySelector(".ps-step-picker"), stale = element.querySelector(".ps-preview-note");
  var phone = window.PhoneSimBlock(runtime, element.querySelector(".ps-preview-phone"),
    {preview: true, modes: [], strings: data.strings, mark: data.mark});
  var timer = null, asked = 0, screens = [], badLines = {};

  function values() {
    var modes = Array.prototype.filter.call(form.querySelectorAll("[name=modes]"), function (b) { return b.checked; })
      .map(function (b) { return b.value; });
    return {display_name: form.display_name.value, modes: modes, weight: form.weight.value,
      max_errors: form.max_errors.value, max_attempts: form.max_attempts.value, scenario_xml: textarea.value};
  }
  function post(handler, payload, done) {
    window.HocvusoNet.request(runtime.handlerUrl(element, handler), payload).then(function (reply) {
      done(reply.ok && reply.data && (reply.data.problems || reply.data.valid !== undefined) ? reply.data
        : {problems: [{message: (reply.data && reply.data.error) || data.networkError}]});
    });
  }

  /* Line numbers: one row per line of the text (the textarea does not wrap), scrolled with it. */
  function lineCount() { return textarea.value.split("\n").length; }
  function paintGutter() {
    var count = lineCount();
    if (gutter.childNodes.length !== count) {
      var rows = document.createDocumentFragment();
      for (var n = 1; n <= count; n++) { rows.appendChild(Object.assign(document.createElement("div"), {className: "ps-ln", textContent: String(n)})); }
      gutter.textContent = ""; gutter.appendChild(rows);
    }
    Array.prototype.forEach.call(gutter.childNodes, function (row, i) { row.classList.toggle("ps-ln-bad", !!badLines[i + 1]); });
    gutter.scrollTop = textarea.scrollTop;
  }
  function lineHeight() { return parseFloat(window.getComputedStyle(textarea).lineHeight) || 20; }
  function goToLine(line) {
    var lines = textarea.value.split("\n"), start = 0;
    for (var i = 0; i < line - 1 && i < lines.length; i++) { start += lines[i].length + 1; }
    textarea.focus();
    textarea.setSelectionRange(start, start + (lines[line - 1] || "").length);
    textarea.scrollTop = Math.max(0, (line - 3) * lineHeight());
    Array.prototype.forEach.call(gutter.querySelectorAll(".ps-ln-current"), function (row) { row.classList.remove("ps-ln-current"); });
    if (gutter.childNodes[line - 1]) { gutter.childNodes[line - 1].classList.add("ps-ln-current"); }
    paintGutter();
  }
  textarea.addEventListener("scroll", function () { gutter.scrollTop = textarea.scrollTop; });

  function show(result) {
    box.textContent = ""; badLines = {};
    if (result.valid) {
      box.appendChild(Object.assign(document.createElement("p"), {className: "ps-good", textContent: data.ok}));
    } else {
      var list = document.createElement("ul");
      (result.problems || []).forEach(function (p) {
        var item = Object.assign(document.createElement("li"), {className: "ps-bad"});
        if (p.line) {
          badLines[p.line] = true;
          var link = Object.assign(document.createElement("button"), {type: "button", className: "ps-line-link", textContent: p.message});
          link.setAttribute("data-line", String(p.line));
          link.setAttribute("title", data.goToLine.replace("{line}", String(p.line)));
          link.addEventListener("click", function () { goToLine(p.line); });
          item.appendChild(link);
        } else { item.textContent = p.message; }
        list.appendChild(item);
      });
      box.appendChild(list);
    }
    paintGutter();
    if (result.preview) { preview(result.preview); }
    stale.hidden = !!result.valid || !screens.length;
  }

  /* The preview: the learners' renderer, never graded, one screen at a time. */
  function preview(model) {
    var chosen = picker.value;
    screens = model.screens;
    picker.textContent = "";
    screens.forEach(function (s) { picker.appendChild(Object.assign(document.createElement("option"), {value: s.id, textContent: s.label})); });
    picker.value = screens.some(function (s) { return s.id === chosen; }) ? chosen : model.start;
    showScreen();
  }
  function showScreen() {
    var found = screens.filter(function (s) { return s.id === picker.value; })[0];
    if (found) { phone.show(found.screen); }
  }
  picker.addEventListener("change", showScreen);

  function check() {
    var mine = ++asked;  /* only the newest answer is shown: an older one may arrive late */
    post("validate", {scenario_xml: textarea.value}, function (result) { if (mine === asked) { show(result); } });
  }
  textarea.addEventListener("input", function () {
    paintGutter();
    window.clearTimeout(timer);
    timer = window.setTimeout(check, 500);
  });
  form.querySelector(".ps-validate").addEventListener("click", function () { window.clearTimeout(timer); check(); });
  form.querySelector(".ps-cancel").addEventListener("click", function () { if (runtime.notify) { runtime.notify("cancel", {}); } });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    window.clearTimeout(timer);
    if (runtime.notify) { runtime.notify("save", {state: "start", message: data.saving}); }
    asked++;
    post("studio_submit", values(), function (result) {
      show(result);
      if (result.valid && runtime.notify) { runtime.notify("save", {state: "end"}); }
    });
  });
  paintGutter();
  check();
}
