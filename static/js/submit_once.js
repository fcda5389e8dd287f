// Forms marked .js-once are sent once: a second click (or Enter) while the first post is on its
// way is ignored and the submit buttons are disabled. The server's one-time form token is the
// real guard; this only spares people the double click.
(function () {
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("js-once") || event.defaultPrevented) return;
    if (form.dataset.submitting === "1") {
      event.preventDefault();
      return;
    }
    form.dataset.submitting = "1";
    var submitter = event.submitter;
    if (submitter && submitter.name) {
      // A disabled button is left out of the post: keep which button was pressed.
      var keep = document.createElement("input");
      keep.type = "hidden";
      keep.name = submitter.name;
      keep.value = submitter.value;
      keep.setAttribute("data-once-keep", "");
      form.appendChild(keep);
    }
    window.setTimeout(function () {
      form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (button) {
        button.disabled = true;
      });
    }, 0);
  });
  // Coming back through the browser history shows the form usable again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form.js-once").forEach(function (form) {
      delete form.dataset.submitting;
      form.querySelectorAll("[data-once-keep]").forEach(function (input) { input.remove(); });
      form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (button) {
        button.disabled = false;
      });
    });
  });
})();
