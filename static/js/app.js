// Date pickers in dd/mm/yyyy with the Vietnamese locale; typing the date by hand still works.
(function () {
  function initDates(root) {
    if (!window.flatpickr) return;
    var lang = document.documentElement.lang === "vi" && flatpickr.l10ns && flatpickr.l10ns.vn ? flatpickr.l10ns.vn : null;
    root.querySelectorAll("input.js-date").forEach(function (el) {
      if (el._flatpickr) return;
      flatpickr(el, { dateFormat: "d/m/Y", allowInput: true, locale: lang || "default" });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { initDates(document); });
  document.addEventListener("htmx:afterSwap", function (e) { initDates(e.target); });
})();
