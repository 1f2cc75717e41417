/* Reading on a phone and at the desk.
   - A flowchart is shown at its drawn size (handbook.css); when it is wider than the column, a
     hint says it scrolls sideways. Every chart gets 全屏查看: a full-screen view with zoom
     buttons (pinch-zoom works too), where the lane names stay in view while scrolling down.
   - A table (or a form sheet) wider than the column gets a hint that it scrolls sideways in its box; one that is
     only a little wider (up to SLACK px) is set tighter instead, and gets no hint.
   - Every box that scrolls (a chart, a wide table, a form sheet on a phone, the full-screen
     view) gets a tab stop and a name, so a keyboard reaches it and scrolls it with the arrow keys.
   - Where Material shows no table of contents beside the text (phones, narrow windows), a page
     with four sections or more gets a compact list of them under its title (本页目录), and a
     flowchart a link past it to the next section.
   No request, no library: works from file:// as well. */
(function () {
  "use strict";

  var ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2, 3];
  /* Overflow (px) below which a box is not worth a "scroll sideways" hint. */
  var SLACK = 24;
  /* Sections a page needs for a jump list. */
  var MIN_SECTIONS = 4;

  function overflow(box) {
    return box.scrollWidth - box.clientWidth;
  }

  function scrolls(box) {
    var style = getComputedStyle(box);
    var sideways = /auto|scroll/.test(style.overflowX) && overflow(box) > 1;
    var down = /auto|scroll/.test(style.overflowY) && box.scrollHeight > box.clientHeight + 1;
    return sideways || down;
  }

  /* A box that scrolls can be reached with Tab and scrolled with the arrow keys (WCAG 2.1.1);
     it says what it holds. A box that does not scroll is no tab stop. */
  function keyboardBox(box, label, role) {
    var on = scrolls(box);
    if (on === (box.getAttribute("data-scroll-box") === "1")) return;
    if (on) {
      box.setAttribute("data-scroll-box", "1");
      box.setAttribute("tabindex", "0");
      if (role) box.setAttribute("role", role);
      if (label) box.setAttribute("aria-label", label);
    } else {
      box.setAttribute("data-scroll-box", "0");
      box.removeAttribute("tabindex");
      if (role) box.removeAttribute("role");
      if (label) box.removeAttribute("aria-label");
    }
  }

  function plainText(el) {
    var copy = el.cloneNode(true);
    copy.querySelectorAll(".headerlink").forEach(function (a) { a.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  /* The heading a box sits under: what a table's box is named after. */
  function headingBefore(el) {
    var node = el;
    while (node && node.parentNode && !(node.parentNode.classList && node.parentNode.classList.contains("md-typeset"))) {
      node = node.parentNode;
    }
    for (node = node && node.previousElementSibling; node; node = node.previousElementSibling) {
      if (/^H[1-6]$/.test(node.tagName)) return plainText(node);
    }
    return "";
  }

  function tableLabel(wrap) {
    var heading = headingBefore(wrap);
    return "表格" + (heading ? "：" + heading : "") + "（可左右滚动）";
  }

  function drawnWidth(svg) {
    var box = svg.viewBox && svg.viewBox.baseVal;
    return box && box.width ? box.width : svg.getBoundingClientRect().width;
  }

  function headHeight(svg) {
    var head = svg.querySelector(".fc-head");
    return head ? parseFloat(head.getAttribute("height")) || 0 : 0;
  }

  /* Scroll a box holding a chart sideways so that the chart's start (the first terminator) is in
     the middle: a wide chart otherwise opens on lanes where nothing has happened yet. */
  function showStart(box, svg) {
    var start = svg.querySelector(".fc-start rect");
    if (!start || box.scrollWidth <= box.clientWidth + 1) return;
    var x = parseFloat(start.getAttribute("x")) || 0;
    var w = parseFloat(start.getAttribute("width")) || 0;
    var scale = svg.getBoundingClientRect().width / drawnWidth(svg);
    box.scrollLeft = Math.max(0, (x + w / 2) * scale - box.clientWidth / 2);
  }

  function copyOf(svg) {
    var copy = svg.cloneNode(true);
    copy.removeAttribute("aria-labelledby");
    copy.removeAttribute("style");
    copy.querySelectorAll("[id]").forEach(function (el) { el.removeAttribute("id"); });
    return copy;
  }

  function openViewer(figure) {
    var svg = figure.querySelector("svg");
    if (!svg || document.querySelector(".chart-viewer")) return;
    var width = drawnWidth(svg);
    var box = svg.viewBox.baseVal;
    var caption = figure.querySelector("figcaption");
    var viewer = document.createElement("div");
    viewer.className = "chart-viewer";
    viewer.setAttribute("role", "dialog");
    viewer.setAttribute("aria-modal", "true");
    viewer.setAttribute("aria-label", (caption ? caption.textContent : "流程图") + "（全屏）");
    var bar = document.createElement("div");
    bar.className = "chart-viewer-bar";
    var title = document.createElement("span");
    title.className = "chart-viewer-title";
    title.textContent = caption ? caption.textContent : "";
    function button(text, label, action) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = text;
      b.setAttribute("aria-label", label);
      b.addEventListener("click", action);
      bar.appendChild(b);
      return b;
    }
    bar.appendChild(title);
    var body = document.createElement("div");
    body.className = "chart-viewer-body";
    var full = copyOf(svg);
    full.setAttribute("role", "img");
    var titled = svg.querySelector("title");
    full.setAttribute("aria-label", titled ? titled.textContent : (caption ? caption.textContent : "流程图"));
    var head = null;
    var headH = headHeight(svg);
    if (headH > 0) {  // the lane names, kept at the top while the chart scrolls
      head = copyOf(svg);
      head.setAttribute("class", head.getAttribute("class") + " chart-viewer-head");
      head.setAttribute("viewBox", "0 0 " + box.width + " " + headH);
      head.setAttribute("aria-hidden", "true");
      head.style.marginBottom = "0";
      body.appendChild(head);
    }
    body.appendChild(full);
    // Start at the size that fits the screen's width, but never below the drawn size's 10 px labels
    // unless asked: on a phone that is 1 (scroll sideways), at the desk the chart fits.
    var zoom = 1;
    function apply() {
      var w = Math.round(width * zoom);
      full.style.width = w + "px";
      if (head) {
        head.style.width = w + "px";
        head.style.height = Math.round(headH * zoom) + "px";
        // the copy of the head stands over the chart's own head: pull the chart up under it
        full.style.marginTop = -Math.round(headH * zoom) + "px";
      }
      level.textContent = Math.round(zoom * 100) + "%";
    }
    function step(dir) {
      var i = ZOOMS.indexOf(zoom);
      if (i < 0) i = 2;
      i = Math.max(0, Math.min(ZOOMS.length - 1, i + dir));
      zoom = ZOOMS[i];
      apply();
    }
    button("−", "缩小", function () { step(-1); });
    var level = document.createElement("span");
    level.setAttribute("aria-live", "polite");
    bar.appendChild(level);
    button("+", "放大", function () { step(1); });
    button("适屏", "缩放到屏幕宽度", function () {
      zoom = Math.max(0.25, (body.clientWidth - 2) / width);
      apply();
    });
    var close = button("✕", "关闭全屏", function () { shut(true); });
    viewer.appendChild(bar);
    viewer.appendChild(body);
    document.body.appendChild(viewer);
    document.documentElement.classList.add("chart-viewer-open");
    apply();
    showStart(body, full);
    body.setAttribute("tabindex", "0");  // the arrow keys scroll the chart once Tab reaches it
    body.setAttribute("role", "group");
    body.setAttribute("aria-label", "图（方向键滚动）");
    var opener = document.activeElement;
    close.focus();
    var pushed = false;
    try {  // the phone's back button closes the viewer instead of leaving the page
      history.pushState({ chartViewer: 1 }, "");
      pushed = true;
    } catch (e) { /* some file:// pages refuse: the close button still works */ }
    function onKey(event) {
      if (event.key === "Escape") shut(true);
    }
    function onPop() { shut(false); }
    function shut(goBack) {
      if (!viewer.parentNode) return;
      viewer.parentNode.removeChild(viewer);
      document.documentElement.classList.remove("chart-viewer-open");
      document.removeEventListener("keydown", onKey);
      window.removeEventListener("popstate", onPop);
      if (goBack && pushed && history.state && history.state.chartViewer) history.back();
      if (opener && opener.focus) opener.focus();
    }
    document.addEventListener("keydown", onKey);
    window.addEventListener("popstate", onPop);
  }

  /* The lane names of a chart stay in view while the page scrolls down through it: a copy of the
     chart's head, sticky under the page header, laid over the chart's own head and scrolled
     sideways with it. Both sit in one frame, so the copy goes away with the chart. */
  function stickyHead(figure, svg) {
    var headH = headHeight(svg);
    if (!headH) return;
    var frame = document.createElement("div");
    frame.className = "chart-frame";
    var box = document.createElement("div");
    box.className = "chart-head-box";
    box.setAttribute("aria-hidden", "true");
    var head = copyOf(svg);
    head.setAttribute("class", head.getAttribute("class") + " chart-head");
    head.setAttribute("viewBox", "0 0 " + drawnWidth(svg) + " " + headH);
    box.appendChild(head);
    figure.parentNode.insertBefore(frame, figure);
    frame.appendChild(box);
    frame.appendChild(figure);
    function size() {
      var scale = svg.getBoundingClientRect().width / drawnWidth(svg);
      head.style.width = svg.getBoundingClientRect().width + "px";
      head.style.height = headH * scale + "px";
      box.style.height = headH * scale + "px";
      box.style.marginBottom = -headH * scale + "px";
      box.style.width = figure.clientWidth + "px";
      box.scrollLeft = figure.scrollLeft;
    }
    figure.addEventListener("scroll", function () { box.scrollLeft = figure.scrollLeft; }, { passive: true });
    figure._hbSize = size;
    size();
  }

  function headingAfter(el) {
    for (var node = el.nextElementSibling; node; node = node.nextElementSibling) {
      if (/^H[1-6]$/.test(node.tagName) && node.id) return node;
    }
    return null;
  }

  /* 本页目录: the page's sections under its title. Shown by access.css where Material has no
     table of contents beside the text; a long list (a training path's 27 lessons) folds. */
  function jumpList() {
    var article = document.querySelector("article.md-content__inner");
    if (!article || article.querySelector(".page-jump")) return;
    var title = article.querySelector("h1");
    var sections = [].filter.call(article.children, function (el) { return el.tagName === "H2" && el.id; });
    if (!title || sections.length < MIN_SECTIONS) return;
    var nav = document.createElement("nav");
    nav.className = "page-jump";
    nav.setAttribute("aria-label", "本页目录");
    var list = document.createElement("ol");
    sections.forEach(function (h) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#" + h.id;
      link.textContent = plainText(h);
      item.appendChild(link);
      list.appendChild(item);
    });
    if (sections.length > 12) {
      var fold = document.createElement("details");
      var summary = document.createElement("summary");
      summary.textContent = "本页目录（" + sections.length + " 节）";
      fold.appendChild(summary);
      fold.appendChild(list);
      nav.appendChild(fold);
    } else {
      var head = document.createElement("p");
      head.className = "page-jump-title";
      head.textContent = "本页目录";
      nav.appendChild(head);
      nav.appendChild(list);
    }
    title.parentNode.insertBefore(nav, title.nextSibling);
  }

  function setupChart(figure) {
    if (figure.getAttribute("data-reading")) return;
    var svg = figure.querySelector("svg");
    if (!svg) return;
    figure.setAttribute("data-reading", "1");
    var tools = document.createElement("div");
    tools.className = "chart-tools";
    var hint = document.createElement("span");
    hint.className = "chart-hint";
    hint.textContent = "图比屏幕宽：左右滑动查看，或全屏放大";
    var open = document.createElement("button");
    open.type = "button";
    open.className = "md-button";
    open.textContent = "全屏查看";
    open.addEventListener("click", function () { openViewer(figure); });
    tools.appendChild(open);
    tools.appendChild(hint);
    var next = figure.classList.contains("flowchart") && headingAfter(figure);
    if (next) {
      var skip = document.createElement("a");
      skip.className = "chart-skip";
      skip.href = "#" + next.id;
      skip.textContent = "跳过流程图，到 " + plainText(next);
      tools.appendChild(skip);
    }
    figure.parentNode.insertBefore(tools, figure);
    figure._hbHint = hint;
    if (figure.classList.contains("flowchart")) stickyHead(figure, svg);
    showStart(figure, svg);
  }

  function setupTable(wrap) {
    if (wrap._hbHint) return;
    var hint = document.createElement("div");
    hint.className = "scroll-hint";
    hint.textContent = "表格较宽：在表格上左右滑动查看其余各列";
    wrap.parentNode.insertBefore(hint, wrap);
    wrap._hbHint = hint;
  }

  function update() {
    document.querySelectorAll(".md-typeset figure.flowchart, .md-typeset figure.orgchart").forEach(function (figure) {
      keyboardBox(figure);  // a figure is named by its caption
      if (!figure._hbHint) return;
      figure._hbHint.hidden = overflow(figure) <= SLACK;
      if (figure._hbSize) figure._hbSize();
    });
    document.querySelectorAll(".md-typeset .md-typeset__scrollwrap").forEach(function (wrap) {
      // a table a little too wide is set tighter first: a hint for 12 px is noise
      wrap.classList.remove("is-tight");
      var over = overflow(wrap);
      if (over > 1) {
        wrap.classList.add("is-tight");
        var tight = overflow(wrap);
        if (tight > SLACK) wrap.classList.remove("is-tight");
        else over = tight;
      }
      var wide = over > SLACK;
      if (wide) setupTable(wrap);
      if (wrap._hbHint) wrap._hbHint.hidden = !wide;
      wrap.classList.toggle("is-scrollable", over > 1);
      keyboardBox(wrap, tableLabel(wrap), "region");
    });
    document.querySelectorAll(".md-typeset .form-sheet").forEach(function (sheet) {
      // a register of many columns scrolls inside its sheet on a phone (handbook.css)
      var title = sheet.querySelector(".form-title");
      var wide = scrolls(sheet) && overflow(sheet) > SLACK;
      if (wide) setupTable(sheet);
      if (sheet._hbHint) sheet._hbHint.hidden = !wide;
      keyboardBox(sheet, (title ? plainText(title) : "表格") + "（可左右滚动）", "region");
    });
  }

  function init() {
    jumpList();
    document.querySelectorAll(".md-typeset figure.flowchart, .md-typeset figure.orgchart").forEach(setupChart);
    update();
    setTimeout(update, 300);  // after the theme has wrapped the tables
  }

  var pending = 0;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(update, 150);
  });
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
