/* search.js: the search page (search.html). The index is a script that
   sets window.evalbookSearch: docs, a list of pages (i id, t title, k kind,
   u path, s snippet), and words, the other distinct words of the pages as
   an inverted list ("word:ids;..." with the ids as base-36 differences),
   which expand turns into each page's w; MiniSearch
   (vendor/minisearch.js, unmodified) indexes it here. Results are built with
   textContent and <mark> elements only, so no text from the index is ever
   read as HTML. Keys: / focuses the box (keys.js, as on every page), ArrowDown and ArrowUp move through
   the results, Enter opens the selected one (the first when none is). */
(function () {
  "use strict";
  var MAX = 20;

  function expand(index) {
    /* Returns index.docs, each with w: its words, space-separated. */
    var docs = index.docs;
    var words = docs.map(function () { return []; });
    if (index.words) {
      index.words.split(";").forEach(function (e) {
        var c = e.indexOf(":"), w = e.slice(0, c), id = 0;
        e.slice(c + 1).split(",").forEach(function (x) {
          id += parseInt(x, 36);
          words[id].push(w);
        });
      });
    }
    docs.forEach(function (d, n) { d.w = words[n].join(" "); });
    return docs;
  }

  function start() {
    var box = document.getElementById("search-q");
    var list = document.getElementById("search-results");
    var status = document.getElementById("search-status");
    var index = window.evalbookSearch;
    if (!box || !list || !index || !index.docs || typeof MiniSearch === "undefined") {
      if (status) { status.textContent = "The search index could not be loaded."; }
      return;
    }
    var docs = expand(index);
    var byId = {};
    docs.forEach(function (d) { byId[d.i] = d; });
    var ms = new MiniSearch({
      idField: "i",
      fields: ["t", "s", "w"],
      storeFields: [],
      searchOptions: { boost: { t: 3, s: 1.5 }, prefix: true, fuzzy: 0.2, combineWith: "AND" }
    });
    ms.addAll(docs);
    var active = -1;

    function mark(parent, text, terms) {
      /* Writes text into parent with every occurrence of a term marked. */
      var lower = text.toLowerCase();
      var pos = 0;
      while (pos < text.length) {
        var best = -1, len = 0;
        terms.forEach(function (t) {
          var k = lower.indexOf(t, pos);
          if (k >= 0 && (best < 0 || k < best || (k === best && t.length > len))) { best = k; len = t.length; }
        });
        if (best < 0) { break; }
        parent.appendChild(document.createTextNode(text.slice(pos, best)));
        var m = document.createElement("mark");
        m.textContent = text.slice(best, best + len);
        parent.appendChild(m);
        pos = best + len;
      }
      parent.appendChild(document.createTextNode(text.slice(pos)));
    }

    function snippet(p, d, terms) {
      var lower = d.s.toLowerCase();
      var first = -1;
      terms.forEach(function (t) {
        var k = lower.indexOf(t);
        if (k >= 0 && (first < 0 || k < first)) { first = k; }
      });
      if (first >= 0 || terms.length === 0) {
        mark(p, d.s, terms);
        return;
      }
      /* The match is beyond the snippet: show its start, then the words. */
      p.appendChild(document.createTextNode(d.s.slice(0, 100).replace(/\s+\S*$/, "") + " … "));
      var words = d.w.split(" ").filter(function (w) {
        return terms.some(function (t) { return w.indexOf(t) === 0; });
      }).slice(0, 5);
      words.forEach(function (w, n) {
        if (n > 0) { p.appendChild(document.createTextNode(", ")); }
        var m = document.createElement("mark");
        m.textContent = w;
        p.appendChild(m);
      });
      p.appendChild(document.createTextNode(" …"));
    }

    function select(n) {
      var items = list.querySelectorAll("li");
      if (items.length === 0) { active = -1; return; }
      active = (n + items.length) % items.length;
      items.forEach(function (li, k) { li.classList.toggle("active", k === active); });
      items[active].querySelector("a").focus();
    }

    function run() {
      var q = box.value.trim();
      list.textContent = "";
      active = -1;
      if (q === "") { status.textContent = ""; return; }
      var hits = ms.search(q);
      if (hits.length === 0) { hits = ms.search(q, { combineWith: "OR" }); }
      status.textContent = hits.length === 0 ? "No page matches “" + q + "”." :
        hits.length + (hits.length === 1 ? " page matches" : " pages match") + (hits.length > MAX ? "; the first " + MAX + " are shown." : ".");
      hits.slice(0, MAX).forEach(function (h) {
        var d = byId[h.id];
        var terms = h.terms.map(function (t) { return t.toLowerCase(); });
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = d.u;
        a.className = "result-title";
        mark(a, d.t, terms);
        var kind = document.createElement("span");
        kind.className = "tag result-kind";
        kind.textContent = d.k;
        var p = document.createElement("p");
        p.className = "result-snippet";
        snippet(p, d, terms);
        li.appendChild(a);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(kind);
        li.appendChild(p);
        list.appendChild(li);
      });
    }

    var timer = null;
    box.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        run();
        var u = new URL(location.href);
        if (box.value) { u.searchParams.set("q", box.value); } else { u.searchParams.delete("q"); }
        try { history.replaceState(null, "", u.href); } catch (e) { /* file:// may refuse */ }
      }, 60);
    });
    box.form.addEventListener("submit", function (e) {
      e.preventDefault();
      clearTimeout(timer);
      run();
      var first = list.querySelector("a");
      if (first) { location.href = first.href; }
    });
    document.addEventListener("keydown", function (e) {
      var t = e.target;
      if (e.key === "ArrowDown" && (t === box || list.contains(t))) {
        e.preventDefault();
        select(t === box ? 0 : active + 1);
      } else if (e.key === "ArrowUp" && list.contains(t)) {
        e.preventDefault();
        if (active <= 0) { active = -1; box.focus(); list.querySelectorAll("li").forEach(function (li) { li.classList.remove("active"); }); }
        else { select(active - 1); }
      }
    });
    var q = new URLSearchParams(location.search).get("q");
    if (q) { box.value = q; run(); }
    box.focus();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
