/* The live class view refreshes itself: every 10 s it asks for the class as JSON and redraws the table's
   rows and the "cần giúp" count, without reloading the page (a teacher's phone keeps its scroll position).
   Text is set with textContent only: names come from learners. */
(function () {
  "use strict";
  var REFRESH_MS = 10000;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function helpText(flag) {
    var why = flag.reason === "mistakes" ? " (" + flag.mistakes + " lần sai)" : " (" + flag.minutes + " phút chưa qua)";
    return "Cần giúp: " + flag.unit + ", bước “" + flag.step + "”" + why;
  }

  function cell(data, row, resetUrl) {
    var td = el("td");
    td.appendChild(el("span", "status " + data.status, data.label));
    td.appendChild(el("span", "cell-detail", "Điểm: " + (data.score === null ? "—" : data.score + "%")));
    td.appendChild(el("span", "cell-detail", "Lỗi: " + data.mistakes + " · Gợi ý: " + data.hints));
    td.appendChild(el("span", "cell-detail", "Lượt còn: " + (data.attempts_left === null ? "—" : data.attempts_left)));
    if (data.attempts_left !== null) {
      data.exercises.forEach(function (block) {
        var link = el("a", "button no-print", "Cấp lại lượt");
        link.href = resetUrl + "?hv=" + row.membership + "&bai_tap=" + encodeURIComponent(block);
        link.appendChild(el("span", "visually-hidden", " cho " + row.name));
        td.appendChild(link);
      });
    }
    return td;
  }

  function draw(region, view) {
    var table = region.querySelector("table");
    var body = el("tbody");
    var resetUrl = region.getAttribute("data-reset-url");
    view.rows.forEach(function (row) {
      var tr = el("tr", row.help.length ? "needs-help" : "");
      tr.setAttribute("data-membership", row.membership);
      var th = el("th", "", row.name);
      th.scope = "row";
      if (row.certified) { th.appendChild(el("span", "certified", " · đã có chứng nhận")); }
      row.help.forEach(function (flag) {
        var span = el("span", "help-flag", helpText(flag));
        span.setAttribute("data-field", "help");
        th.appendChild(span);
      });
      tr.appendChild(th);
      row.cells.forEach(function (data) { tr.appendChild(cell(data, row, resetUrl)); });
      body.appendChild(tr);
    });
    if (!view.rows.length) {
      var empty = el("td", "", "Chưa có học viên nào vào lớp. Đưa mã lớp cho học viên.");
      empty.colSpan = view.units.length + 1;
      body.appendChild(el("tr")).appendChild(empty);
    }
    table.replaceChild(body, table.tBodies[0]);
    var count = document.querySelector("[data-field=needs-help-count]");
    var text = view.needs_help ? view.needs_help + " học viên cần giúp" : "Chưa ai cần giúp";
    if (count.textContent !== text) { count.textContent = text; }
    document.querySelector("[data-field=updated-at]").textContent = view.at.slice(11, 19);
  }

  function refresh(region) {
    fetch(region.getAttribute("data-live-url"), {credentials: "same-origin", headers: {Accept: "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (view) { if (view) { draw(region, view); } })
      .catch(function () { /* offline for a moment: the next refresh tries again */ })
      .then(function () { window.setTimeout(function () { refresh(region); }, REFRESH_MS); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var region = document.getElementById("live-region");
    if (region) { window.setTimeout(function () { refresh(region); }, REFRESH_MS); }
  });
}());
