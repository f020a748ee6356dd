/* auto_quiz Studio editor: checks the settings and questions XML as the author types, shows every
   problem and a preview rendered by the server's learner renderer, and saves only valid quizzes. */
function AutoQuizStudio(runtime, element, data) {
  "use strict";
  if (element && element.jquery) { element = element[0]; }
  if (data && typeof data.json === "string") { data = JSON.parse(data.json); }  /* escaped JSON (xblocks/common/page.py) */
  var S = (data && data.strings) || {};
  var root = element.querySelector(".aq-studio");
  var problemsBox = root.querySelector(".aq-problems");
  var preview = root.querySelector(".aq-preview");
  var textarea = root.querySelector("textarea[name=questions_xml]");
  var live = root.querySelector(".aq-live");
  var timer = null;

  function post(handler, payload) {
    return window.HocvusoNet.request(runtime.handlerUrl(element, handler), payload).then(function (reply) {
      /* A refusal (403 staff only, 413 too large) says why in `error`; no answer at all gets the network message. */
      if (reply.ok) { return reply.data; }
      return {problems: [{text: (reply.data && reply.data.error) || S.network_error}]};
    });
  }

  function values() {
    var settings = {};
    var fields = root.querySelectorAll(".aq-studio-grid [name]");
    for (var i = 0; i < fields.length; i++) { settings[fields[i].name] = fields[i].value; }
    return {settings: settings, questions_xml: textarea.value};
  }

  function showProblems(problems) {
    problemsBox.innerHTML = "";
    if (!problems.length) { return; }
    var list = document.createElement("ul");
    problems.forEach(function (problem) {
      var item = document.createElement("li");
      item.textContent = problem.text;
      list.appendChild(item);
    });
    problemsBox.appendChild(list);
  }

  function validate() {
    post("validate", values()).then(function (data) {
      showProblems(data.problems || []);
      if (!(data.problems || []).length) { preview.innerHTML = data.preview; }
    });
  }

  /* Import: the first call only counts; when the editor holds questions the author chooses Replace, Add to
     the end or Cancel, and the editor changes only with the answer that carries new XML. */
  var ask = root.querySelector(".aq-import-ask");
  function closeAsk() { ask.hidden = true; }
  function importAs(mode) {
    post("import_questions", {format: root.querySelector("#aq-s-import-format").value, mode: mode,
                              text: root.querySelector("#aq-s-import-text").value,
                              questions_xml: textarea.value}).then(function (data) {
      showProblems(data.problems || []);
      if (data.ask) {
        ask.querySelector("p").textContent = data.ask;
        ask.querySelector("[data-action=import-append]").hidden = data.existing === null;
        ask.hidden = false;
        ask.querySelector("[data-action=import-replace]").focus();
        return;
      }
      closeAsk();
      if (data.questions_xml) { textarea.value = data.questions_xml; validate(); }
    });
  }

  root.addEventListener("input", function (event) {
    if (event.target.id === "aq-s-import-text") { closeAsk(); return; }  /* a new paste: ask again */
    window.clearTimeout(timer);
    timer = window.setTimeout(validate, 600);
  });
  root.addEventListener("change", function () { validate(); });

  root.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-action]");
    if (!button) { return; }
    var action = button.getAttribute("data-action");
    if (action === "import") {
      importAs("check");
    } else if (action === "import-replace" || action === "import-append") {
      importAs(action.slice(7));
    } else if (action === "import-cancel") {
      closeAsk();
      root.querySelector("[data-action=import]").focus();
    } else if (action === "save") {
      if (runtime.notify) { runtime.notify("save", {state: "start"}); }
      post("studio_submit", values()).then(function (data) {
        showProblems(data.problems || []);
        live.textContent = data.saved ? "OK" : "";
        if (data.saved && runtime.notify) { runtime.notify("save", {state: "end"}); }
        if (!data.saved && runtime.notify) { runtime.notify("error", {title: "auto_quiz", message: (data.problems[0] || {}).text}); }
      });
    } else if (action === "cancel" && runtime.notify) {
      runtime.notify("cancel", {});
    }
  });
  validate();
}
