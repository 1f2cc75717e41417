/* True on the day, without a rebuild: a page built before a revision's effective date says, once
   the reader's own date has come, that the new revision now applies (and where it is), and the
   text of a revision that was pending says it is now in force. The pages state both dates in
   words, so without script nothing is wrong, only less direct. No library, no network: works from
   file:// as well. The banners are written by hooks/handbook/site/versions.py:
     data-hb-version   "newer" (a page in force with later revisions) | "pending" | "first"
     data-hb-effective the day the later revision (newer) or this text (pending, first) applies
     data-hb-until     (pending) the day a still later revision replaces this text, if any */
(function () {
  "use strict";

  function two(n) { return (n < 10 ? "0" : "") + n; }

  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }

  var DATE = /(\d{4}-\d{2}-\d{2})(?:\/|\.html|$)/;

  /* The link in a banner to the newest version whose day has come, with that day. */
  function newest(banner, now) {
    var best = null;
    var links = banner.querySelectorAll("a[href]");
    for (var i = 0; i < links.length; i++) {
      var href = links[i].getAttribute("href").split("#")[0];
      var match = DATE.exec(href);
      if (match && match[1] <= now && (!best || match[1] > best.day)) {
        best = {day: match[1], href: links[i].getAttribute("href").split("#")[0]};
      }
    }
    return best;
  }

  function say(banner, title, text, link) {
    var head = banner.querySelector("[data-hb-title]");
    if (head) head.textContent = title;
    var note = banner.querySelector(".version-today");
    if (!note) {
      note = document.createElement("p");
      note.className = "version-today";
      banner.insertBefore(note, head ? head.nextSibling : banner.firstChild);
    }
    note.textContent = text;
    if (link) {
      var a = document.createElement("a");
      a.href = link.href;
      a.textContent = link.text;
      note.appendChild(document.createTextNode(" "));
      note.appendChild(a);
    }
  }

  function apply() {
    var now = today();
    var banners = document.querySelectorAll("[data-hb-version]");
    for (var i = 0; i < banners.length; i++) {
      var banner = banners[i];
      var kind = banner.getAttribute("data-hb-version");
      var effective = banner.getAttribute("data-hb-effective");
      var until = banner.getAttribute("data-hb-until");
      if (!effective || now < effective) continue;
      banner.classList.add("version-flipped");
      if (kind === "newer") {
        var next = newest(banner, now);
        banner.classList.add("version-superseded");
        say(banner, "本页已不是现行版本", "按你的日期（" + now + "），新版已于 " + (next ? next.day : effective) +
            " 起执行，本页是旧版。", next ? {href: next.href, text: "查看现行版本"} : null);
      } else if (until && now >= until) {
        banner.classList.add("version-superseded");
        say(banner, "本页已不是现行版本", "本页的版本自 " + effective + " 起执行，又已于 " + until +
            " 被更新的版本取代。", null);
      } else {
        banner.classList.add("version-now-in-force");
        banner.classList.remove("admonition-warning");
        say(banner, "现行：本页的版本自 " + effective + " 起执行", "按你的日期（" + now + "），本页已是执行的文本。", null);
        var marks = document.querySelectorAll(".pending-watermark");
        for (var j = 0; j < marks.length; j++) marks[j].parentNode.removeChild(marks[j]);
      }
    }
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(apply);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", apply);
  } else {
    apply();
  }
})();
