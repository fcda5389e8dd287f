// Overview charts (Chart.js, vendored). Data comes from json_script blocks; no inline script.
(function () {
  function read(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  function bar(id, labels, sets, options) {
    var canvas = document.getElementById(id);
    if (!canvas || !window.Chart) return;
    new Chart(canvas, {
      type: "bar",
      data: { labels: labels, datasets: sets },
      options: Object.assign({ responsive: true, maintainAspectRatio: false, animation: false,
        plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
        scales: { x: { ticks: { autoSkip: false, maxRotation: 60 } }, y: { beginAtZero: true, ticks: { precision: 0 } } } }, options || {})
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var data = read("dashboard-data"), t = read("dashboard-texts") || {};
    if (!data) return;
    var red = "#b02a37", grey = "#6c757d";
    bar("chart-field", data.field.labels, [
      { label: t.registered, data: data.field.registered, backgroundColor: red },
      { label: t.recognized, data: data.field.recognized, backgroundColor: grey }]);
    bar("chart-funnel", data.funnel.labels, [{ label: t.initiatives, data: data.funnel.values, backgroundColor: red }],
      { indexAxis: "y", scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } });
    bar("chart-years", data.years.labels, [
      { label: t.registered, data: data.years.registered, backgroundColor: red },
      { label: t.recognized, data: data.years.recognized, backgroundColor: grey }]);
    var units = document.getElementById("chart-units");
    if (units) {
      // One row per sub-unit: the box grows with their number so every name stays readable.
      units.parentNode.style.height = Math.max(220, 20 * data.units.labels.length + 70) + "px";
      units.classList.add("chart-tall");
    }
    bar("chart-units", data.units.labels, [
      { label: t.registered, data: data.units.registered, backgroundColor: red },
      { label: t.recognized, data: data.units.recognized, backgroundColor: grey }],
      { indexAxis: "y", scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { ticks: { autoSkip: false } } } });
    document.querySelectorAll(".js-print").forEach(function (b) { b.addEventListener("click", function () { window.print(); }); });
    window.dashboardReady = true;
  });
})();
