// File inputs: browsers draw "Choose File / No file chosen" in their own language. We keep the native
// input (focusable, labelled, keyboard- and screen-reader-usable) but lay it transparently over a
// styled button whose texts come from the page's language, and show the chosen file names beside it.
(function () {
  function texts() {
    var root = document.documentElement;
    return {
      choose: root.dataset.fileChoose || "Choose file",
      none: root.dataset.fileNone || "No file chosen",
    };
  }

  function names(input) {
    return Array.prototype.map.call(input.files || [], function (f) { return f.name; }).join(", ");
  }

  function enhance(input, t) {
    if (input.closest(".file-picker")) return;
    var wrap = document.createElement("div");
    wrap.className = "file-picker";
    if (input.classList.contains("form-control-sm")) wrap.classList.add("file-picker-sm");
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);
    var button = document.createElement("span");
    button.className = "btn btn-outline-secondary file-picker-button";
    button.setAttribute("aria-hidden", "true"); // the input itself is what assistive tech announces
    button.textContent = t.choose;
    var name = document.createElement("span");
    name.className = "file-picker-name text-body-secondary";
    name.setAttribute("aria-hidden", "true");
    name.textContent = names(input) || t.none;
    wrap.appendChild(button);
    wrap.appendChild(name);
    input.addEventListener("change", function () { name.textContent = names(input) || t.none; });
  }

  function init(root) {
    var t = texts();
    root.querySelectorAll('input[type="file"]').forEach(function (input) { enhance(input, t); });
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSwap", function (e) { init(e.target); });
})();
