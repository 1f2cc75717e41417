/* Search results: where one table cell ends and the next begins inside a result's text.

   The search index keeps a table's text as its cells one after another, with a plain space
   between them; between Chinese words a space is hardly visible, so a snippet of the steps or of
   a role's duties read as one run-on line (岗位 职责 客服助理 受理装修登记…). A space that stands
   between two Chinese characters or marks is such a boundary (the handbook's Chinese text has no
   spaces of its own; a space beside a digit or a Latin letter, as in "3 个工作日", is left alone):
   it is shown with a separator (access.css, .cell-gap). The result's text is not changed.
   No request, no library: works from file:// as well. */
(function () {
  "use strict";

  var CJK = /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]/;
  var BLOCK = /^(P|LI|UL|OL|TABLE|TR|TD|TH|DIV|H[1-6]|ARTICLE|PRE|BLOCKQUOTE|NAV)$/;
  var RUN = /[\u200b]*[ \t\n\u00a0][ \t\n\u00a0\u200b]*/g;
  var INVISIBLE = /[\s\u200b]/g;

  /* The nearest visible character beyond a text node, within its block ("" at a block's edge). */
  function beyond(node, forward) {
    var cur = node;
    while (cur && cur.parentNode) {
      var sib = forward ? cur.nextSibling : cur.previousSibling;
      for (; sib; sib = forward ? sib.nextSibling : sib.previousSibling) {
        if (sib.nodeType === 1 && BLOCK.test(sib.tagName)) return "";
        var text = (sib.textContent || "").replace(INVISIBLE, "");
        if (text) return forward ? text.charAt(0) : text.charAt(text.length - 1);
      }
      cur = cur.parentNode;
      if (cur.nodeType !== 1 || BLOCK.test(cur.tagName)) return "";
    }
    return "";
  }

  function visibleBefore(text, i) {
    var seen = text.slice(0, i).replace(INVISIBLE, "");
    return seen ? seen.charAt(seen.length - 1) : null;
  }

  function visibleAfter(text, i) {
    var seen = text.slice(i).replace(INVISIBLE, "");
    return seen ? seen.charAt(0) : null;
  }

  function markGaps(node) {
    var text = node.data;
    var cuts = [];
    var match;
    RUN.lastIndex = 0;
    while ((match = RUN.exec(text))) {
      var start = match.index;
      var end = start + match[0].length;
      var left = visibleBefore(text, start);
      var right = visibleAfter(text, end);
      if (left === null) left = beyond(node, false);
      if (right === null) right = beyond(node, true);
      if (left && right && CJK.test(left) && CJK.test(right)) cuts.push([start, end]);
    }
    for (var k = cuts.length - 1; k >= 0; k--) {  // from the end: earlier offsets stay valid
      var rest = node.splitText(cuts[k][0]);
      rest.splitText(cuts[k][1] - cuts[k][0]);
      var gap = document.createElement("span");  // keeps the space: copied text is unchanged
      gap.className = "cell-gap";
      rest.parentNode.replaceChild(gap, rest);
      gap.appendChild(rest);
    }
  }

  function mark(article) {
    if (article.getAttribute("data-gaps")) return;
    article.setAttribute("data-gaps", "1");
    var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        return n.parentNode.closest("h1, h2, .md-search-result__terms, .md-tags") ?
          NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(markGaps);
  }

  function watch() {
    var list = document.querySelector(".md-search-result__list");
    if (!list || list.getAttribute("data-gaps-watched")) return;
    list.setAttribute("data-gaps-watched", "1");
    new MutationObserver(function () {
      list.querySelectorAll(".md-search-result__article:not([data-gaps])").forEach(mark);
    }).observe(list, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", watch);
  } else {
    watch();
  }
})();
