// Unit picker (orgunits.widgets.UnitPicker): a combobox that searches units as the user types.
// Keyboard: Down/Up move through the suggestions, Enter chooses, Escape closes (a second Escape
// clears the box). The chosen unit's id goes into the hidden input the form submits.
(function () {
  var DELAY_MS = 200;

  function setup(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "1";
    var text = root.querySelector("[data-unit-picker-text]");
    var value = root.querySelector("[data-unit-picker-value]");
    var list = root.querySelector("[role=listbox]");
    var status = root.querySelector("[data-unit-picker-status]");
    var options = [];
    var active = -1;
    var timer = null;
    var failed = false; // the last search answered an error: ↓ asks again
    var chosenLabel = text.value;

    function close() {
      list.hidden = true;
      text.setAttribute("aria-expanded", "false");
      text.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      options.forEach(function (li, i) { li.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (index >= 0) {
        text.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        text.removeAttribute("aria-activedescendant");
      }
    }

    function choose(index) {
      var li = options[index];
      if (!li) return;
      value.value = li.dataset.id;
      text.value = chosenLabel = li.dataset.label;
      close();
      value.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function render(data) {
      list.textContent = "";
      options = data.results.map(function (unit, i) {
        var li = document.createElement("li");
        li.id = text.id + "_opt" + i;
        li.className = "list-group-item list-group-item-action py-1";
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.dataset.id = unit.id;
        li.dataset.label = unit.label;
        var name = document.createElement("span");
        name.textContent = unit.name;
        var detail = document.createElement("small");
        detail.className = "d-block text-body-secondary";
        detail.textContent = unit.detail;
        li.appendChild(name);
        li.appendChild(detail);
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(i); });
        list.appendChild(li);
        return li;
      });
      var note = null;
      failed = !!data.failed;
      if (failed) note = root.dataset.errorText || root.dataset.noneText;
      else if (!options.length) note = root.dataset.noneText;
      else if (data.more) note = root.dataset.moreText;
      if (note) {
        var li = document.createElement("li");
        li.className = "list-group-item small text-body-secondary";
        li.setAttribute("role", "presentation");
        li.textContent = note;
        list.appendChild(li);
      }
      status.textContent = note || root.dataset.countText + " " + options.length;
      list.hidden = false;
      text.setAttribute("aria-expanded", "true");
      active = -1;
    }

    function search() {
      var params = new URLSearchParams({ q: text.value, cap: root.dataset.cap || "view" });
      if (root.dataset.currentOnly) params.set("current_only", "1");
      if (root.dataset.types) params.set("types", root.dataset.types);
      if (root.dataset.scope) params.set("scope", root.dataset.scope);
      fetch(root.dataset.url + "?" + params.toString(), { headers: { Accept: "application/json" }, credentials: "same-origin" })
        // A failed search says so (and ↓ retries) instead of claiming that no unit matches.
        .then(function (r) { return r.ok ? r.json() : { results: [], failed: true }; })
        .then(render)
        .catch(function () { close(); });
    }

    text.addEventListener("input", function () {
      value.value = ""; // typing invalidates the previous choice until a suggestion is picked
      clearTimeout(timer);
      if (!text.value.trim()) { close(); return; }
      timer = setTimeout(search, DELAY_MS);
    });
    text.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") {
        e.preventDefault();
        if (list.hidden || failed) { search(); return; }
        highlight(Math.min(active + 1, options.length - 1));
      } else if (e.key === "ArrowUp") {
        e.preventDefault();
        highlight(Math.max(active - 1, 0));
      } else if (e.key === "Enter") {
        if (!list.hidden && active >= 0) { e.preventDefault(); choose(active); }
      } else if (e.key === "Escape") {
        if (!list.hidden) { e.preventDefault(); close(); }
        else if (text.value) { e.preventDefault(); text.value = ""; value.value = ""; chosenLabel = ""; }
      }
    });
    text.addEventListener("blur", function () {
      close();
      // Leaving the box without choosing restores the last chosen unit's label (or empties it).
      if (value.value) text.value = chosenLabel;
    });
  }

  function init(scope) { scope.querySelectorAll("[data-unit-picker]").forEach(setup); }
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSwap", function (e) { init(e.target); });
})();
