/* keys.js, on every page: "/" focuses the search box (search.html's own,
   else the one in the navigation bar); where that box is hidden (narrow
   screens), "/" opens the search page. */
document.addEventListener("keydown", function (e) {
  var t = e.target, n = t && t.tagName;
  if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || n === "INPUT" || n === "TEXTAREA" || n === "SELECT" || (t && t.isContentEditable)) { return; }
  var box = document.getElementById("search-q") || document.getElementById("nav-q");
  if (!box) { return; }
  e.preventDefault();
  if (box.offsetParent) { box.focus(); box.select(); } else { location.href = box.form.action; }
});
