// The report form's figure rows: "添加一行指标" adds an empty row from the formset's template
// and counts it in the management form, so a department reports as many figures as it has.
(function () {
  "use strict";
  var button = document.getElementById("figure-row-add");
  var template = document.getElementById("figure-row-template");
  var rows = document.getElementById("figure-rows");
  if (!button || !template || !rows) return;
  var total = document.getElementById("id_" + button.dataset.prefix + "-TOTAL_FORMS");
  button.addEventListener("click", function () {
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    var added = rows.lastElementChild && rows.lastElementChild.querySelector("input");
    if (added) added.focus();
  });
})();
