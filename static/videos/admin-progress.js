// Live status for videos being processed: polls the status endpoint while any is busy,
// updates progress bars, and reloads once one finishes so posters and renditions appear.
(function () {
  "use strict";
  var INTERVAL = 2000;
  function busyCells() {
    return Array.prototype.slice.call(document.querySelectorAll('[data-video-busy="true"]'));
  }
  function statusUrl() {
    var el = document.querySelector("[data-video-status-url]");
    if (el) return el.getAttribute("data-video-status-url");
    var path = window.location.pathname.replace(/(videos\/).*$/, "$1status/");
    return path;
  }
  function poll() {
    var cells = busyCells();
    if (!cells.length) return;
    var ids = cells.map(function (c) { return "id=" + encodeURIComponent(c.getAttribute("data-video-status")); });
    fetch(statusUrl() + "?" + ids.join("&"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { videos: [] }; })
      .then(function (data) {
        var finished = false;
        data.videos.forEach(function (video) {
          document.querySelectorAll('[data-video-status="' + video.id + '"]').forEach(function (cell) {
            var bar = cell.querySelector("[data-video-progress]");
            var text = cell.querySelector("[data-video-progress-text]");
            var label = cell.querySelector("[data-video-status-label]");
            if (bar) bar.value = video.progress;
            if (text) text.textContent = video.progress + "%";
            if (label) label.textContent = video.status_display;
            if (!video.busy) finished = true;
          });
        });
        if (finished) window.location.reload();
        else window.setTimeout(poll, INTERVAL);
      })
      .catch(function () { window.setTimeout(poll, INTERVAL * 3); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (busyCells().length) window.setTimeout(poll, INTERVAL);
  });
})();
