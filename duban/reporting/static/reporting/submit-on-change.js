// A chooser marked data-submit-on-change sends its form when changed (no inline handlers: CSP).
document.addEventListener("change", function (event) {
  if (event.target.matches("select[data-submit-on-change]")) event.target.form.submit();
});
