// Bulk actions: a "select all" box and a confirmation before the form is sent.
//   <input type="checkbox" data-select-all="ids">  ticks/unticks every name="ids" box of its form.
//   <form data-confirm="Approve {n} forms?" data-confirm-none="Choose at least one form.">  asks first;
//   {n} is the number of ticked name="ids" boxes. Nothing ticked: says so and does not send.
(function () {
  function boxes(form, name) {
    return Array.prototype.slice.call(form.querySelectorAll('input[type="checkbox"][name="' + name + '"]'));
  }

  document.addEventListener("change", function (e) {
    var all = e.target.closest("[data-select-all]");
    if (all) {
      var form = all.form || all.closest("form");
      boxes(form, all.dataset.selectAll).forEach(function (b) { if (!b.disabled) b.checked = all.checked; });
      return;
    }
    var box = e.target;
    if (box.type !== "checkbox" || !box.form) return;
    var master = box.form.querySelector('[data-select-all="' + box.name + '"]');
    if (master) {
      var list = boxes(box.form, box.name);
      var ticked = list.filter(function (b) { return b.checked; }).length;
      master.checked = ticked === list.length;
      master.indeterminate = ticked > 0 && ticked < list.length;
    }
  });

  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.dataset || !form.dataset.confirm) return;
    var n = boxes(form, form.dataset.confirmName || "ids").filter(function (b) { return b.checked; }).length;
    if (n === 0 && form.dataset.confirmNone) {
      e.preventDefault();
      window.alert(form.dataset.confirmNone);
      return;
    }
    if (!window.confirm(form.dataset.confirm.replace("{n}", String(n)))) e.preventDefault();
  }, true);
})();
