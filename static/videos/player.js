// Chapter buttons seek their video. Without JavaScript the list still shows each chapter's time.
(function () {
  "use strict";
  function seek(event) {
    var button = event.target.closest("[data-video-seek]");
    if (!button) return;
    var figure = button.closest(".video-player");
    var video = figure && figure.querySelector("video");
    if (!video) return;
    var start = parseFloat(button.getAttribute("data-video-seek"));
    if (isNaN(start)) return;
    video.currentTime = start;
    video.focus();
    var playing = video.play();
    if (playing && playing.catch) playing.catch(function () {});
  }
  if (!window.__fasciaVideoSeek) {
    window.__fasciaVideoSeek = true;
    document.addEventListener("click", seek);
  }
})();
