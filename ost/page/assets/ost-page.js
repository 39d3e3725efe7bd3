/* The companion page's only script: a filter box and a Korean/English name switch.
   The page is whole without it; this only hides songs and picks which names show. */
(function () {
  "use strict";
  var root = document.documentElement;
  var fold = function (s) {
    return s.normalize("NFKC").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
  };
  var setNames = function (value) {
    root.setAttribute("data-names", value);
    try { localStorage.setItem("ost-page-names", value); } catch (e) { /* file:// may refuse */ }
  };
  var saved = null;
  try { saved = localStorage.getItem("ost-page-names"); } catch (e) { /* ignore */ }
  var radios = document.querySelectorAll('input[name="names"]');
  radios.forEach(function (r) {
    if (r.value === saved) { r.checked = true; setNames(saved); }
    r.addEventListener("change", function () { if (r.checked) { setNames(r.value); } });
  });

  var box = document.getElementById("filter");
  var count = document.getElementById("filter-count");
  var whole = count.textContent;  // "12 songs + 4 score", as the page was written
  var songs = Array.prototype.slice.call(document.querySelectorAll("li.song[data-search]"));
  var seasons = document.querySelectorAll("section.season");
  var apply = function () {
    var q = fold(box.value);
    var shown = 0;
    songs.forEach(function (li) {
      var hit = !q || li.getAttribute("data-search").indexOf(q) !== -1;
      li.hidden = !hit;
      var mark = document.getElementById("mark-" + li.id);
      if (mark) { mark.classList.toggle("filtered", !hit); }
      if (hit) { shown += 1; }
    });
    seasons.forEach(function (s) {
      var none = s.querySelector("li.song:not([hidden])") === null;
      s.querySelector(".no-match").hidden = !(q && none);
    });
    count.textContent = q ? shown + " of " + songs.length + " match" : whole;
  };
  box.addEventListener("input", apply);
  document.getElementById("controls").hidden = false;
  if (box.value) { apply(); }
})();
