// jianbao default theme: small progressive enhancements. Every page works without this file.
(function () {
  "use strict";
  // Opened from the file system, a link to a folder shows a listing: point it at index.html.
  if (location.protocol === "file:") {
    document.querySelectorAll("a[href]").forEach(function (a) {
      var href = a.getAttribute("href");
      if (/^[a-z]+:/i.test(href) || href.charAt(0) === "#") return;
      var parts = href.split("#");
      if (parts[0] === "" || parts[0].slice(-1) === "/") { parts[0] += "index.html"; a.setAttribute("href", parts.join("#")); }
    });
  }
  // A printed report shows every data table, even the collapsed ones.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.dataset.wasOpen = d.open; d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = d.dataset.wasOpen === "true"; });
  });

  // Figures table: sort by a column, filter by category and place.
  var table = document.getElementById("figure-table");
  var form = document.getElementById("figure-filters");
  if (!table || !form) return;
  form.hidden = false;
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var category = document.getElementById("filter-category");
  var place = document.getElementById("filter-place");
  var count = document.getElementById("filter-count");
  function filter() {
    var shown = 0;
    rows.forEach(function (r) {
      var ok = (!category.value || r.dataset.category === category.value) && (!place.value || r.dataset.place === place.value);
      r.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = "显示 " + shown + " / " + rows.length + " 个数字";
  }
  // A category's page links here with ?category=CODE (and ?place=NAME works too).
  var params = new URLSearchParams(location.search);
  [[category, "category"], [place, "place"]].forEach(function (pair) {
    var wanted = params.get(pair[1]);
    if (wanted && Array.prototype.some.call(pair[0].options, function (o) { return o.value === wanted; })) pair[0].value = wanted;
  });
  category.addEventListener("change", filter);
  place.addEventListener("change", filter);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  headers.forEach(function (th, col) {
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = th.textContent;
    th.textContent = "";
    th.appendChild(button);
    button.addEventListener("click", function () {
      var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
      headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", dir);
      var numeric = th.dataset.sort === "number";
      var key = function (r) {
        var cell = r.cells[col];
        return numeric ? parseFloat(cell.dataset.value || cell.textContent) : cell.textContent.trim();
      };
      var sorted = rows.slice().sort(function (a, b) {
        var x = key(a), y = key(b);
        var c = numeric ? x - y : x.localeCompare(y, "zh-CN");
        return dir === "ascending" ? c : -c;
      });
      sorted.forEach(function (r) { tbody.appendChild(r); });
    });
  });
  filter();
})();
