/* phone_sim learner view: draws the server's answer-free screen model and reports gestures.
   Vanilla JS, no framework. The server decides everything; this file never sees an answer key. */
function PhoneSimBlock(runtime, element, data) {
  "use strict";
  if (element && element.jquery) { element = element[0]; }
  if (data && typeof data.json === "string") { data = JSON.parse(data.json); }  /* escaped JSON (xblocks/common/page.py) */
  var S = data.strings, root = element.querySelector(".ps-root");
  var view = data.view || {mode: null}, watchTimer = null, watchIndex = 0, paused = false;
  var store = safeStorage();
  var large = store.getItem("ps-large") === "1", speaking = store.getItem("ps-speak") === "1";
  var TAP_SLOP = 48, SWIPE_MIN = 48, HOLD_MS = 600;
  var uid = element.id || "ps";  /* prefix of this block's element ids (two blocks may share a page) */
  var lang = (element.closest && element.closest("[lang]") || document.documentElement).getAttribute("lang") || "vi";
  var screenSig = null, kept = {}, acted = false;  /* values the learner gave on this screen; whether to scroll */
  var ICONS = {lock: "🔒", unlock: "🔓", sound: "🔊", mute: "🔇", torch: "🔦", camera: "📷", phone: "📞", message: "💬",
    settings: "⚙️", bank: "🏦", shop: "🛒", mail: "✉️", warning: "⚠️", key: "🔑", user: "👤", home: "🏠", app: "📱"};
  var ARROWS = {up: "↑", down: "↓", left: "←", right: "→"};

  function safeStorage() {
    /* localStorage may be missing or refuse (private mode, full, blocked): then choices last for the page only. */
    var memory = {};
    try { var s = window.localStorage; s.setItem("ps-probe", "1"); s.removeItem("ps-probe"); return s; } catch (e) {
      return {getItem: function (k) { return memory[k] === undefined ? null : memory[k]; }, setItem: function (k, v) { memory[k] = String(v); }};
    }
  }
  function fill(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (all, key) { return values[key] !== undefined ? values[key] : all; });
  }

  function h(tag, attrs, kids) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) { return; }
      if (k === "text") { el.textContent = v; } else if (k === "cls") { el.className = v; } else { el.setAttribute(k, v === true ? "" : v); }
    });
    (kids || []).forEach(function (kid) { if (kid) { el.appendChild(typeof kid === "string" ? document.createTextNode(kid) : kid); } });
    return el;
  }

  /* Layout -------------------------------------------------------------------------------- */
  if (data.broken) { root.appendChild(h("p", {cls: "ps-broken", role: "alert", text: data.broken})); return; }
  var bar = h("div", {cls: "ps-bar", role: "toolbar", "aria-label": S.modes});
  var modeBtns = {};
  data.modes.forEach(function (m) {
    modeBtns[m] = h("button", {type: "button", cls: "ps-mode", "aria-pressed": "false", text: S[m]});
    modeBtns[m].addEventListener("click", function () { choose(m); });
    bar.appendChild(modeBtns[m]);
  });
  var largeBtn = h("button", {type: "button", cls: "ps-tool", "aria-pressed": String(large), text: S.largeText});
  var speakBtn = h("button", {type: "button", cls: "ps-tool", "aria-pressed": String(speaking), text: S.narration});
  var restartBtn = h("button", {type: "button", cls: "ps-tool", text: S.restart, hidden: true});
  bar.appendChild(largeBtn); bar.appendChild(speakBtn); bar.appendChild(restartBtn);
  if (!window.speechSynthesis) { speakBtn.hidden = true; }
  var taskBox = h("section", {cls: "ps-taskbox"}, [h("h4", {text: S.task}), h("p", {cls: "ps-task"}), h("p", {cls: "ps-count"})]);
  var live = h("div", {cls: "ps-live", role: "status", "aria-live": "polite"});
  var hintBox = h("div", {cls: "ps-hint", hidden: true});
  var result = h("div", {cls: "ps-result", hidden: true});
  var ask = h("div", {cls: "ps-ask", role: "alertdialog", "aria-modal": "false", hidden: true});
  var netBox = h("div", {cls: "ps-net", role: "status", "aria-live": "polite"});
  /* Everything that answers the learner sits together just above the phone and is scrolled into view. */
  var guide = h("div", {cls: "ps-guide"}, [taskBox, ask, live, hintBox, result, netBox]);
  var watchBar = h("div", {cls: "ps-watchbar", hidden: true});
  var pauseBtn = h("button", {type: "button", cls: "ps-tool", text: S.pause});
  watchBar.appendChild(pauseBtn);
  var screenEl = h("div", {cls: "ps-screen", tabindex: "-1"});
  var phone = h("div", {cls: "ps-phone", role: "region", "aria-label": S.phone},
    [h("div", {cls: "ps-mark", title: S.mockNotice, text: data.mark}), screenEl]);
  [bar, guide, watchBar, phone].forEach(function (el) { root.appendChild(el); });
  root.classList.toggle("ps-large", large);

  largeBtn.addEventListener("click", function () {
    large = !large; store.setItem("ps-large", large ? "1" : "0");
    largeBtn.setAttribute("aria-pressed", String(large)); root.classList.toggle("ps-large", large);
  });
  speakBtn.addEventListener("click", function () {
    speaking = !speaking; store.setItem("ps-speak", speaking ? "1" : "0");
    speakBtn.setAttribute("aria-pressed", String(speaking));
    if (speaking) { say(taskBox.querySelector(".ps-task").textContent); } else { window.speechSynthesis.cancel(); }
  });
  restartBtn.addEventListener("click", function () { restart(); });
  pauseBtn.addEventListener("click", function () {
    paused = !paused; pauseBtn.textContent = paused ? S.play : S.pause;
    if (!paused) { playFrame(); } else { clearTimeout(watchTimer); }
  });

  function say(text) {
    if (!speaking || !text || !window.speechSynthesis) { return; }
    var u = new SpeechSynthesisUtterance(text), voices = window.speechSynthesis.getVoices();
    var vi = voices.filter(function (v) { return v.lang.toLowerCase().indexOf("vi") === 0; })[0];
    u.lang = vi ? vi.lang : "vi-VN"; if (vi) { u.voice = vi; }
    window.speechSynthesis.cancel(); window.speechSynthesis.speak(u);
  }

  /* Server calls: one at a time, queued, retried unchanged until the network is back --------- */
  var net = new window.HocvusoNet.Channel(runtime, element, {
    onWaiting: function (on) { if (on) { root.setAttribute("aria-busy", "true"); } else { root.removeAttribute("aria-busy"); } },
    onBusy: function (on) { root.classList.toggle("ps-busy", on); showNet(); },
    onOffline: function (on) { root.classList.toggle("ps-offline", on); showNet(); }
  });
  function showNet() {
    var text = root.classList.contains("ps-offline") ? S.offline : root.classList.contains("ps-busy") ? S.sending : "";
    if (netBox.textContent !== text) { netBox.textContent = text; }
    netBox.className = "ps-net" + (root.classList.contains("ps-offline") ? " ps-net-off" : "");
    if (text) { keepInView(netBox); }
  }
  function post(handler, payload, then) {
    return net.send(handler, payload).then(function (reply) {
      if (!reply) { return; }
      if (reply.ok) { render(reply.data); if (then) { then(); } return; }
      var message = reply.data.error || S.networkError;
      if (reply.status === 409) { post("state", {}, function () { announce({kind: "refused", text: message}); }); return; }
      announce({kind: "refused", text: message});
    });
  }
  function act(id, kind, value) {
    if (!id || view.mode === "watch" || view.status !== "active") { return; }
    var aimedAt = screenSig;
    acted = true;
    /* Sent when its turn comes, with the sequence number of that moment; withdrawn if the screen it was
       aimed at is gone by then (the same opaque id names another control on a new screen). */
    post("act", function () {
      if (screenSig !== aimedAt || view.status !== "active") { return null; }
      var payload = {seq: view.seq, widget: id, action: kind}, fields = formValues();
      if (value !== undefined && value !== null) { payload.value = String(value); }
      if (fields) { payload.fields = fields; }  /* what the form holds now: kept by the server, even on Back */
      return payload;
    }, function () {
      /* The control just used is gone: focus the first field marked wrong, else the top of the new screen. */
      var bad = screenEl.querySelector("[aria-invalid=true]");
      if (bad) { bad.focus({preventScroll: true}); return; }
      if (!root.contains(document.activeElement) || document.activeElement === document.body) { screenEl.focus({preventScroll: true}); }
    });
  }
  function announce(fb) {
    live.textContent = ""; live.className = "ps-live ps-" + (fb ? fb.kind : "none");
    if (fb && fb.text) { setTimeout(function () { live.textContent = fb.text; keepInView(live); }, 30); say(fb.text); }
  }
  function keepInView(el) {
    /* After the learner did something, what answers them must be on screen without scrolling. */
    if (!acted || !el || el.hidden || !el.getBoundingClientRect) { return; }
    var r = el.getBoundingClientRect(), vh = window.innerHeight || document.documentElement.clientHeight;
    if (r.top < 0 || r.bottom > vh) { el.scrollIntoView({block: r.height > vh ? "start" : "nearest"}); }
  }

  /* Modes and attempts: a scored attempt is never started or given up without the learner saying so. */
  function confirmTest(onYes) {
    var left = view.attemptsLeft;
    confirmFirst(fill(S.confirmTest, {allowed: num(data.maxErrors),
      attempts: left === null || left === undefined ? S.attemptsUnlimited : fill(S.attemptsLeftCount, {count: left})}), S.startTest, onYes);
  }
  function confirmFirst(message, yes, onYes) {
    ask.textContent = ""; ask.hidden = false;
    var go = h("button", {type: "button", cls: "ps-btn ps-primary", text: yes});
    var back = h("button", {type: "button", cls: "ps-btn ps-secondary", text: S.notNow});
    var text = h("p", {id: uid + "-ask", text: message});
    ask.setAttribute("aria-describedby", text.id);
    ask.appendChild(text); ask.appendChild(h("div", {cls: "ps-ask-buttons"}, [go, back]));
    function close() { ask.hidden = true; ask.textContent = ""; }
    go.addEventListener("click", function () { close(); onYes(); });
    back.addEventListener("click", function () { close(); });
    acted = true; keepInView(ask); go.focus({preventScroll: true});
  }
  function leavingTest() { return view.mode === "test" && view.status === "active"; }
  function choose(mode) {
    if (mode === view.mode && view.status === "active") { return; }
    function begin() {
      /* Watch and practice cost nothing; a kept, unfinished test resumes for free; a new one asks first. */
      if (mode !== "test" || view.testPaused) { acted = true; post("start", {mode: mode}); return; }
      confirmTest(function () { post("start", {mode: "test", confirmed: true}); });
    }
    if (leavingTest()) { confirmFirst(S.confirmLeave, S.leaveTest, begin); } else { begin(); }
  }
  function restart() {
    if (!view.restartCost) { acted = true; post("restart", {}); return; }
    confirmTest(function () { post("restart", {confirmed: true}); });
  }

  /* Rendering ---------------------------------------------------------------------------- */
  function render(v) {
    view = v; clearTimeout(watchTimer); ask.hidden = true;
    Object.keys(modeBtns).forEach(function (m) { modeBtns[m].setAttribute("aria-pressed", String(v.mode === m)); });
    restartBtn.hidden = !v.mode || v.mode === "watch" || !v.canRestart;
    hintBox.hidden = true; result.hidden = true; watchBar.hidden = v.mode !== "watch";
    var count = taskBox.querySelector(".ps-count"), parts = [];
    if (v.mode === "test") { parts.push(fill(S.mistakesCount, {count: num(v.errors), allowed: num(v.maxErrors)})); }
    if (v.attemptsLeft !== null && v.attemptsLeft !== undefined && data.modes.indexOf("test") >= 0) { parts.push(S.attemptsLeft + ": " + num(v.attemptsLeft)); }
    if (v.best !== undefined) { parts.push(S.score + ": " + pct(v.best)); }
    count.textContent = parts.join(" · ");
    if (!v.mode) { showChooser(); return; }
    if (v.mode === "watch") { watchIndex = 0; paused = false; pauseBtn.textContent = S.pause; playFrame(); keepInView(guide); return; }
    var sig = JSON.stringify(v.screen) + "|" + v.mode;
    if (sig !== screenSig) { kept = {}; }
    screenSig = sig;
    drawScreen(v.screen, true);
    setTask(v.screen.task || "");
    markFields(v.feedback);
    announce(v.feedback);
    if (v.hint) { showHint(v.hint); }
    if (v.status !== "active") { showResult(v); }
    keepInView(taskBox);
    if (v.hint) { keepInView(hintBox); }
    if (v.status !== "active") { keepInView(result); }
  }
  function num(n) { return typeof n === "number" ? new Intl.NumberFormat(lang).format(n) : String(n); }
  function pct(n) { return new Intl.NumberFormat(lang, {style: "percent", maximumFractionDigits: 0}).format(n / 100); }
  function setTask(text) {
    var t = taskBox.querySelector(".ps-task");
    if (t.textContent !== text) { t.textContent = text; say(text); }
  }
  function showChooser() {
    screenEl.textContent = ""; setTask(data.title || "");
    var box = h("div", {cls: "ps-chooser"}, [h("p", {cls: "ps-intro", text: data.intro || ""}), h("p", {text: S.chooseMode})]);
    data.modes.forEach(function (m) {
      var about = uid + "-about-" + m;
      var b = h("button", {type: "button", cls: "ps-btn ps-primary", text: S[m], "aria-describedby": about});
      b.addEventListener("click", function () { choose(m); });
      box.appendChild(h("div", {cls: "ps-choice"}, [b, h("p", {cls: "ps-about", id: about, text: S[m + "About"]})]));
    });
    screenEl.appendChild(box);
  }
  function showResult(v) {
    result.textContent = ""; result.hidden = false;
    result.className = "ps-result ps-" + v.status;
    result.appendChild(h("p", {role: "alert", text: v.status === "success" ? S.success : S.failure}));
    if (v.mode === "test") { result.appendChild(h("p", {text: S.score + ": " + pct(v.score)})); }
    if (v.canRestart) {
      var again = h("button", {type: "button", cls: "ps-btn ps-primary", text: S.restart});
      again.addEventListener("click", function () { restart(); });
      result.appendChild(again);
    }
  }
  function showHint(hint) {
    hintBox.hidden = false; hintBox.textContent = "";
    var label = hint.level >= 3 ? S.showMe : S.hint, text = hint.text || "";
    /* Authors often begin a "show me" hint with the same words: never print the label twice. */
    if (text.toLocaleLowerCase(lang).indexOf(label.toLocaleLowerCase(lang)) !== 0) { hintBox.appendChild(h("strong", {text: label + ": "})); }
    hintBox.appendChild(document.createTextNode(text));
    if (hint.highlight) { mark(hint.highlight, "ps-highlight"); }
    if (hint.demo) { demo(hint.demo); }
  }
  function mark(id, cls) {
    var el = screenEl.querySelector('[data-w="' + id + '"]');
    if (el) { el.classList.add(cls); if (el.scrollIntoView) { el.scrollIntoView({block: "nearest"}); } }
    return el;
  }
  function demo(d) {
    var el = mark(d.target, "ps-demo");
    if (!el) { return; }
    var moves = d.action === "swipe" || d.action === "scroll", words = d.action === "type" ? d.value : null;
    if (moves && ARROWS[d.value]) { words = ARROWS[d.value] + " " + S["swipe_" + d.value]; }
    if (d.action === "long-press") { words = S.holdFinger; }
    var tip = h("span", {cls: "ps-finger", "aria-hidden": "true", text: words ? "👆 " + words : "👆"});
    el.parentNode.insertBefore(tip, el.nextSibling);
    if (d.action === "type" && words) {
      var input = el.querySelector("input") || (el.tagName === "INPUT" ? el : null);
      if (input) { input.setAttribute("placeholder", words); }
    }
    /* A form: a demonstration (watch mode, the projector: the screen is not live) fills each field in;
       "show me" puts the value in its placeholder, for the learner to type. */
    var demonstrating = screenEl.inert || view.mode === "watch";
    Object.keys(d.fields || {}).forEach(function (name) {
      var box = el.querySelector('[data-field="' + name + '"]'), text = d.fields[name];
      if (!box) { return; }
      if (box.tagName === "FIELDSET") {
        Array.prototype.forEach.call(box.querySelectorAll("input"), function (r) {
          if (r.value === text) { r.parentNode.classList.add("ps-demo"); if (demonstrating) { r.checked = true; } }
        });
      } else if (demonstrating) { box.value = text; } else if (!box.value) { box.setAttribute("placeholder", "👆 " + text); }
    });
  }

  /* Watch mode: the scripted walk-through ----------------------------------------------- */
  function showFrame(frame) {
    /* One frame of the walk-through, as watch mode and the projector show it: the screen, the pointer
       on what is done there; returns its caption. */
    drawScreen(frame.screen, false);
    if (frame.do) { demo(frame.do); }
    return frame.caption || frame.screen.task || "";
  }
  function playFrame() {
    var frames = view.frames || [], frame = frames[watchIndex];
    clearTimeout(watchTimer);
    if (!frame) { return; }
    setTask(showFrame(frame));
    if (!frame.do) { announce({kind: "ok", text: S.watchDone}); return; }
    if (paused) { return; }
    watchTimer = setTimeout(function () {
      if (frame.feedback) { announce({kind: "ok", text: frame.feedback}); }
      watchIndex += 1; playFrame();
    }, 3500);
  }

  /* Widgets ------------------------------------------------------------------------------ */
  function drawScreen(screen, live_) {
    screenEl.textContent = "";
    screenEl.classList.toggle("ps-ended", !!screen.end);
    if (screen.app) {
      var name = screen.app.name + (screen.app.public ? "" : " " + S.mockApp);
      screenEl.appendChild(h("div", {cls: "ps-appname", style: "background:" + screen.app.color, text: name}));
    }
    if (screen.title) { screenEl.setAttribute("aria-label", screen.title); } else { screenEl.removeAttribute("aria-label"); }
    screen.widgets.forEach(function (w) { screenEl.appendChild(widget(w)); });
    screenEl.inert = !live_;
    if (!live_) { screenEl.setAttribute("aria-hidden", "true"); } else { screenEl.removeAttribute("aria-hidden"); }
  }
  function target(el, w, id) {
    el.setAttribute("data-w", id);
    el.setAttribute("data-actions", (w.actions || ["tap"]).join(" "));
    var extra = [];
    if ((w.actions || []).indexOf("long-press") >= 0) { extra.push(S.holdHelp); }
    if ((w.actions || []).some(function (a) { return a === "swipe" || a === "scroll"; })) { extra.push(S.swipeHelp); }
    if (extra.length) { el.setAttribute("title", extra.join(". ")); }
    return el;
  }
  function btn(cls, label, w, kids) {
    var el = h("button", {type: "button", cls: cls}, kids || [label]);
    return w && w.id ? target(el, w, w.id) : (el.disabled = true, el);
  }
  var draw = {
    "status-bar": function (w) {
      var network = (w.network || "4G").toLowerCase() === "wifi" ? wifiIcon() : h("span", {text: w.network || "4G"});
      var kids = [h("span", {text: w.time || "09:41"}), h("span", {cls: "ps-status-right"}, [w.operator ? h("span", {text: w.operator}) : null, network,
        h("span", {text: num(parseInt(w.battery || "80", 10)) + "%"})])];
      return w.id ? target(h("button", {type: "button", cls: "ps-statusbar ps-swipe"}, kids), w, w.id) : h("div", {cls: "ps-statusbar", "aria-hidden": "true"}, kids);
    },
    "app-bar": function (w) {
      var bar = h("div", {cls: "ps-appbar"});
      if (w.id || w.back === "true") { bar.appendChild(btn("ps-back", "←", w, [h("span", {"aria-hidden": "true", text: "←"}), h("span", {cls: "ps-sr", text: S.back})])); }
      bar.appendChild(h("span", {cls: "ps-appbar-title", text: w.title || ""}));
      return bar;
    },
    "text": function (w) {
      var cls = "ps-text ps-" + (w.style || "body");
      return w.id ? target(h("button", {type: "button", cls: cls + " ps-plain", text: w.text}), w, w.id) : h("p", {cls: cls, text: w.text});
    },
    "list-item": function (w) {
      return btn("ps-item", null, w, [icon(w.icon),
        h("span", {cls: "ps-item-main"}, [h("span", {cls: "ps-item-label", text: w.label}), w.detail ? h("span", {cls: "ps-item-detail", text: w.detail}) : null]),
        w.badge ? h("span", {cls: "ps-badge", text: w.badge}) : null]);
    },
    "button": function (w) { return btn("ps-btn ps-" + (w.style || "primary"), w.label, w); },
    "text-field": function (w) { return field(w, w.id, w.label, w.kind, w.value, w.placeholder, w.submit); },
    "pin-pad": pinPad,
    "form": formWidget,
    "toggle": function (w) {
      var el = btn("ps-toggle", null, w, [h("span", {text: w.label}), h("span", {cls: "ps-switch", "aria-hidden": "true"})]);
      el.setAttribute("role", "switch"); el.setAttribute("aria-checked", String(w.on === "true"));
      return el;
    },
    "slider": function (w) {
      /* Sent once, when the learner lets go of the thumb or presses Enter; arrow keys only move it.
         A value the server did not accept stays where the learner put it (never snaps back). */
      var start = kept[w.id] !== undefined ? kept[w.id] : (w.value || w.min), byPointer = false;
      var help = uid + "-slider-" + w.id;
      var input = h("input", {type: "range", min: w.min, max: w.max, step: w.step || "any", value: start, disabled: !w.id,
        "aria-describedby": w.id ? help : null});
      var out = h("output", {text: fmt(input.value) + (w.unit ? " " + w.unit : "")});
      function commit() { kept[w.id] = input.value; act(w.id, "type", input.value); }
      input.addEventListener("input", function () { out.textContent = fmt(input.value) + (w.unit ? " " + w.unit : ""); });
      input.addEventListener("pointerdown", function () { byPointer = true; });
      input.addEventListener("keydown", function (e) {
        byPointer = false;
        if (e.key === "Enter") { e.preventDefault(); commit(); }
      });
      input.addEventListener("change", function () { if (byPointer) { byPointer = false; commit(); } });
      var box = h("label", {cls: "ps-slider"}, [h("span", {text: w.label}), input, out,
        w.id ? h("span", {cls: "ps-sr", id: help, text: S.sliderHelp}) : null]);
      if (w.id) { target(input, w, w.id); }
      return box;
    },
    "thread": function (w) {
      var log = h("div", {cls: "ps-thread", role: "log", "aria-label": w.contact || ""});
      if (w.contact) { log.appendChild(h("p", {cls: "ps-contact", text: w.contact + (w.number ? " · " + w.number : "")})); }
      (w.children || []).forEach(function (c) { log.appendChild(widget(c)); });
      if (w.id) { target(log, w, w.id); log.tabIndex = 0; log.classList.add("ps-swipe"); }
      return log;
    },
    "message": function (w) {
      var cls = "ps-msg ps-from-" + (w.from || "them"), kids = [h("span", {text: w.text}), w.time ? h("small", {text: w.time}) : null];
      return w.id ? btn(cls, null, w, kids) : h("p", {cls: cls}, kids);
    },
    "incoming-call": function (w) {
      var p = w.parts || {};
      return h("div", {cls: "ps-call"}, [h("p", {cls: "ps-call-label", text: w.label || S.incomingCall}), h("p", {cls: "ps-call-name", text: w.caller}),
        w.number ? h("p", {text: w.number}) : null,
        h("div", {cls: "ps-call-actions"}, [
          target(h("button", {type: "button", cls: "ps-round ps-decline"}, [h("span", {"aria-hidden": "true", text: "✆"}), h("span", {text: S.decline})]), {actions: ["tap"]}, p.decline),
          target(h("button", {type: "button", cls: "ps-round ps-accept"}, [h("span", {"aria-hidden": "true", text: "✆"}), h("span", {text: S.accept})]), {actions: ["tap"]}, p.accept)])]);
    },
    "notification": function (w) {
      var kids = [h("small", {text: w.app || ""}), h("strong", {text: w.title}), w.text ? h("span", {text: w.text}) : null];
      return w.id ? btn("ps-note ps-swipe", null, w, kids) : h("div", {cls: "ps-note"}, kids);
    },
    "dialog": function (w) {
      var box = h("div", {cls: "ps-dialog", role: "group", "aria-label": w.title || ""}, [w.title ? h("p", {cls: "ps-dialog-title", text: w.title}) : null]);
      (w.children || []).forEach(function (c) { box.appendChild(widget(c)); });
      return box;
    },
    "qr": function (w) {
      var info = [w.label, w.payee, w.bank, w.account, w.amount].filter(Boolean);
      var kids = [qrSvg(info.join("|")), h("span", {cls: "ps-qr-info"}, info.map(function (t) { return h("span", {text: t}); }))];
      return w.id ? btn("ps-qr", null, w, kids) : h("div", {cls: "ps-qr"}, kids);
    },
    "camera": function (w) {
      var kids = (w.children || []).map(widget).concat([h("span", {cls: "ps-shutter", text: w.label || S.scan})]);
      return btn("ps-camera", null, w, kids);
    },
    "web-page": function (w) {
      var p = w.parts || {};
      var box = h("div", {cls: "ps-web"}, [h("div", {cls: "ps-address"}, [
        h("span", {cls: w.secure === "true" ? "ps-lock" : "ps-unlock", title: w.secure === "true" ? S.secure : S.notSecure, text: w.secure === "true" ? "🔒" : "⚠"}),
        field({actions: ["type"]}, p.address, S.address, "url", w.url, null, null, true)])]);
      (w.children || []).forEach(function (c) { box.appendChild(widget(c)); });
      if (w.id) { target(box, w, w.id); box.tabIndex = 0; }
      return box;
    }
  };
  function widget(w) { return (draw[w.type] || function () { return h("div"); })(w); }
  function fmt(n) { return Number(n).toLocaleString(lang); }
  function icon(name) {
    /* Scenario icon names are words for authors; the learner sees a picture (an unknown name shows nothing). */
    if (!name) { return null; }
    if (name === "wifi") { return h("span", {cls: "ps-icon", "aria-hidden": "true"}, [wifiIcon()]); }
    return ICONS[name] ? h("span", {cls: "ps-icon", "aria-hidden": "true", text: ICONS[name]}) : null;
  }
  function wifiIcon() {
    var span = h("span", {cls: "ps-wifi", role: "img", "aria-label": "Wi-Fi"});
    span.innerHTML = '<svg viewBox="0 0 24 24" width="1.1em" height="1.1em" aria-hidden="true" focusable="false"><path fill="currentColor" ' +
      'd="M12 20.5a2 2 0 1 0 0-4 2 2 0 0 0 0 4zM4.9 12.9l1.6 1.6a7.8 7.8 0 0 1 11 0l1.6-1.6a10 10 0 0 0-14.2 0zM1.4 9.4 3 11a12.7 12.7 0 0 1 18 0l1.6-1.6a15 15 0 0 0-21.2 0z"/></svg>';
    return span;
  }
  function field(w, id, label, kind, value, placeholder, submit, compact) {
    var types = {number: "text", phone: "tel", password: "password", email: "email", url: "url"};
    var typed = id && kept[id] !== undefined ? kept[id] : value;
    var input = h("input", {type: types[kind] || "text", value: typed || null, placeholder: placeholder || null,
      inputmode: kind === "number" ? "numeric" : null, autocomplete: "off", readonly: !id, "aria-label": label});
    var eye = kind === "password" ? eyeButton(input) : null;
    /* novalidate: the server checks what was typed; the browser's own check would stop "abc.gov.vn" in an
       address bar with an English pop-up before the learner's answer is even sent. */
    var form = h("form", {cls: compact ? "ps-field ps-compact" : "ps-field", novalidate: true}, [compact ? null : h("label", {text: label}), h("div", {cls: "ps-field-row"}, [input, eye,
      id ? h("button", {type: "submit", cls: "ps-btn ps-primary ps-ok", text: submit || S.ok}) : null])]);
    if (id) {
      target(form, w, id);
      form.addEventListener("submit", function (e) { e.preventDefault(); kept[id] = input.value; act(id, "type", input.value); });
    }
    return form;
  }
  function formWidget(w) {
    /* Several fields sent together with the submit button; every action on the screen also reports them
       (formValues), so a learner who goes Back and returns finds them as left. */
    var form = h("form", {cls: "ps-form", novalidate: true, "aria-label": w.title || null},
      [w.title ? h("p", {cls: "ps-form-title", text: w.title}) : null]);
    (w.children || []).forEach(function (c) { form.appendChild(c.type === "field" ? formField(c) : widget(c)); });
    if (w.id) {
      form.appendChild(h("button", {type: "submit", cls: "ps-btn ps-primary ps-submit", text: w.submit || S.send}));
      target(form, w, w.id);
      form.addEventListener("submit", function (e) { e.preventDefault(); act(w.id, "submit"); });
    }
    return form;
  }
  function formField(f) {
    var id = uid + "-f-" + f.name, err = h("p", {cls: "ps-field-error", id: id + "-err", hidden: true});
    if (f.kind === "choice") {
      var set = h("fieldset", {cls: "ps-choices", "data-field": f.name, "aria-describedby": err.id}, [h("legend", {text: f.label})]);
      (f.options || []).forEach(function (option, i) {
        var radio = h("input", {type: "radio", name: id, id: id + "-" + i, value: option, disabled: f.readonly});
        radio.checked = f.value === option;
        set.appendChild(h("label", {cls: "ps-radio", "for": radio.id}, [radio, h("span", {text: option})]));
      });
      set.appendChild(err);
      return set;
    }
    var types = {number: "text", phone: "tel", email: "email"};
    var input = h("input", {type: types[f.kind] || "text", id: id, placeholder: f.placeholder || null, autocomplete: "off",
      inputmode: f.kind === "number" ? "numeric" : null, readonly: f.readonly, "data-field": f.name, "aria-describedby": err.id});
    input.value = f.value || "";
    return h("div", {cls: "ps-field ps-form-field"}, [h("label", {"for": id, text: f.label}), input, err]);
  }
  function formValues() {
    /* Editable fields only: a read-only (pre-filled) field is the server's, never the page's. */
    var out = null;
    Array.prototype.forEach.call(screenEl.querySelectorAll("[data-field]"), function (el) {
      var name = el.getAttribute("data-field"), chosen;
      if (el.tagName === "FIELDSET") {
        chosen = el.querySelector("input:checked:not([disabled])");
        if (chosen) { out = out || {}; out[name] = chosen.value; }
      } else if (!el.readOnly) { out = out || {}; out[name] = el.value; }
    });
    return out;
  }
  function markFields(fb) {
    /* A submit's wrong fields: each says what is wrong right under it, and is announced as invalid. */
    ((fb && fb.fields) || []).forEach(function (problem) {
      var box = screenEl.querySelector('[data-field="' + problem.name + '"]');
      if (!box) { return; }
      var err = document.getElementById(box.getAttribute("aria-describedby"));
      var inputs = box.tagName === "FIELDSET" ? box.querySelectorAll("input") : [box];
      Array.prototype.forEach.call(inputs, function (input) { input.setAttribute("aria-invalid", "true"); });
      box.classList.add("ps-invalid");
      if (err) { err.textContent = problem.label + ": " + problem.text; err.hidden = false; }
    });
  }
  function eyeButton(input) {
    /* The eye shows what was typed, as on a real phone. It is the phone's own control, never sent to the server. */
    var eye = h("button", {type: "button", cls: "ps-eye", "aria-pressed": "false", "aria-label": S.showPassword, title: S.showPassword});
    eye.innerHTML = '<svg viewBox="0 0 24 24" width="26" height="26" aria-hidden="true" focusable="false"><path fill="none" stroke="currentColor" stroke-width="2" ' +
      'd="M1.5 12S5.5 5 12 5s10.5 7 10.5 7-4 7-10.5 7S1.5 12 1.5 12z"/><circle cx="12" cy="12" r="3.2" fill="currentColor"/>' +
      '<path class="ps-eye-slash" stroke="currentColor" stroke-width="2.2" d="M3 3l18 18"/></svg>';
    eye.addEventListener("click", function () {
      var show = input.type === "password";
      input.type = show ? "text" : "password";
      eye.setAttribute("aria-pressed", String(show));
      eye.setAttribute("aria-label", show ? S.hidePassword : S.showPassword);
      eye.title = show ? S.hidePassword : S.showPassword;
    });
    return eye;
  }
  function pinPad(w) {
    var len = parseInt(w.length || "6", 10), digits = "";
    var shown = h("p", {cls: "ps-pin-dots", "aria-live": "off", text: ""});
    var pad = h("div", {cls: "ps-pin", role: "group", "aria-label": w.label}, [h("p", {text: w.label}), shown]);
    function paint() { shown.textContent = w.secret === "true" ? "●".repeat(digits.length) + "○".repeat(len - digits.length) : digits + "_".repeat(len - digits.length); }
    function send() { if (digits) { act(w.id, "type", digits); } }  /* kept on screen until the server answers */
    function press(k) {
      if (k === "⌫") { digits = digits.slice(0, -1); } else if (k === "OK") { send(); return; } else if (digits.length < len) { digits += k; }
      paint(); if (digits.length === len) { send(); }
    }
    var grid = h("div", {cls: "ps-keys"});
    ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"].forEach(function (k) {
      var b = h("button", {type: "button", cls: "ps-key", text: k === "OK" ? S.ok : k, "aria-label": k === "⌫" ? S.erase : null, disabled: !w.id});
      b.addEventListener("click", function () { press(k); });
      grid.appendChild(b);
    });
    pad.appendChild(grid); paint();
    pad.addEventListener("keydown", function (e) {
      if (/^[0-9]$/.test(e.key)) { e.preventDefault(); press(e.key); } else if (e.key === "Backspace") { e.preventDefault(); press("⌫"); }
    });
    if (w.id) { pad.setAttribute("data-w", w.id); pad.setAttribute("data-actions", "type"); pad.setAttribute("data-nogesture", "1"); }
    return pad;
  }
  function qrSvg(seed) {
    var n = 21, cells = [], x, y, hash = 2166136261;
    for (x = 0; x < seed.length; x++) { hash = Math.imul(hash ^ seed.charCodeAt(x), 16777619); }
    function finder(cx, cy) { return '<path d="M' + cx + " " + cy + "h7v7h-7z M" + (cx + 1) + " " + (cy + 1) + 'v5h5v-5z" fill-rule="evenodd"/><rect x="' + (cx + 2) + '" y="' + (cy + 2) + '" width="3" height="3"/>'; }
    for (y = 0; y < n; y++) {
      for (x = 0; x < n; x++) {
        if ((x < 8 && y < 8) || (x > 12 && y < 8) || (x < 8 && y > 12)) { continue; }
        hash = Math.imul(hash ^ (x * 31 + y), 16777619);
        if ((hash >>> 16) & 1) { cells.push("M" + x + " " + y + "h1v1h-1z"); }
      }
    }
    var span = h("span", {cls: "ps-qr-code", "aria-hidden": "true"});
    span.innerHTML = '<svg viewBox="-1 -1 23 23" width="96" height="96"><rect x="-1" y="-1" width="23" height="23" fill="#fff"/><g fill="#111">' +
      finder(0, 0) + finder(14, 0) + finder(0, 14) + '<path d="' + cells.join("") + '"/></g></svg>';
    return span;
  }

  /* Gestures: tolerant taps, holds and swipes; keyboard equivalents ------------------------ */
  /* A hold is timed between the finger's own events (their timeStamp, taken when the screen saw them), not when
     a busy page got round to handling them: a slow phone must not turn a quick tap into a hold. */
  var down = null, swallowClick = false;
  function gestureTarget(e) { var el = e.target.closest && e.target.closest("[data-w]"); return el && !el.hasAttribute("data-nogesture") && el.tagName !== "FORM" && el.tagName !== "INPUT" ? el : null; }
  function accepts(el, kind) { return (" " + el.getAttribute("data-actions") + " ").indexOf(" " + kind + " ") >= 0; }
  screenEl.addEventListener("pointerdown", function (e) {
    var el = gestureTarget(e);
    down = el && (e.pointerType !== "mouse" || e.button === 0) ? {el: el, x: e.clientX, y: e.clientY, t: e.timeStamp, id: e.pointerId} : null;
    /* Capture: a drag that ends outside the phone (a teacher's mouse at the projector) still ends here. */
    if (down && el.setPointerCapture) { try { el.setPointerCapture(e.pointerId); } catch (err) { /* already gone */ } }
  });
  screenEl.addEventListener("pointercancel", function () { down = null; });
  screenEl.addEventListener("contextmenu", function (e) { if (gestureTarget(e)) { e.preventDefault(); } });
  screenEl.addEventListener("pointerup", function (e) {
    if (!down) { return; }
    var d = down, dx = e.clientX - d.x, dy = e.clientY - d.y, dist = Math.sqrt(dx * dx + dy * dy), held = e.timeStamp - d.t;
    down = null; swallowClick = true; setTimeout(function () { swallowClick = false; }, 400);
    var id = d.el.getAttribute("data-w");
    if (dist > SWIPE_MIN && (accepts(d.el, "swipe") || accepts(d.el, "scroll"))) {
      var dir = Math.abs(dx) > Math.abs(dy) ? (dx > 0 ? "right" : "left") : (dy > 0 ? "down" : "up");
      if (!accepts(d.el, "swipe") && d.el.scrollBy) { d.el.scrollBy(-dx, -dy); }  /* a finger scroll moves the content too */
      act(id, accepts(d.el, "swipe") ? "swipe" : "scroll", dir); return;
    }
    if (dist > TAP_SLOP * 2 || !(accepts(d.el, "tap") || accepts(d.el, "long-press"))) { return; }
    act(id, held >= HOLD_MS && accepts(d.el, "long-press") ? "long-press" : "tap");
  });
  screenEl.addEventListener("click", function (e) {
    var el = gestureTarget(e);
    if (!el) { return; }
    e.preventDefault();
    if (swallowClick) { swallowClick = false; return; }
    if (accepts(el, "tap") || accepts(el, "long-press")) { act(el.getAttribute("data-w"), "tap"); }
  });
  screenEl.addEventListener("keydown", function (e) {
    var el = gestureTarget(e);
    if (!el) { return; }
    var arrows = {ArrowUp: "up", ArrowDown: "down", ArrowLeft: "left", ArrowRight: "right", PageUp: "up", PageDown: "down"};
    if (((e.key === "Enter" && e.shiftKey) || e.key === "ContextMenu") && accepts(el, "long-press")) {
      e.preventDefault(); act(el.getAttribute("data-w"), "long-press");
    } else if (arrows[e.key] && (accepts(el, "swipe") || accepts(el, "scroll"))) {
      e.preventDefault(); act(el.getAttribute("data-w"), accepts(el, "swipe") ? "swipe" : "scroll", arrows[e.key]);
    } else if ((e.key === "Enter" || e.key === " ") && el.tagName !== "BUTTON") {
      e.preventDefault(); act(el.getAttribute("data-w"), "tap");
    }
  });

  /* "Làm theo tôi" (course staff only) lives in phone_sim_projector.js, which the block adds for staff alone. */
  var P = window.PhoneSimProjector;
  if (data.projector && P) {
    P(data.projector, {h: h, S: S, data: data, root: root, uid: uid, bar: bar, fill: fill, num: num, say: say,
      showFrame: showFrame, stopWatch: function () { clearTimeout(watchTimer); ask.hidden = true; },
      render: function () { render(view); }});
  }
  if (data.preview) {
    /* Studio's preview (studio.js): the same drawing, no modes, never graded, nothing sent to the server. */
    bar.hidden = true;
    return {show: function (screen) { drawScreen(screen, false); setTask(screen.task || screen.title || ""); }};
  }
  if (!data.projectorOnly) { render(view); }
}
