/* auto_quiz learner script: collects answers, sends them with the page's sequence number, and shows
   the HTML the server returns. It never computes a score and never holds an answer key. */
function AutoQuizBlock(runtime, element, init) {
  "use strict";
  if (init && typeof init.json === "string") { init = JSON.parse(init.json); }  /* escaped JSON (xblocks/common/page.py) */
  var root = element.querySelector(".aq-root") || element;
  var body = root.querySelector(".aq-body");
  var live = root.querySelector(".aq-live");
  var t = init.strings || {};
  var seq = init.seq;
  var lang = (root.closest("[lang]") || document.documentElement).getAttribute("lang") || "vi";
  var netBox = document.createElement("p");
  netBox.className = "aq-net";
  netBox.setAttribute("role", "status");
  root.insertBefore(netBox, body);
  var net = new window.HocvusoNet.Channel(runtime, element, {
    onWaiting: function (on) { if (on) { root.setAttribute("aria-busy", "true"); } else { root.removeAttribute("aria-busy"); } },
    onBusy: function (on) { root.classList.toggle("aq-busy", on); showNet(); },
    onOffline: function (on) { root.classList.toggle("aq-offline", on); showNet(); }
  });
  var draftKey = "aq-draft:" + runtime.handlerUrl(element, "submit");
  var store = safeStorage();

  function safeStorage() {
    /* A draft is a convenience: without localStorage (private mode, full, blocked) the quiz still works. */
    try {
      var s = window.localStorage;
      s.setItem("aq-probe", "1"); s.removeItem("aq-probe");
      return s;
    } catch (e) {
      return {getItem: function () { return null; }, setItem: function () {}, removeItem: function () {}};
    }
  }

  function showNet() {
    var off = root.classList.contains("aq-offline");
    netBox.textContent = off ? t.offline : root.classList.contains("aq-busy") ? t.sending : "";
    netBox.className = "aq-net" + (off ? " aq-net-off" : "");
  }

  function fill(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (all, key) {
      return values[key] !== undefined ? values[key] : all;
    });
  }

  function announce(text) {
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text || ""; }, 50);
  }

  function post(handler, payload) { return net.send(handler, payload); }

  function answerOf(fieldset) {
    var type = fieldset.getAttribute("data-type");
    var token = fieldset.getAttribute("data-token");
    var i, list, out;
    if (type === "single") {
      var checked = fieldset.querySelector("input[type=radio]:checked");
      return checked ? checked.value : null;
    }
    if (type === "multiple") {
      list = fieldset.querySelectorAll("input[type=checkbox]:checked");
      out = [];
      for (i = 0; i < list.length; i++) { out.push(list[i].value); }
      return out;
    }
    if (type === "dropdown") {
      var select = fieldset.querySelector("select");
      return select && select.value ? select.value : null;
    }
    if (type === "text" || type === "number") {
      return fieldset.querySelector("input[name='" + token + "']").value;
    }
    if (type === "ordering") {
      list = fieldset.querySelectorAll(".aq-order-item");
      out = [];
      for (i = 0; i < list.length; i++) { out.push(list[i].getAttribute("data-token")); }
      return out;
    }
    if (type === "matching") {
      list = fieldset.querySelectorAll("select[data-left]");
      out = {};
      for (i = 0; i < list.length; i++) {
        if (list[i].value) { out[list[i].getAttribute("data-left")] = list[i].value; }
      }
      return out;
    }
    if (type === "hotspot") {
      var x = fieldset.querySelector("input[data-axis=x]").value;
      var y = fieldset.querySelector("input[data-axis=y]").value;
      return x === "" || y === "" ? null : {x: parseFloat(x), y: parseFloat(y)};
    }
    return null;
  }

  function answers() {
    var out = {};
    var sets = body.querySelectorAll(".aq-question");
    for (var i = 0; i < sets.length; i++) {
      if (sets[i].querySelector("[disabled]") && sets[i].getAttribute("data-type") !== "hotspot") { continue; }
      out[sets[i].getAttribute("data-token")] = answerOf(sets[i]);
    }
    return out;
  }

  /* Queued behind any request on its way; the answers and sequence number are read when its turn comes. */
  function send(handler, extra, focusAfter) {
    post(handler, function () {
      var payload = {seq: seq, answers: answers()};
      for (var key in extra) { if (Object.prototype.hasOwnProperty.call(extra, key)) { payload[key] = extra[key]; } }
      return payload;
    }).then(function (result) {
      if (result.ok) {
        seq = result.data.seq;
        if (handler === "submit") { store.removeItem(draftKey); }
        if (result.data.html !== undefined) { body.innerHTML = result.data.html; showMarkers(); restoreDraft(); } else { close(result.data); }
        announce(result.data.message);
        if (focusAfter) { focusAfter(); }
      } else {
        announce((result.data && (result.data.error || result.data.message)) || t.network_error);
      }
    });
  }

  /* Drafts: answers typed but not yet submitted survive a reload (kept in this browser only). */
  function saveDraft() {
    if (!body.querySelector(".aq-form button[type=submit]")) { return; }
    try { store.setItem(draftKey, JSON.stringify(answers())); } catch (e) { /* full: the draft is a convenience */ }
  }
  function restoreDraft() {
    var draft = null, restored = false;
    if (!body.querySelector(".aq-form button[type=submit]")) { return; }
    try { draft = JSON.parse(store.getItem(draftKey) || "null"); } catch (e) { draft = null; }
    if (!draft) { return; }
    var sets = body.querySelectorAll(".aq-question");
    for (var i = 0; i < sets.length; i++) {
      var token = sets[i].getAttribute("data-token");
      if (Object.prototype.hasOwnProperty.call(draft, token) && !blank(draft[token], sets[i])) {
        put(sets[i], draft[token]);
        restored = true;
      }
    }
    if (restored) { announce(t.draft_restored); }
  }
  function put(fieldset, value) {
    var type = fieldset.getAttribute("data-type"), i, list;
    if (type === "single" || type === "multiple") {
      list = fieldset.querySelectorAll("input[type=radio], input[type=checkbox]");
      var wanted = [].concat(value);
      for (i = 0; i < list.length; i++) { if (!list[i].disabled) { list[i].checked = wanted.indexOf(list[i].value) >= 0; } }
    } else if (type === "dropdown") {
      var select = fieldset.querySelector("select");
      if (select && !select.disabled) { select.value = value; }
    } else if (type === "text" || type === "number") {
      var input = fieldset.querySelector("input[name='" + fieldset.getAttribute("data-token") + "']");
      if (input && !input.disabled) { input.value = value; }
    } else if (type === "ordering") {
      var listEl = fieldset.querySelector(".aq-order");
      value.forEach(function (token, index) {
        var item = listEl && listEl.querySelector(".aq-order-item[data-token='" + token + "']");
        if (item) { listEl.appendChild(item); item.querySelector(".aq-order-pos").textContent = (index + 1) + "."; }
      });
    } else if (type === "matching") {
      list = fieldset.querySelectorAll("select[data-left]");
      for (i = 0; i < list.length; i++) {
        var left = list[i].getAttribute("data-left");
        if (value[left] && !list[i].disabled) { list[i].value = value[left]; }
      }
    } else if (type === "hotspot" && value && typeof value.x === "number") {
      var spot = fieldset.querySelector(".aq-spot");
      if (spot && !spot.classList.contains("aq-disabled")) { placeMarker(spot, value.x, value.y); }
    }
  }
  function blank(value, fieldset) {
    if (value === null || value === undefined || value === "") { return true; }
    if (fieldset.getAttribute("data-type") === "ordering") { return false; }  /* an order is always an answer */
    if (Array.isArray(value)) { return value.length === 0; }
    if (typeof value === "object" && !("x" in value)) { return Object.keys(value).length === 0; }
    return false;
  }
  function blanks() {
    var out = [], current = answers();
    var sets = body.querySelectorAll(".aq-question");
    for (var i = 0; i < sets.length; i++) {
      var token = sets[i].getAttribute("data-token");
      if (Object.prototype.hasOwnProperty.call(current, token) && blank(current[token], sets[i])) { out.push(sets[i]); }
    }
    return out;
  }
  function warnBlanks(empty, total) {
    var old = body.querySelector(".aq-confirm");
    if (old) { old.parentNode.removeChild(old); }
    var box = document.createElement("div");
    box.className = "aq-confirm";
    box.setAttribute("role", "alertdialog");
    var text = document.createElement("p");
    text.id = (element.id || "aq") + "-confirm-text";
    text.textContent = fill(t.blank_warning, {count: new Intl.NumberFormat(lang).format(empty.length),
                                              total: new Intl.NumberFormat(lang).format(total)});
    box.setAttribute("aria-describedby", text.id);
    var go = document.createElement("button");
    go.type = "button"; go.className = "aq-button aq-secondary"; go.textContent = t.submit_anyway;
    var back = document.createElement("button");
    back.type = "button"; back.className = "aq-button aq-primary"; back.textContent = t.keep_answering;
    var buttons = document.createElement("div");
    buttons.className = "aq-confirm-buttons";
    buttons.appendChild(back); buttons.appendChild(go);
    box.appendChild(text); box.appendChild(buttons);
    var submit = body.querySelector(".aq-form button[type=submit]");
    submit.parentNode.insertBefore(box, submit);
    go.addEventListener("click", function () { box.parentNode.removeChild(box); send("submit", {}, focusTop); });
    back.addEventListener("click", function () {
      box.parentNode.removeChild(box);
      var legend = empty[0].querySelector("legend");
      legend.setAttribute("tabindex", "-1");
      legend.focus();
    });
    box.scrollIntoView({block: "nearest"});
    back.focus({preventScroll: true});
  }

  /* An attempt closed without revealing answers: the server sends only each question's result, the
     status lines and what follows the form; the page it gives on reload looks the same. */
  function close(data) {
    var form = body.querySelector(".aq-form");
    var i, list;
    if (form) {
      list = form.querySelectorAll("input, select, textarea, button");
      for (i = 0; i < list.length; i++) { list[i].disabled = true; }
      list = form.querySelectorAll(".aq-question-actions");
      for (i = 0; i < list.length; i++) { list[i].innerHTML = ""; }
      list = form.querySelectorAll(".aq-spot");
      for (i = 0; i < list.length; i++) {
        list[i].classList.add("aq-disabled");
        list[i].setAttribute("tabindex", "-1");
      }
      var submit = form.querySelector("button[type=submit]");
      if (submit) { submit.parentNode.removeChild(submit); }
      list = form.querySelectorAll(".aq-question");
      for (i = 0; i < list.length; i++) {
        list[i].querySelector(".aq-question-status").innerHTML = data.results[list[i].getAttribute("data-token")] || "";
      }
    }
    body.querySelector(".aq-status").innerHTML = data.status;
    body.querySelector(".aq-after").outerHTML = data.after;
  }

  function focusQuestion(token, selector) {
    return function () {
      var fieldset = body.querySelector(".aq-question[data-token='" + token + "']");
      var target = fieldset && (fieldset.querySelector(selector) || fieldset.querySelector("legend"));
      if (target) {
        if (!target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
        target.focus();
      }
    };
  }

  function focusTop() {
    var target = body.querySelector(".aq-summary") || body.querySelector(".aq-question legend") ||
      body.querySelector(".aq-title");
    if (target) {
      target.setAttribute("tabindex", "-1");
      target.focus();
    }
  }

  function moveItem(button) {
    var item = button.closest(".aq-order-item");
    var list = item.parentNode;
    var up = button.getAttribute("data-move") === "up";
    var sibling = up ? item.previousElementSibling : item.nextElementSibling;
    if (!sibling) { return; }
    list.insertBefore(item, up ? sibling : sibling.nextSibling);
    var items = list.querySelectorAll(".aq-order-item");
    var position = 0;
    for (var i = 0; i < items.length; i++) {
      items[i].querySelector(".aq-order-pos").textContent = (i + 1) + ".";
      if (items[i] === item) { position = i + 1; }
    }
    var again = item.querySelector("[data-move='" + (up ? "up" : "down") + "']");
    if ((up && position === 1) || (!up && position === items.length)) {
      again = item.querySelector("[data-move='" + (up ? "down" : "up") + "']");
    }
    again.focus();
    saveDraft();
    announce(fill(t.moved_to, {item: item.querySelector(".aq-order-text").textContent,
                               position: position, total: items.length}));
  }

  function placeMarker(spot, x, y) {
    var width = parseFloat(spot.getAttribute("data-width"));
    var height = parseFloat(spot.getAttribute("data-height"));
    x = Math.max(0, Math.min(width, x));
    y = Math.max(0, Math.min(height, y));
    var fieldset = spot.closest(".aq-question");
    fieldset.querySelector("input[data-axis=x]").value = Math.round(x * 10) / 10;
    fieldset.querySelector("input[data-axis=y]").value = Math.round(y * 10) / 10;
    var marker = spot.querySelector(".aq-marker");
    marker.hidden = false;
    marker.style.left = (100 * x / width) + "%";
    marker.style.top = (100 * y / height) + "%";
    var status = fieldset.querySelector(".aq-spot-status");
    status.textContent = fill(t.spot_chosen, {x: Math.round(100 * x / width), y: Math.round(100 * y / height)});
    saveDraft();
  }

  function showMarkers() {  /* the page carries no style attributes (CSP): markers are placed from the stored answer */
    var spots = body.querySelectorAll(".aq-spot");
    for (var i = 0; i < spots.length; i++) {
      var fieldset = spots[i].closest(".aq-question");
      var xs = fieldset.querySelector("input[data-axis=x]").value, ys = fieldset.querySelector("input[data-axis=y]").value;
      if (xs !== "" && ys !== "") { placeMarker(spots[i], parseFloat(xs), parseFloat(ys)); }
    }
  }
  showMarkers();

  function spotKey(event) {
    var spot = event.target.closest(".aq-spot");
    if (!spot || spot.classList.contains("aq-disabled")) { return; }
    var width = parseFloat(spot.getAttribute("data-width"));
    var height = parseFloat(spot.getAttribute("data-height"));
    var fieldset = spot.closest(".aq-question");
    var xs = fieldset.querySelector("input[data-axis=x]").value;
    var ys = fieldset.querySelector("input[data-axis=y]").value;
    var x = xs === "" ? width / 2 : parseFloat(xs);
    var y = ys === "" ? height / 2 : parseFloat(ys);
    var step = event.shiftKey ? 0.01 : 0.05;
    var moves = {ArrowLeft: [-step * width, 0], ArrowRight: [step * width, 0],
                 ArrowUp: [0, -step * height], ArrowDown: [0, step * height]};
    if (moves[event.key]) {
      event.preventDefault();
      placeMarker(spot, x + (xs === "" ? 0 : moves[event.key][0]), y + (ys === "" ? 0 : moves[event.key][1]));
    } else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      placeMarker(spot, x, y);
      announce(fieldset.querySelector(".aq-spot-status").textContent);
    }
  }

  root.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    var spot = event.target.closest(".aq-spot");
    if (spot && !spot.classList.contains("aq-disabled")) {
      var rect = spot.getBoundingClientRect();
      placeMarker(spot, (event.clientX - rect.left) / rect.width * parseFloat(spot.getAttribute("data-width")),
                  (event.clientY - rect.top) / rect.height * parseFloat(spot.getAttribute("data-height")));
      return;
    }
    if (!button || button.disabled) { return; }
    var fieldset = button.closest(".aq-question");
    var action = button.getAttribute("data-action");
    if (button.hasAttribute("data-move")) {
      moveItem(button);
    } else if (action === "start") {
      send("start", {}, focusTop);
    } else if (action === "hint" && fieldset) {
      var token = fieldset.getAttribute("data-token");
      send("hint", {question: token}, focusQuestion(token, ".aq-hints li:last-child"));
    } else if (action === "check" && fieldset) {
      var checked = fieldset.getAttribute("data-token");
      send("check", {question: checked}, focusQuestion(checked, ".aq-question-status"));
    }
  });

  root.addEventListener("keydown", function (event) {
    if (event.target.closest && event.target.closest(".aq-spot")) { spotKey(event); }
  });

  root.addEventListener("submit", function (event) {
    if (!event.target.classList.contains("aq-form")) { return; }
    event.preventDefault();
    var empty = blanks();
    if (empty.length) { warnBlanks(empty, body.querySelectorAll(".aq-question").length); return; }
    send("submit", {}, focusTop);
  });
  /* The course team's item statistics: quiz_staff.js, added to the page for staff alone, registers it. */
  if (window.AutoQuizStaff) { window.AutoQuizStaff(root, post, announce, t); }
  root.addEventListener("input", saveDraft);
  root.addEventListener("change", saveDraft);
  restoreDraft();
}
