// The notification bell in the navigation bar: htmx fetches its unread count on load and every
// minute; coming back to a tab that was hidden refreshes it at once.
(function () {
  "use strict";
  document.addEventListener("visibilitychange", function () {
    var bell = document.getElementById("notification-bell");
    if (!document.hidden && bell && window.htmx) {
      window.htmx.trigger(bell, "refresh");
    }
  });
})();
