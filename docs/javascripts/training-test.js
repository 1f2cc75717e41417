/* The 测验 page of a role (training/<role>/test/): draws a test from the question bank the page
   carries, lets the trainee answer by tapping, scores it on 交卷 and prints it as a result sheet, a
   blank paper test or its answer key. No library, no network, no storage: works from file:// as
   well, and the test's number and the answers live only in the page's address after "#"
   (#n=4821&a=01-3…&d=2026-12-07), so a result can be reopened and printed again.

   The page (hooks/handbook/render/templates/training_test.html) holds every word it shows; this
   script writes only the data — questions, choices, explanations, the score — and always with
   textContent, never as HTML. The bank is read with JSON.parse from
   <script type="application/json" data-quiz-bank>. The links to the steps are the page's own links
   to the procedures (a[data-sop], written by MkDocs for the served site and for the folder build)
   with the step's anchor added.

   The draw is the same as hooks/handbook/manual/multichoice.py (Draw, draw): mulberry32 seeded by
   the test number, a Fisher–Yates shuffle, then a pass that spreads the test over kinds and
   procedures. tests/browser/test_training_test.py holds the two together. */
(function () {
  "use strict";

  var LETTERS = "ABCDEFGH";

  /* ------------------------------------------------------------------ the draw (see multichoice.py) */

  function Draw(seed) { this.state = seed >>> 0; }
  Draw.prototype.next = function () {
    this.state = (this.state + 0x6D2B79F5) >>> 0;
    var t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t = (t + Math.imul(t ^ (t >>> 7), t | 61)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
  Draw.prototype.below = function (n) {
    return Math.floor(this.next() / 4294967296 * n);
  };

  function count(list, key) {
    var seen = {}, n = 0;
    list.forEach(function (q) { if (!seen[q[key]]) { seen[q[key]] = 1; n += 1; } });
    return n;
  }

  function draw(bank, number, size) {
    var rand = new Draw(number);
    var order = [], i, j, swap;
    for (i = 0; i < bank.length; i++) order.push(i);
    for (i = order.length - 1; i > 0; i--) {
      j = rand.below(i + 1);
      swap = order[i]; order[i] = order[j]; order[j] = swap;
    }
    size = Math.min(size, bank.length);
    var capKind = Math.ceil(size / Math.max(1, count(bank, "kind")));
    var capSop = Math.ceil(size / Math.max(1, count(bank, "sop")));
    var picked = [], taken = {}, perKind = {}, perSop = {};
    order.forEach(function (k) {
      if (picked.length === size) return;
      var q = bank[k];
      if ((perKind[q.kind] || 0) < capKind && (perSop[q.sop] || 0) < capSop) {
        picked.push(k);
        taken[k] = 1;
        perKind[q.kind] = (perKind[q.kind] || 0) + 1;
        perSop[q.sop] = (perSop[q.sop] || 0) + 1;
      }
    });
    order.forEach(function (k) {
      if (picked.length < size && !taken[k]) { picked.push(k); taken[k] = 1; }
    });
    return picked.map(function (k) { return bank[k]; });
  }

  /* ------------------------------------------------------------------ small helpers */

  function two(n) { return (n < 10 ? "0" : "") + n; }

  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function validNumber(text) {
    var s = String(text || "").trim();
    if (!/^[0-9]{1,5}$/.test(s)) return null;
    var n = parseInt(s, 10);
    return n > 0 ? n : null;
  }

  function randomNumber() { return 1000 + Math.floor(Math.random() * 9000); }

  /* #n=4821&a=01-3&d=2026-12-07 → {n, a, d} */
  function readHash() {
    var out = {};
    String(window.location.hash || "").replace(/^#/, "").split("&").forEach(function (part) {
      var at = part.indexOf("=");
      if (at > 0) out[part.slice(0, at)] = decodeURIComponent(part.slice(at + 1));
    });
    return out;
  }

  function writeHash(hash) {
    var text = "#n=" + hash.n + (hash.a ? "&a=" + hash.a : "") + (hash.d ? "&d=" + hash.d : "");
    try {
      window.history.replaceState(null, "", text);
    } catch (e) {
      window.location.hash = text; /* some file:// browsers refuse replaceState */
    }
  }

  /* ------------------------------------------------------------------ one test on the page */

  function setup(app) {
    if (app.getAttribute("data-ready")) return;
    var role = app.getAttribute("data-quiz");
    var source = document.querySelector('script[type="application/json"][data-quiz-bank="' + role + '"]');
    if (!source) return;
    var bank;
    try {
      bank = JSON.parse(source.textContent);
    } catch (e) {
      return;
    }
    app.setAttribute("data-ready", "1");

    var find = function (name) { return app.querySelector("[" + name + "]"); };
    var list = find("data-quiz-list");
    var numberInput = find("data-quiz-number");
    var dateOut = find("data-quiz-date");
    var score = find("data-quiz-score");
    var warning = find("data-quiz-warning");
    var submit = find("data-quiz-submit");
    var again = find("data-quiz-again");
    var fresh = find("data-quiz-new");
    var printResult = find("data-quiz-print-result");

    /* the procedures' addresses, as MkDocs wrote them on this page */
    var pages = {};
    document.querySelectorAll("a[data-sop]").forEach(function (a) {
      pages[a.getAttribute("data-sop")] = a.getAttribute("href").split("#")[0];
    });

    var state = {number: 0, questions: [], done: false, armed: false};

    function printAs(mode) { app.setAttribute("data-print-as", mode); }

    function render() {
      list.textContent = "";
      state.questions.forEach(function (q, i) {
        var item = el("li", "quiz-q");
        item.setAttribute("data-q", q.id);
        var textId = "quiz-q-" + (i + 1);
        var text = el("p", "quiz-text", q.text);
        text.id = textId;
        item.appendChild(text);
        var proc = bank.procedures[q.sop] || {};
        item.appendChild(el("p", "quiz-where", "出处：" + q.where + "（" + (proc.code || "") + "，版号 " +
          (proc.revision || "") + "）"));
        var group = el("div", "quiz-choices");
        group.setAttribute("role", "radiogroup");
        group.setAttribute("aria-labelledby", textId);
        q.choices.forEach(function (choice, k) {
          var label = el("label", "quiz-choice");
          var input = document.createElement("input");
          input.type = "radio";
          input.name = "quiz-" + (i + 1);
          input.value = String(k);
          input.addEventListener("change", function () {
            item.classList.remove("is-open");
            label.parentNode.querySelectorAll(".quiz-choice").forEach(function (l) { l.classList.remove("chosen"); });
            label.classList.add("chosen");
          });
          label.appendChild(input);
          label.appendChild(el("span", "quiz-letter", LETTERS.charAt(k)));
          label.appendChild(el("span", "quiz-choice-text", choice));
          label.appendChild(el("span", "quiz-mark"));
          group.appendChild(label);
        });
        item.appendChild(group);
        var key = el("p", "quiz-key", "答案：" + LETTERS.charAt(q.answer) + " " + q.choices[q.answer]);
        key.hidden = true; /* printed by 打印参考答案 only */
        item.appendChild(key);
        var feedback = el("div", "quiz-feedback");
        feedback.hidden = true;
        item.appendChild(feedback);
        list.appendChild(item);
      });
    }

    function chosen(i) {
      var input = list.querySelector('input[name="quiz-' + (i + 1) + '"]:checked');
      return input ? parseInt(input.value, 10) : -1;
    }

    function reset(number) {
      state.number = number;
      state.questions = draw(bank.questions, number, bank.size);
      state.done = false;
      state.armed = false;
      numberInput.value = String(number);
      numberInput.disabled = false;
      dateOut.textContent = "";
      score.hidden = true;
      warning.hidden = true;
      submit.hidden = false;
      again.hidden = true;
      fresh.hidden = false;
      printResult.hidden = true;
      app.setAttribute("data-state", "answering");
      printAs("blank");
      render();
      writeHash({n: number});
    }

    function mark(i, answer) {
      var q = state.questions[i];
      var item = list.children[i];
      var labels = item.querySelectorAll(".quiz-choice");
      labels.forEach(function (label, k) {
        var input = label.querySelector("input");
        input.checked = k === answer;
        input.disabled = true;
        label.classList.toggle("chosen", k === answer);
        label.classList.toggle("right", k === q.answer);
        var sign = label.querySelector(".quiz-mark");
        sign.textContent = k === q.answer ? (k === answer ? "✓ 答对" : "✓ 正确答案") : (k === answer ? "✗ 所选答案" : "");
      });
      var right = answer === q.answer;
      item.classList.remove("is-open");
      item.classList.add(right ? "is-right" : "is-wrong");
      item.classList.toggle("is-unanswered", answer < 0);
      var feedback = item.querySelector(".quiz-feedback");
      feedback.textContent = "";
      if (right) {
        feedback.appendChild(el("p", "quiz-verdict", "✓ 答对了"));
      } else {
        feedback.appendChild(el("p", "quiz-verdict", answer < 0 ? "✗ 未作答" : "✗ 答错了"));
        feedback.appendChild(el("p", "quiz-right",
          "正确答案：" + LETTERS.charAt(q.answer) + " " + q.choices[q.answer]));
        feedback.appendChild(el("p", "quiz-why", q.why));
        var page = pages[q.sop];
        if (page !== undefined) {
          var link = el("a", "quiz-link", "查看" + q.where);
          link.href = page + (q.anchor ? "#" + q.anchor : "");
          var line = el("p", "quiz-link-line");
          line.appendChild(link);
          feedback.appendChild(line);
        }
      }
      feedback.hidden = false;
      return right;
    }

    function finish(answers, day) {
      var points = 0;
      answers.forEach(function (answer, i) { if (mark(i, answer)) points += 1; });
      state.done = true;
      numberInput.disabled = true;
      dateOut.textContent = day;
      find("data-quiz-points").textContent = String(points);
      find("data-quiz-total").textContent = String(answers.length);
      var wrong = answers.length - points;
      find("data-quiz-wrong").textContent = wrong ? "答错或未答 " + wrong + " 题" : "全部答对";
      score.hidden = false;
      warning.hidden = true;
      submit.hidden = true;
      again.hidden = false;
      fresh.hidden = true;
      printResult.hidden = false;
      app.setAttribute("data-state", "done");
      printAs("result");
      writeHash({
        n: state.number,
        a: answers.map(function (a) { return a < 0 ? "-" : String(a); }).join(""),
        d: day,
      });
    }

    submit.addEventListener("click", function () {
      if (state.done) return;
      var answers = state.questions.map(function (q, i) { return chosen(i); });
      var open = 0;
      answers.forEach(function (a, i) {
        list.children[i].classList.toggle("is-open", a < 0);
        if (a < 0) open += 1;
      });
      if (open && !state.armed) {
        state.armed = true;
        find("data-quiz-open").textContent = String(open);
        warning.hidden = false; /* beside the button just pressed; the open questions are outlined */
        return;
      }
      finish(answers, today());
      if (score.scrollIntoView) score.scrollIntoView({block: "center"});
    });

    again.addEventListener("click", function () { reset(randomNumber()); });
    fresh.addEventListener("click", function () { reset(randomNumber()); });
    numberInput.addEventListener("change", function () {
      var n = validNumber(numberInput.value);
      if (n === null) { numberInput.value = String(state.number); return; }
      if (n !== state.number) reset(n);
    });

    function printMode(mode) {
      printAs(mode);
      window.print();
    }
    printResult.addEventListener("click", function () { printMode("result"); });
    find("data-quiz-print-blank").addEventListener("click", function () { printMode("blank"); });
    find("data-quiz-print-key").addEventListener("click", function () { printMode("key"); });
    /* the stamp at the foot of each printed page is position: fixed, which Chromium places from
       the scrolled position: print from the top, then come back */
    var scrolled = null;
    window.addEventListener("beforeprint", function () {
      scrolled = window.scrollY;
      window.scrollTo(0, 0);
    });
    window.addEventListener("afterprint", function () {
      printAs(state.done ? "result" : "blank");
      if (scrolled !== null) window.scrollTo(0, scrolled);
      scrolled = null;
    });

    /* the test in the address (a trainer's number, or a result reopened), else a new one */
    function fromAddress() {
      var hash = readHash();
      var number = validNumber(hash.n);
      var given = hash.a && /^[0-9-]+$/.test(hash.a) ? hash.a : "";
      if (number !== null && number === state.number && (!given || state.done)) return; /* as it is */
      reset(number || randomNumber());
      if (given && given.length === state.questions.length) {
        var answers = given.split("").map(function (c, i) {
          var k = c === "-" ? -1 : parseInt(c, 10);
          return k < state.questions[i].choices.length ? k : -1;
        });
        finish(answers, /^\d{4}-\d{2}-\d{2}$/.test(hash.d || "") ? hash.d : today());
      }
    }
    fromAddress();
    window.addEventListener("hashchange", fromAddress); /* a link with another number, opened here */
  }

  function init() {
    document.querySelectorAll(".quiz-app[data-quiz]").forEach(setup);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
