// The import page's progress: poll the fragment and replace it, rather than reloading the
// whole page every second (which steals focus and rereads the page to screen readers). When
// the worker is done the page loads once, to show the preview or the result.
(function () {
  "use strict";
  var region = document.getElementById("batch-progress");
  if (!region || region.dataset.working !== "1") return;
  var url = region.dataset.poll;
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (html) {
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var fresh = holder.querySelector("#batch-progress");
        if (!fresh) return;
        if (fresh.dataset.working !== "1") { window.location.reload(); return; }
        region.innerHTML = fresh.innerHTML;
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
