/* unveil survey leaderboard: sort, filter and page the rows of data/rows.js.
   Release text is untrusted: it is only ever written with textContent, and links are the site's own
   generated paths. No network, no storage, no eval. */
(function () {
  "use strict";
  var script = document.currentScript;
  var site = window.UNVEIL_SITE || { columns: [], rows: [] };
  var pageSize = parseInt(script.getAttribute("data-page-size"), 10) || 100;
  var keys = site.columns.map(function (c) { return c[0]; });
  var numeric = site.columns.map(function (c) { return c[2] === "num"; });
  var PAGE = keys.length; // each row: the columns' values, then its page's path
  var rows = site.rows;
  var text = rows.map(function (r) { return r.slice(0, PAGE).join(" \u0001 ").toLowerCase(); });
  var col = function (k) { return keys.indexOf(k); };
  var HIGH = [col("critical"), col("high")];
  var facets = Array.prototype.slice.call(document.querySelectorAll("select[data-key]"));
  var filterBox = document.getElementById("filter");
  var onlyHigh = document.getElementById("only-high");
  var status = document.getElementById("status");
  var prev = document.getElementById("prev");
  var next = document.getElementById("next");
  var body = document.querySelector("#board tbody");
  var view = [];
  var page = 0;
  var sortAt = -1;
  var sortDir = 1;
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

  function compare(a, b) {
    var x = rows[a][sortAt], y = rows[b][sortAt];
    if (x === null || x === undefined) { return (y === null || y === undefined) ? a - b : 1; }
    if (y === null || y === undefined) { return -1; }
    var c = numeric[sortAt] ? x - y : collator.compare(String(x), String(y));
    return c === 0 ? a - b : c * sortDir;
  }

  function apply() {
    var needle = filterBox.value.trim().toLowerCase();
    var wanted = facets.map(function (s) { return [col(s.getAttribute("data-key")), s.value]; })
      .filter(function (f) { return f[1] !== ""; });
    view = [];
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      if (needle && text[i].indexOf(needle) < 0) { continue; }
      if (wanted.some(function (f) { return String(r[f[0]]) !== f[1]; })) { continue; }
      if (onlyHigh.checked && !((r[HIGH[0]] || 0) + (r[HIGH[1]] || 0) > 0)) { continue; }
      view.push(i);
    }
    if (sortAt >= 0) { view.sort(compare); }
    page = 0;
    render();
  }

  function cell(value, index) {
    var td = document.createElement("td");
    if (numeric[index]) { td.className = "n"; }
    td.textContent = value === null || value === undefined ? "-" : String(value);
    return td;
  }

  function render() {
    var pages = Math.max(1, Math.ceil(view.length / pageSize));
    page = Math.min(Math.max(0, page), pages - 1);
    var start = page * pageSize, end = Math.min(view.length, start + pageSize);
    var fragment = document.createDocumentFragment();
    for (var i = start; i < end; i++) {
      var r = rows[view[i]];
      var tr = document.createElement("tr");
      for (var c = 0; c < PAGE; c++) {
        var td = cell(r[c], c);
        if (c === 0) {
          var a = document.createElement("a");
          a.setAttribute("href", r[PAGE]);
          a.textContent = td.textContent;
          td.textContent = "";
          td.appendChild(a);
        }
        tr.appendChild(td);
      }
      fragment.appendChild(tr);
    }
    body.replaceChildren(fragment);
    status.textContent = view.length
      ? "rows " + (start + 1) + "–" + end + " of " + view.length +
        (view.length < rows.length ? " (filtered from " + rows.length + ")" : "") + " · page " + (page + 1) + " of " + pages
      : "no release matches (of " + rows.length + ")";
    status.setAttribute("data-shown", String(end - start));
    status.setAttribute("data-matches", String(view.length));
    status.setAttribute("data-page", String(page + 1));
    status.setAttribute("data-pages", String(pages));
    prev.disabled = page === 0;
    next.disabled = page >= pages - 1;
  }

  Array.prototype.forEach.call(document.querySelectorAll("#board th"), function (th, index) {
    th.querySelector("button").addEventListener("click", function () {
      sortDir = sortAt === index ? -sortDir : 1;
      sortAt = index;
      Array.prototype.forEach.call(document.querySelectorAll("#board th"), function (other) {
        other.removeAttribute("aria-sort");
      });
      th.setAttribute("aria-sort", sortDir > 0 ? "ascending" : "descending");
      view.sort(compare);
      page = 0;
      render();
    });
  });
  filterBox.addEventListener("input", apply);
  onlyHigh.addEventListener("change", apply);
  facets.forEach(function (s) { s.addEventListener("change", apply); });
  prev.addEventListener("click", function () { page -= 1; render(); });
  next.addEventListener("click", function () { page += 1; render(); });
  apply();
}());
