// Progressive enhancement only: every page reads fine without it.
// Shows times in the reader's own time zone and words ("3 hours ago").
(function () {
  var fmt = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
  function ago(d) {
    var s = (Date.now() - d.getTime()) / 1000;
    if (s < 0 || s > 7 * 86400) return null;
    if (s < 90) return "just now";
    if (s < 5400) return Math.round(s / 60) + " minutes ago";
    if (s < 86400) return Math.round(s / 3600) + " hours ago";
    var n = Math.round(s / 86400); return n + (n === 1 ? " day ago" : " days ago");
  }
  document.querySelectorAll("time[data-local]").forEach(function (t) {
    var d = new Date(t.getAttribute("datetime"));
    if (isNaN(d)) return;
    t.title = fmt.format(d);  // the reader's own time; the text keeps the publisher's zone
    var a = ago(d);
    if (a) t.textContent = a;
  });
  // an image that does not load leaves no empty box (its card or figure reads fine without it)
  function drop(img) {
    var box = img.closest(".card-img, figure.lead-image") || img;
    box.classList.add("gone");
  }
  document.querySelectorAll("main img").forEach(function (img) {
    if (img.complete && img.naturalWidth === 0 && img.getAttribute("src")) drop(img);
    else img.addEventListener("error", function () { drop(img); });
  });
  var today = document.querySelector("time[data-today]");
  if (today) {
    var now = new Date();
    today.setAttribute("datetime", now.toISOString().slice(0, 10));
    today.textContent = new Intl.DateTimeFormat(undefined, { dateStyle: "full" }).format(now);
  }
})();
