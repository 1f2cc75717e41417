/* Checklists on screen: ticks are kept in this browser per page (localStorage), can be cleared,
   and the page can be printed with one button. The print date is filled in when printing.
   No network access; works from file:// as well. */
(function () {
  "use strict";

  function storageKey(sheet) {
    return "handbook-checklist:" + sheet.getAttribute("data-checklist");
  }

  function load(sheet) {
    try {
      return JSON.parse(window.localStorage.getItem(storageKey(sheet)) || "{}");
    } catch (e) {
      return {};
    }
  }

  function save(sheet, state) {
    try {
      window.localStorage.setItem(storageKey(sheet), JSON.stringify(state));
    } catch (e) {
      /* storage may be disabled (private mode, file://): ticking still works on the page */
    }
  }

  function setupSheet(sheet) {
    if (sheet.getAttribute("data-ready")) return;
    sheet.setAttribute("data-ready", "1");
    var state = load(sheet);
    var boxes = sheet.querySelectorAll('input[type="checkbox"][data-item]');
    boxes.forEach(function (box) {
      box.checked = !!state[box.getAttribute("data-item")];
      box.addEventListener("change", function () {
        var now = load(sheet);
        if (box.checked) now[box.getAttribute("data-item")] = 1;
        else delete now[box.getAttribute("data-item")];
        save(sheet, now);
      });
    });
    var tools = document.createElement("div");
    tools.className = "checklist-tools";
    var clear = document.createElement("button");
    clear.type = "button";
    clear.className = "md-button";
    clear.textContent = "清除勾选";
    clear.addEventListener("click", function () {
      boxes.forEach(function (box) { box.checked = false; });
      save(sheet, {});
    });
    var print = document.createElement("button");
    print.type = "button";
    print.className = "md-button md-button--primary";
    print.textContent = "打印本页";
    print.addEventListener("click", function () { window.print(); });
    tools.appendChild(print);
    tools.appendChild(clear);
    sheet.parentNode.insertBefore(tools, sheet);
  }

  function today() {
    var d = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }

  function fillPrintDate() {
    document.querySelectorAll("[data-print-date]").forEach(function (el) {
      el.textContent = today();
    });
  }

  function init() {
    document.querySelectorAll(".checklist-sheet[data-checklist]").forEach(setupSheet);
    document.querySelectorAll("button[data-print]").forEach(function (button) {
      if (button.getAttribute("data-ready")) return;
      button.setAttribute("data-ready", "1");
      button.addEventListener("click", function () { window.print(); });
    });
    fillPrintDate();
  }

  window.addEventListener("beforeprint", fillPrintDate);
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
