// The report page asks before leaving with typed text that is not saved yet. Typing marks
// the page as changed; sending any of the page's forms (save, submit, upload) clears it.
(function () {
  "use strict";
  let changed = false;
  const forms = Array.from(document.querySelectorAll("main form[method=post]"));
  forms.forEach(function (form) {
    form.addEventListener("input", function () { changed = true; });
    form.addEventListener("submit", function () { changed = false; });
  });
  // Fields placed outside their form (the upload sits with the attachments) still count.
  document.querySelectorAll("[form=report-form]").forEach(function (field) {
    field.addEventListener("input", function () { changed = true; });
  });
  window.addEventListener("beforeunload", function (event) {
    if (!changed) { return; }
    event.preventDefault();
    event.returnValue = "";
  });
})();
