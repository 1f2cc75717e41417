/* Checklists on screen and on paper. No network access; works from file:// as well.

   Ticks belong to one run of a checklist (本次记录): the run starts with the first tick, records
   when it started and who ran it, and is cleared by 开始新一轮 or, at the latest, the next day.
   Paper is blank unless the person asks for the run: 打印空白表 (and the browser's own print
   command) print empty boxes; 打印本次记录 prints the ticks with the run's start, who ran it and
   the print time. The binder (checklists/all/) has no boxes to tick at all. */
(function () {
  "use strict";

  var RUN_PREFIX = "handbook-checklist-run:";
  var OLD_PREFIX = "handbook-checklist:"; /* ticks kept forever by earlier versions: dropped */
  var RECORD_CLASS = "print-record";

  function two(n) { return (n < 10 ? "0" : "") + n; }

  function today(d) {
    d = d || new Date();
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }

  function clock(d) {
    d = d || new Date();
    return today(d) + " " + two(d.getHours()) + ":" + two(d.getMinutes());
  }

  function storage() {
    try {
      return window.localStorage;
    } catch (e) {
      return null; /* storage may be disabled (private mode, file://): ticking still works on the page */
    }
  }

  function sheetId(sheet) { return sheet.getAttribute("data-checklist"); }

  /* The current run of a checklist, or null when there is none or it began on an earlier day. */
  function loadRun(id) {
    var store = storage();
    if (!store) return null;
    var run = null;
    try {
      run = JSON.parse(store.getItem(RUN_PREFIX + id) || "null");
    } catch (e) {
      run = null;
    }
    if (!run || typeof run !== "object" || run.day !== today()) {
      try { store.removeItem(RUN_PREFIX + id); } catch (e) { /* ignore */ }
      return null;
    }
    run.ticks = run.ticks && typeof run.ticks === "object" ? run.ticks : {};
    run.by = typeof run.by === "string" ? run.by : "";
    return run;
  }

  function saveRun(id, run) {
    var store = storage();
    if (!store) return;
    try {
      if (run) store.setItem(RUN_PREFIX + id, JSON.stringify(run));
      else store.removeItem(RUN_PREFIX + id);
    } catch (e) { /* ignore */ }
  }

  function newRun(by) {
    var d = new Date();
    return { day: today(d), started: clock(d), by: by || "", ticks: {} };
  }

  function button(label, cls, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "md-button" + (cls ? " " + cls : "");
    b.textContent = label;
    b.addEventListener("click", onClick);
    return b;
  }

  function setupSheet(sheet) {
    if (sheet.getAttribute("data-ready")) return;
    var id = sheetId(sheet);
    var store = storage();
    if (store) { try { store.removeItem(OLD_PREFIX + id); } catch (e) { /* ignore */ } }
    var boxes = sheet.querySelectorAll('input[type="checkbox"][data-item]');
    var run = loadRun(id);

    var tools = document.createElement("div");
    tools.className = "checklist-tools";
    var who = document.createElement("input");
    who.type = "text";
    who.className = "run-by";
    who.placeholder = "执行人姓名";
    who.setAttribute("aria-label", "执行人");
    var whoLabel = document.createElement("label");
    whoLabel.className = "run-by-label";
    whoLabel.appendChild(document.createTextNode("执行人 "));
    whoLabel.appendChild(who);
    var status = document.createElement("p");
    status.className = "run-status";
    var record = document.createElement("p");
    record.className = "run-record";
    record.setAttribute("aria-hidden", "true");
    sheet.insertBefore(record, sheet.querySelector(".sheet-fields"));

    function ticked() {
      var n = 0;
      boxes.forEach(function (box) { if (box.checked) n += 1; });
      return n;
    }

    function show() {
      boxes.forEach(function (box) { box.checked = !!(run && run.ticks[box.getAttribute("data-item")]); });
      who.value = run ? run.by : who.value;
      if (run) {
        status.textContent = "本次记录：" + run.started + " 开始" + (run.by ? " · 执行人 " + run.by : "") +
          " · 已勾选 " + ticked() + " / " + boxes.length + " 项（次日自动清空）";
      } else {
        status.textContent = "尚未开始：勾选第一项即开始本次记录；次日自动清空。";
      }
    }

    function fresh() {
      /* the page may have stayed open overnight: a run from an earlier day is gone */
      var stored = loadRun(id);
      if (run && !stored) run = null;
      else if (stored) run = stored;
      show();
    }

    boxes.forEach(function (box) {
      box.addEventListener("change", function () {
        run = loadRun(id) || newRun(who.value.trim());
        if (box.checked) run.ticks[box.getAttribute("data-item")] = 1;
        else delete run.ticks[box.getAttribute("data-item")];
        saveRun(id, run);
        show();
      });
    });
    who.addEventListener("change", function () {
      if (!run) { show(); return; }
      run.by = who.value.trim();
      saveRun(id, run);
      show();
    });

    tools.appendChild(button("打印空白表", "md-button--primary", function () {
      document.documentElement.classList.remove(RECORD_CLASS);
      window.print();
    }));
    tools.appendChild(button("打印本次记录", "", function () {
      fresh();
      var d = new Date();
      record.textContent = "本次记录 · 开始 " + (run ? run.started : "—") + " · 执行人 " +
        (run && run.by ? run.by : "＿＿＿＿") + " · 已勾选 " + ticked() + " / " + boxes.length +
        " 项 · 打印 " + clock(d);
      document.documentElement.classList.add(RECORD_CLASS);
      window.print(); /* the class is removed again on afterprint */
    }));
    tools.appendChild(button("开始新一轮", "", function () {
      run = null;
      saveRun(id, null);
      show();
    }));
    tools.appendChild(whoLabel);
    tools.appendChild(status);
    sheet.parentNode.insertBefore(tools, sheet);
    sheet.setAttribute("data-ready", "1");
    show();
    window.addEventListener("focus", fresh);
    window.addEventListener("beforeprint", fresh);
    document.addEventListener("visibilitychange", function () { if (!document.hidden) fresh(); });
  }

  function fillPrintDate() {
    document.querySelectorAll("[data-print-date]").forEach(function (el) {
      el.textContent = today();
    });
  }

  function init() {
    document.querySelectorAll(".checklist-sheet[data-checklist]").forEach(setupSheet);
    document.querySelectorAll("button[data-print]").forEach(function (b) {
      if (b.getAttribute("data-ready")) return;
      b.setAttribute("data-ready", "1");
      b.addEventListener("click", function () {
        document.documentElement.classList.remove(RECORD_CLASS);
        window.print();
      });
    });
    fillPrintDate();
  }

  /* answers of the self-check questions print open (their fold arrow is not printed) */
  var opened = [];
  function openAnswers() {
    document.querySelectorAll("details.answer:not([open])").forEach(function (d) {
      d.setAttribute("open", "");
      opened.push(d);
    });
  }
  function closeAnswers() {
    opened.forEach(function (d) { d.removeAttribute("open"); });
    opened = [];
  }

  window.addEventListener("beforeprint", fillPrintDate);
  window.addEventListener("beforeprint", openAnswers);
  window.addEventListener("afterprint", closeAnswers);
  window.addEventListener("afterprint", function () {
    document.documentElement.classList.remove(RECORD_CLASS);
  });
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
