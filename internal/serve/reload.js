// evalbook serve's live reload, injected into every page it serves (never
// into a published site). It listens to the server's build events at
// <base>/_evalbook/reload: a good build reloads the page at the same scroll
// position, a failed one shows an overlay with the error over the last good
// page, warnings show as a banner that can be dismissed. Text from the
// build goes in through textContent only.
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me || !window.EventSource) return;
  var streamURL = me.src.replace(/\.js(\?.*)?$/, "");
  var scrollKey = "evalbook-serve-scroll:" + location.pathname + location.search;
  var dismissKey = "evalbook-serve-dismissed";

  var saved = sessionStorage.getItem(scrollKey);
  if (saved) {
    sessionStorage.removeItem(scrollKey);
    var xy = JSON.parse(saved);
    var restore = function () { window.scrollTo(xy[0], xy[1]); };
    restore();
    window.addEventListener("load", restore);
  }

  function el(tag, css, text) {
    var e = document.createElement(tag);
    if (css) e.style.cssText = css;
    if (text) e.textContent = text;
    return e;
  }
  function remove(id) {
    var e = document.getElementById(id);
    if (e) e.remove();
  }
  function closeButton(onclick) {
    var b = el("button", "float:right;font:inherit;font-size:1.2em;background:none;border:0;color:inherit;cursor:pointer", "\u00d7");
    b.type = "button";
    b.setAttribute("aria-label", "Dismiss");
    b.addEventListener("click", onclick);
    return b;
  }
  function hash(s) {
    var h = 5381;
    for (var i = 0; i < s.length; i++) h = (h * 33 + s.charCodeAt(i)) | 0;
    return String(h);
  }

  function overlay(err) {
    remove("evalbook-serve-overlay");
    var o = el("div", "position:fixed;inset:0;z-index:2147483647;background:rgba(0,0,0,.6);overflow:auto;padding:2rem 1rem");
    o.id = "evalbook-serve-overlay";
    o.setAttribute("role", "alertdialog");
    o.setAttribute("aria-label", "Build failed");
    var box = el("div", "max-width:50rem;margin:0 auto;background:#1e1e1e;color:#f3f3f3;border-left:.4rem solid #e5484d;padding:1rem 1.25rem;font:15px/1.5 system-ui,sans-serif");
    box.appendChild(closeButton(function () { o.remove(); }));
    box.appendChild(el("strong", "font-size:1.1em", "Build failed"));
    if (err.file) {
      var place = err.file + ":" + err.line + (err.col ? ":" + err.col : "");
      var p = el("p", "margin:.5rem 0;font-family:ui-monospace,monospace;color:#ffb4b4");
      p.className = "evalbook-serve-place";
      p.textContent = place;
      box.appendChild(p);
    }
    var msg = el("pre", "white-space:pre-wrap;overflow-wrap:anywhere;margin:.5rem 0;font:13px/1.45 ui-monospace,monospace", err.message);
    msg.className = "evalbook-serve-message";
    box.appendChild(msg);
    box.appendChild(el("p", "margin:.5rem 0 0;opacity:.8", "The last good site is served underneath. Fix the file and this page reloads."));
    o.appendChild(box);
    document.body.appendChild(o);
  }

  function banner(warnings) {
    remove("evalbook-serve-banner");
    var key = hash(warnings.join("\n"));
    if (!warnings.length || sessionStorage.getItem(dismissKey) === key) return;
    var b = el("div", "position:fixed;left:0;right:0;bottom:0;z-index:2147483646;max-height:40vh;overflow:auto;background:#fff4d6;color:#3d2e00;border-top:2px solid #d9a400;padding:.5rem 1rem;font:14px/1.45 system-ui,sans-serif");
    b.id = "evalbook-serve-banner";
    b.setAttribute("role", "status");
    b.appendChild(closeButton(function () {
      sessionStorage.setItem(dismissKey, key);
      b.remove();
    }));
    var d = el("details");
    d.appendChild(el("summary", "cursor:pointer", warnings.length + (warnings.length === 1 ? " warning" : " warnings") + " from the build"));
    var ul = el("ul", "margin:.25rem 0;padding-left:1.25rem");
    warnings.forEach(function (w) { ul.appendChild(el("li", "", w)); });
    d.appendChild(ul);
    b.appendChild(d);
    document.body.appendChild(b);
  }

  function show(ev) {
    document.documentElement.dataset.evalbookBuild = ev.seq; // shown: for tests and tools
    if (ev.ok) {
      remove("evalbook-serve-overlay");
      banner(ev.warnings || []);
    } else {
      overlay(ev.error || { message: "build failed" });
    }
  }

  var es = new EventSource(streamURL);
  es.addEventListener("state", function (e) { show(JSON.parse(e.data)); });
  es.addEventListener("build", function (e) {
    var ev = JSON.parse(e.data);
    if (!ev.ok) return show(ev);
    sessionStorage.setItem(scrollKey, JSON.stringify([window.scrollX, window.scrollY]));
    es.close();
    location.reload();
  });
})();
