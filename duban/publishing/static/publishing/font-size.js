// The public page's font-size and print buttons (a static file: the CSP allows no inline script).
(function () {
  // Font size lives in the browser only, so the cached page stays the same for everyone.
  var root = document.documentElement, key = "duban-public-font", sizes = [14, 16, 18, 20, 22];
  var index = 1;
  try { var saved = parseInt(localStorage.getItem(key), 10); if (sizes[saved]) index = saved; } catch (e) {}
  function apply() { root.style.fontSize = sizes[index] + "px"; }
  apply();
  var tools = document.querySelector(".page-tools");
  tools.hidden = false;
  tools.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) return;
    if (button.hasAttribute("data-print")) { window.print(); return; }
    index = Math.min(sizes.length - 1, Math.max(0, index + parseInt(button.getAttribute("data-font-step"), 10)));
    apply();
    try { localStorage.setItem(key, String(index)); } catch (e) {}
  });
})();
