// alerts.js: the filters of the alerts page. Plain DOM, no fetch, so it
// works from file://. Every alert element carries data-iteration, data-kind
// and data-severity; every element with data-alerts holds alerts and is
// hidden when none of them matches. The filter state lives in the URL hash
// (#iteration=v5&kind=reliability&severity=error; "iteration=" is the
// alerts about no iteration), so a filtered view can be linked. Without
// this script the form stays hidden and every alert is shown.
(function () {
  "use strict";
  var form = document.querySelector("form.alert-filters");
  var status = document.getElementById("alert-count");
  if (!form || !status) {
    return;
  }
  var fields = ["iteration", "kind", "severity"];
  var alerts = Array.prototype.slice.call(document.querySelectorAll("[data-severity]"));
  // Deepest containers first, so a container sees its children's state.
  var boxes = Array.prototype.slice.call(document.querySelectorAll("[data-alerts]")).reverse();
  var folds = Array.prototype.slice.call(document.querySelectorAll("details"));
  var wasOpen = folds.map(function (d) { return d.open; });
  // Counts by severity in headings and summaries, with their text as built.
  var counts = Array.prototype.slice.call(document.querySelectorAll("[data-counts]"));
  var builtText = counts.map(function (c) { return c.textContent; });
  var severities = ["error", "warning", "info"];

  function plural(n) {
    return n === 1 ? "alert" : "alerts";
  }

  // severityText reads the shown alerts within box by severity, as the page
  // does: "2 errors, 1 warning, 3 info".
  function severityText(box) {
    var n = { error: 0, warning: 0, info: 0 };
    alerts.forEach(function (a) {
      if (!a.hidden && box.contains(a)) {
        n[a.getAttribute("data-severity")]++;
      }
    });
    var total = 0;
    var parts = [];
    severities.forEach(function (s) {
      total += n[s];
      if (n[s] > 0) {
        parts.push(n[s] + " " + s + (n[s] > 1 && s !== "info" ? "s" : ""));
      }
    });
    return { total: total, text: parts.join(", ") };
  }

  // choice returns the filter state of the form: field -> value, for the
  // fields not set to "all".
  function choice() {
    var s = {};
    fields.forEach(function (f) {
      var v = form.elements[f].value;
      if (v !== "*") {
        s[f] = v;
      }
    });
    return s;
  }

  function apply(s) {
    var active = Object.keys(s).length > 0;
    var shown = 0;
    alerts.forEach(function (a) {
      var ok = fields.every(function (f) {
        return !(f in s) || a.getAttribute("data-" + f) === s[f];
      });
      a.hidden = !ok;
      if (ok) {
        shown++;
      }
    });
    boxes.forEach(function (b) {
      var any = false;
      for (var i = 0; i < alerts.length; i++) {
        if (!alerts[i].hidden && b.contains(alerts[i])) {
          any = true;
          break;
        }
      }
      b.hidden = !any;
    });
    // A filtered view opens the folds that hold what it shows; showing all
    // again restores them as the page had them.
    folds.forEach(function (d, i) {
      d.open = active ? !d.hidden : wasOpen[i];
    });
    counts.forEach(function (c, i) {
      var box = c.closest("[data-alerts]");
      if (!active || !box) {
        c.textContent = builtText[i];
        return;
      }
      var r = severityText(box);
      c.textContent = c.getAttribute("data-counts") === "total"
        ? r.total + " " + plural(r.total) + " shown: " + r.text
        : r.text + " shown";
    });
    status.textContent = active
      ? "Showing " + shown + " of " + alerts.length + " " + plural(alerts.length) + "."
      : "Showing all " + alerts.length + " " + plural(alerts.length) + ".";
  }

  function toHash(s) {
    var parts = fields.filter(function (f) { return f in s; }).map(function (f) {
      return f + "=" + encodeURIComponent(s[f]);
    });
    var url = location.pathname + location.search + (parts.length ? "#" + parts.join("&") : "");
    try {
      history.replaceState(null, "", url);
    } catch (e) {
      location.hash = parts.join("&");
    }
  }

  function fromHash() {
    var s = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (kv) {
      var i = kv.indexOf("=");
      if (i < 0) {
        return;
      }
      var f = kv.slice(0, i);
      var v;
      try {
        v = decodeURIComponent(kv.slice(i + 1));
      } catch (e) {
        return;
      }
      var sel = form.elements[f];
      if (fields.indexOf(f) >= 0 && sel && Array.prototype.some.call(sel.options, function (o) { return o.value === v; })) {
        s[f] = v;
      }
    });
    fields.forEach(function (f) {
      form.elements[f].value = f in s ? s[f] : "*";
    });
    return s;
  }

  form.addEventListener("change", function () {
    var s = choice();
    toHash(s);
    apply(s);
  });
  form.addEventListener("reset", function () {
    // The form resets its selects after this event; read the state then.
    setTimeout(function () {
      toHash({});
      apply({});
    }, 0);
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
  });
  window.addEventListener("hashchange", function () {
    apply(fromHash());
  });
  form.hidden = false;
  apply(fromHash());
})();
