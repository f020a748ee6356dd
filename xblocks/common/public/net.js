/* hocvuso: the one way both blocks and their Studio editors talk to their handlers (JSON POST with
   Django's CSRF token). Learner pages use a Channel: one request at a time, later ones queued, a
   failed request sent again unchanged (same sequence number, so the server answers it once) until
   the network is back, a busy signal after 300 ms and an offline signal while the network is down. */
(function (global) {
  "use strict";
  if (global.HocvusoNet) { return; }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  /* POST `payload` as JSON; resolves {ok, status, data}. status 0: the request never got an answer. */
  function request(url, payload) {
    return new Promise(function (resolve) {
      var xhr = new XMLHttpRequest(), token = csrfToken();
      xhr.open("POST", url);
      xhr.setRequestHeader("Content-Type", "application/json");
      if (token) { xhr.setRequestHeader("X-CSRFToken", token); }
      xhr.timeout = 30000;
      xhr.onload = function () {
        var data = null;
        try { data = JSON.parse(xhr.responseText); } catch (e) { data = null; }
        resolve({ok: xhr.status >= 200 && xhr.status < 300 && data !== null, status: xhr.status, data: data || {}});
      };
      xhr.onerror = xhr.ontimeout = xhr.onabort = function () { resolve({ok: false, status: 0, data: {}}); };
      xhr.send(JSON.stringify(payload));
    });
  }

  /* Answers worth sending again: none came (offline, timeout) or a gateway between us failed. */
  function lost(result) { return result.status === 0 || result.status === 502 || result.status === 504; }

  /* A learner page's line to its block. options: onBusy(bool), onOffline(bool), busyDelay (ms). */
  function Channel(runtime, element, options) {
    options = options || {};
    var queue = [], running = false, busyTimer = null, offline = false, wake = null;
    var delays = [500, 1000, 2000, 4000, 5000];

    function setOffline(value) {
      if (offline !== value) { offline = value; if (options.onOffline) { options.onOffline(value); } }
    }
    function busy(value) {
      clearTimeout(busyTimer);
      if (value) {
        if (options.onWaiting) { options.onWaiting(true); }
        busyTimer = setTimeout(function () { if (options.onBusy) { options.onBusy(true); } }, options.busyDelay || 300);
      } else {
        if (options.onBusy) { options.onBusy(false); }
        if (options.onWaiting) { options.onWaiting(false); }
      }
    }
    function pause(ms) {
      return new Promise(function (resolve) {
        var timer = setTimeout(done, ms);
        function done() { clearTimeout(timer); global.removeEventListener("online", done); wake = null; resolve(); }
        wake = done;
        global.addEventListener("online", done);
      });
    }
    function attempt(url, payload, tries) {
      return request(url, payload).then(function (result) {
        if (!lost(result)) { setOffline(false); return result; }
        setOffline(true);
        return pause(delays[Math.min(tries, delays.length - 1)]).then(function () { return attempt(url, payload, tries + 1); });
      });
    }
    function next() {
      if (running) { return; }
      var job = queue.shift();
      if (!job) { busy(false); return; }
      var payload = typeof job.payload === "function" ? job.payload() : job.payload;
      if (payload === null) { job.resolve(null); next(); return; }  /* the sender withdrew it */
      running = true;
      attempt(runtime.handlerUrl(element, job.handler), payload, 0).then(function (result) {
        running = false;
        job.resolve(result);
        setTimeout(next, 0);  /* after the caller has handled this answer (e.g. taken its new sequence number) */
      });
    }

    /* Queue a POST. `payload` may be a function, called when its turn comes (null: do not send).
       Resolves {ok, status, data} once an answer arrived (network failures are retried, never returned),
       or null when withdrawn. */
    this.send = function (handler, payload) {
      return new Promise(function (resolve) {
        if (!queue.length && !running) { busy(true); }
        queue.push({handler: handler, payload: payload, resolve: resolve});
        next();
      });
    };
    this.pending = function () { return queue.length + (running ? 1 : 0); };
    this.retryNow = function () { if (wake) { wake(); } };
  }

  global.HocvusoNet = {csrfToken: csrfToken, request: request, Channel: Channel};
})(window);
