/* The demo site's XBlock runtime (version 1) without jQuery: what our blocks use of it, nothing more.
   The workbench's own runtime needs jQuery (about 100 KB) and reads page globals from an inline script;
   this one reads the handler base and the learner from <body data-...> attributes (CSP-safe). */
(function () {
  "use strict";
  var body = document.body;

  function data(element, name) {
    return element.getAttribute("data-" + name);
  }

  var runtime = {
    handlerUrl: function (element, handlerName, suffix, query) {
      var base = body.getAttribute("data-handler-base");
      var selector = data(element, "url_selector");
      if (selector && window[selector]) { base = window[selector]; }
      var url = base + data(element, "usage") + "/" + handlerName + "/" + (suffix || "");
      var student = body.getAttribute("data-student");
      var params = [];
      if (student) { params.push("student=" + encodeURIComponent(student)); }
      if (query) { params.push(query); }
      return params.length ? url + "?" + params.join("&") : url;
    },
    children: function (element) { return element.xblockChildren || []; },
    childMap: function (element, name) {
      return this.children(element).filter(function (child) { return child.name === name; })[0];
    },
    notify: function () {}
  };

  function blocksBelow(element) {
    var found = [];
    Array.prototype.forEach.call(element.children, function (child) {
      if (child.classList.contains("xblock-v1")) { found.push(child); } else { found = found.concat(blocksBelow(child)); }
    });
    return found;
  }

  function initialize(element) {
    element.xblockChildren = blocksBelow(element).map(initialize);
    var init = window[data(element, "init")];
    if (data(element, "runtime-version") !== "1" || typeof init !== "function") { return null; }
    var args = {};
    var script = element.querySelector(":scope > .xblock_json_init_args");
    if (script && script.textContent) { args = JSON.parse(script.textContent); }
    var block = new init(runtime, element, args) || {};
    block.element = element;
    block.name = data(element, "name");
    return block;
  }

  function start() {
    if (window.hocvusoRuntimeStarted) { return; }
    window.hocvusoRuntimeStarted = true;
    blocksBelow(body).forEach(initialize);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
