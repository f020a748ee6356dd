/* phone_sim "Làm theo tôi" (course staff only): added to the page by the block for staff alone, so learners
   never download it. It registers window.PhoneSimProjector; phone_sim.js calls it when it is present and
   the page carries a walk-through, passing what it needs from the learner view (`ps`).
   The watch-mode frames shown large, one step per key press or clicker button, beside a big caption.
   It calls no handler: nothing is scored, saved or spent. */
window.PhoneSimProjector = function (model, ps) {
  "use strict";
  var h = ps.h, S = ps.S, data = ps.data, root = ps.root;
  var steps = model.steps || [], index = 0, open = false, opener = null, openedFull = false;
  var counter = h("p", {cls: "ps-pj-count"}), task = h("p", {cls: "ps-pj-task"}), caption = h("p", {cls: "ps-pj-caption"});
  var said = h("p", {cls: "ps-sr", role: "status", "aria-live": "polite"});
  var prev = h("button", {type: "button", cls: "ps-pj-btn", "aria-keyshortcuts": "ArrowLeft PageUp"},
    [h("span", {"aria-hidden": "true", text: "← "}), S.previous]);
  var next = h("button", {type: "button", cls: "ps-pj-btn ps-primary", "aria-keyshortcuts": "ArrowRight PageDown Space"},
    [S.next, h("span", {"aria-hidden": "true", text: " →"})]);
  var full = data.projectorOnly && root.requestFullscreen ? h("button", {type: "button", cls: "ps-pj-btn", "aria-pressed": "false", text: S.fullScreen}) : null;
  var close = data.projectorOnly ? null : h("button", {type: "button", cls: "ps-pj-btn", text: S.close});
  var panel = h("section", {cls: "ps-pj-panel", tabindex: "-1", "aria-label": S.projector, hidden: true}, [
    h("p", {cls: "ps-pj-title", text: model.title || ""}), counter, task, caption,
    h("div", {cls: "ps-pj-buttons"}, [prev, next, full, close]),
    h("p", {cls: "ps-pj-keys", text: S.projectorKeys}), h("p", {cls: "ps-pj-note", text: S.projectorNotScored}), said]);
  root.appendChild(panel);

  function show(i) {
    index = Math.max(0, Math.min(steps.length - 1, i));
    var step = steps[index], text = ps.showFrame(step) || S.projectorDone, goal = step.screen.task || "";
    var count = ps.fill(S.stepCount, {number: ps.num(index + 1), total: ps.num(steps.length)});
    counter.textContent = count; caption.textContent = text;
    task.textContent = goal && goal !== text ? S.task + ": " + goal : ""; task.hidden = !task.textContent;
    prev.setAttribute("aria-disabled", String(index === 0));
    next.setAttribute("aria-disabled", String(index === steps.length - 1));
    said.textContent = count + ". " + text; ps.say(text);
  }
  function start(from) {
    if (!steps.length) { return; }
    open = true; opener = from || null; ps.stopWatch();
    root.classList.add("ps-projecting"); panel.hidden = false;
    if (from && root.requestFullscreen) {  /* the LMS shows a unit in a frame: full screen is the whole screen */
      root.requestFullscreen().then(function () { openedFull = true; }, function () { openedFull = false; });
    }
    show(0); panel.focus({preventScroll: true});
  }
  function stop() {
    open = false; root.classList.remove("ps-projecting"); panel.hidden = true;
    if (openedFull && document.fullscreenElement === root) { document.exitFullscreen().catch(function () {}); }
    openedFull = false; ps.render();
    if (opener) { opener.focus(); }
  }
  prev.addEventListener("click", function () { show(index - 1); });
  next.addEventListener("click", function () { show(index + 1); });
  if (close) { close.addEventListener("click", stop); }
  if (full) { full.addEventListener("click", function () { if (document.fullscreenElement) { document.exitFullscreen(); } else { root.requestFullscreen().catch(function () {}); } }); }
  document.addEventListener("fullscreenchange", function () {
    if (full) { full.setAttribute("aria-pressed", String(document.fullscreenElement === root)); }
    if (open && openedFull && document.fullscreenElement !== root) { stop(); }  /* Esc left full screen */
  });
  document.addEventListener("keydown", function (e) {
    if (!open || e.altKey || e.ctrlKey || e.metaKey) { return; }
    /* Clickers send Page Down / Page Up (some send arrows or Space); a focused button keeps Space and Enter. */
    var onControl = e.target && e.target.closest && e.target.closest("button, a, input, select, textarea");
    var key = e.key === " " || e.key === "Spacebar" ? (onControl ? null : e.shiftKey ? "back" : "next") :
      {ArrowRight: "next", PageDown: "next", ArrowLeft: "back", PageUp: "back", Home: "first", End: "last", Escape: "close"}[e.key];
    if (!key || (key === "close" && !close)) { return; }
    e.preventDefault();
    if (key === "close") { stop(); } else {
      show({next: index + 1, back: index - 1, first: 0, last: steps.length - 1}[key]);
    }
  });
  if (data.projectorOnly) { start(null); return; }
  var about = ps.uid + "-projector-about";
  var openBtn = h("button", {type: "button", cls: "ps-tool ps-pj-open", text: S.projector, "aria-describedby": about});
  openBtn.addEventListener("click", function () { start(openBtn); });
  ps.bar.appendChild(openBtn); ps.bar.appendChild(h("span", {cls: "ps-sr", id: about, text: S.projectorAbout}));
};
