// Data entry: Enter saves the field and moves to the next one; a field whose save was refused is marked invalid.
(function () {
  "use strict";
  const inputs = () => Array.from(document.querySelectorAll("#entry-table input.js-stat:not([disabled])"));
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !event.target.classList.contains("js-stat")) return;
    event.preventDefault();
    if (window.htmx) window.htmx.trigger(event.target, "save"); // save now, not after the typing pause
    const list = inputs();
    const next = list[list.indexOf(event.target) + (event.shiftKey ? -1 : 1)];
    if (next) { next.focus(); next.select(); }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    const row = event.detail.target.closest("td.stats-cell, tr");
    if (!row) return;
    const input = row.querySelector("input.js-stat");
    if (input) input.classList.toggle("is-invalid", !!event.detail.target.querySelector("[data-field-error]"));
  });
})();
