/* handbook search prelude: the desk's words and query cutting (added at build time by
 * hooks/handbook_mkdocs/search_worker.py in front of Material's search worker). */
(function () {
  "use strict";
  // said word -> the handbook's own words searched with it (procedures/search.yaml)
  var ALIASES = /*HANDBOOK_ALIASES*/{};
  // said word -> the pages (sops/<id>) it leads to; the input method's slips are not here
  var PAGES = /*HANDBOOK_PAGES*/{};
  var LONGEST = 12; // no word of the index is longer (jieba's words have at most 7 characters)
  var has = Object.prototype.hasOwnProperty;

  // Cut one run of Chinese characters into the words the index knows, as a person reads it:
  // as few unknown characters as possible, then as few pieces as possible (longer words first).
  // A single character left over in front of or between words (丢 in 丢钥匙, 退 in 退押金, 了 and
  // 吗 at the end) is dropped when the run holds at least one real word: the index has thousands
  // of words beginning with 丢 or 开, and searching them all buries the word that was meant.
  function cut(run, index) {
    var n = run.length;
    var best = [{ miss: 0, pieces: 0, words: [] }];
    for (var i = 0; i < n; i++) {
      var here = best[i];
      if (!here) continue;
      for (var j = i + 1; j <= Math.min(n, i + LONGEST); j++) {
        var word = run.slice(i, j);
        var known = j - i >= 2 && word in index;
        if (!known && j > i + 1) continue;
        var next = {
          miss: here.miss + (known ? 0 : 1),
          pieces: here.pieces + 1,
          words: known ? here.words.concat([word]) : here.words,
        };
        var old = best[j];
        if (!old || next.miss < old.miss || (next.miss === old.miss && next.pieces < old.pieces))
          best[j] = next;
      }
    }
    return best[n].words;
  }

  // The words to search for one run of Chinese characters: its cut, and for every said word it
  // contains, the handbook's words for it. None (Material's own segmenter decides) if neither
  // finds anything.
  var typed = {}; // the words of the current query as typed (its cut, without the aliases' words)
  var leadsTo = {}; // the pages that a said word of the current query leads to
  var added = {}; // the handbook's words that aliases added to the current query
  function segment(run, index) {
    var words = cut(run, index), said, p;
    for (var w = 0; w < words.length; w++) typed[words[w]] = true;
    for (said in ALIASES)
      if (has.call(ALIASES, said) && run.indexOf(said) >= 0) {
        if (said in index) words.push(said);
        words.push.apply(words, ALIASES[said]);
        for (var a = 0; a < ALIASES[said].length; a++) added[ALIASES[said][a]] = true;
      }
    for (said in PAGES)
      if (has.call(PAGES, said) && run.indexOf(said) >= 0)
        for (p = 0; p < PAGES[said].length; p++) leadsTo[PAGES[said][p]] = true;
    var unique = [];
    for (var k = 0; k < words.length; k++)
      if (unique.indexOf(words[k]) < 0) unique.push(words[k]);
    // Each word is searched also inside longer words of the index: jieba keeps compounds whole
    // (户内维修, 客服主管, 托管钥匙), and a compound contains the word it is about.
    // A word that begins a word of the index is searched twice (as itself and inside other
    // words), so 噪音 counts more than 装修噪音.
    var out = [];
    for (var u = 0; u < unique.length; u++) out.push(unique[u], "*" + unique[u]);
    return out.length ? out : null;
  }

  // Material joins the pieces with "* " and then adds a "*" to every term, so a piece that is not
  // last would end in "**" and never count as matched (nor be highlighted). The words are given
  // as one piece, separated by spaces: each gets exactly one "*".
  self.handbookSegment = function (run, index, material) {
    var words = segment(run, index);
    return words ? [words.join(" ")] : material(run, index);
  };

  // A result group's page is listed with the words matched in any of its sections, so that its
  // link highlights them on arrival (Material gives a page matched only in its sections no words:
  // an empty ?h=).
  function fillTerms(groups) {
    for (var g = 0; g < groups.length; g++) {
      var all = {};
      for (var i = 0; i < groups[g].length; i++) {
        var terms = groups[g][i].terms || {};
        for (var t in terms) if (has.call(terms, t) && terms[t]) all[t] = true;
      }
      for (var m = 0; m < groups[g].length; m++) {
        var item = groups[g][m], none = true;
        for (var u in item.terms || {}) if (item.terms[u]) none = false;
        if (none) item.terms = Object.assign({}, all);
        // Material lists a query word a result lacks as 缺少; a word the alias added (跑水 for
        // 水管爆了) was never typed, so it is not missing.
        for (var v in item.terms) if (has.call(item.terms, v) && !item.terms[v] && has.call(added, v) && !has.call(typed, v))
          delete item.terms[v];
      }
    }
  }

  // Pages in the order of their best section plus a share of their other matching sections:
  // the procedure that deals with a word in its trigger, steps and checklist comes before a page
  // that names it once (Material orders pages by their best section alone).
  //
  // Material multiplies each result's score by (1 + b²), b = 1 for a page's first text + the share
  // of query words matched. That is taken back out here, and the page is scored as
  //   (best section + REST × the other matching sections) × LEAD if a procedure's lead matched
  //   × (1 + share of the query words matched anywhere on the page)²
  // A procedure's first text is its lead (when it starts, what people call it: sop_page.lead), so
  // a trigger or alias match counts LEAD times; other pages' first text is their body.
  var REST = /*HANDBOOK_REST*/0.3, LEAD = /*HANDBOOK_LEAD*/2;
  function words(item) {
    var out = [];
    for (var t in item.terms || {}) if (has.call(item.terms, t)) out.push(t);
    return out;
  }
  function pageScore(group) {
    var raw = [], lead = 1, asked = {}, found = {}, i;
    for (i = 0; i < group.length; i++) {
      var item = group[i], terms = words(item), hit = 0;
      for (var k = 0; k < terms.length; k++) {
        asked[terms[k]] = true;
        if (item.terms[terms[k]]) { found[terms[k]] = true; hit++; }
      }
      var first = item.location.indexOf("#") < 0;
      var b = (first ? 1 : 0) + (terms.length ? hit / terms.length : 0);
      raw.push((item.score || 0) / (1 + b * b));
      if (first && hit && /^sops\//.test(item.location)) lead = LEAD;
    }
    raw.sort(function (a, b) { return b - a; });
    var total = 0;
    for (i = 0; i < raw.length; i++) total += i === 0 ? raw[i] : REST * raw[i];
    var n = Object.keys(asked).length, share = n ? Object.keys(found).length / n : 0;
    return total * lead * (1 + share) * (1 + share);
  }

  // Whether the query names the page: its words cover at least NAMED of the page's own title
  // (钥匙借用登记表 is the form of that name, 收银员 the role page), or a said word of the query
  // leads to it (search.yaml: the center said so). A page so named comes before every page that
  // merely contains the words; among the rest, title hits already count TITLE times body hits.
  var NAMED = 0.75;
  function bare(title) {
    return String(title || "").replace(/<[^>]*>|\u200b/g, "").split(" · ")[0]
      .replace(/（[^）]*）/g, "").replace(/^[一二三四五六七八九十百]+、|^[\d.]+\s*/, "").trim();
  }
  function named(group) {
    var page = null, i;
    for (i = 0; i < group.length; i++) if (group[i].location.indexOf("#") < 0) page = group[i];
    if (!page) return 0;
    if (has.call(leadsTo, page.location.replace(/\.html$|\/$/, ""))) return 1;
    var title = bare(page.title), covered = [], count = 0;
    for (var word in typed) {
      if (!has.call(typed, word)) continue;
      for (var at = title.indexOf(word); at >= 0; at = title.indexOf(word, at + 1))
        for (var c = at; c < at + word.length; c++) covered[c] = true;
    }
    for (i = 0; i < title.length; i++) if (covered[i]) count++;
    return title.length && count / title.length >= NAMED ? 1 : 0;
  }

  function rank(groups) {
    var scored = groups.map(function (group, at) {
      return { group: group, title: named(group), score: pageScore(group), at: at };
    });
    scored.sort(function (a, b) { return b.title - a.title || b.score - a.score || a.at - b.at; });
    for (var i = 0; i < scored.length; i++) groups[i] = scored[i].group;
  }

  // A result's snippet is the passage around its first match: from the start of that sentence
  // (or list item) to the end of a sentence about AFTER characters on. Material shows a section's
  // whole text, so a match in step 9 of a procedure's step table was buried under steps 1 to 8.
  var AFTER = 160, BOUNDARY = /[。；！？]|<\/?(?:p|li|ul|ol)>/g;
  function outsideTag(html, at) { return html.lastIndexOf("<", at - 1) <= html.lastIndexOf(">", at - 1); }
  function excerpt(html) {
    var mark = html.indexOf("<mark");
    if (mark < 0 || html.length <= AFTER * 2) return html;
    var start = 0, end = html.length, m;
    BOUNDARY.lastIndex = 0;
    while ((m = BOUNDARY.exec(html)) && m.index < mark) start = m.index + m[0].length;
    if (mark - start > AFTER) { // one long run without a full stop: start a little before the match
      start = html.lastIndexOf("\u200b", mark - AFTER / 4);
      if (start < 0 || !outsideTag(html, start)) start = mark;
    }
    BOUNDARY.lastIndex = mark + AFTER;
    if ((m = BOUNDARY.exec(html))) end = m.index + (m[0].charAt(0) === "<" ? 0 : m[0].length);
    if (end - mark > AFTER * 2) { // a table without full stops: end between two words
      var cut = mark + AFTER * 2;
      while (cut > mark && !(/[\s\u200b、]/.test(html.charAt(cut)) && outsideTag(html, cut))) cut--;
      end = cut > mark ? cut : end;
    }
    return (start > 0 ? "…" : "") + html.slice(start, end) + (end < html.length ? "…" : "");
  }

  // A new query: forget the words of the last one (this listener runs before Material's).
  self.addEventListener("message", function (event) {
    if (event.data && typeof event.data.data === "string") { typed = {}; leadsTo = {}; added = {}; }
  });

  var post = self.postMessage;
  self.postMessage = function (message) {
    if (message && message.data && Array.isArray(message.data.items)) {
      rank(message.data.items);
      fillTerms(message.data.items);
      for (var g = 0; g < message.data.items.length; g++)
        for (var i = 0; i < message.data.items[g].length; i++) {
          var item = message.data.items[g][i];
          if (typeof item.text === "string") item.text = excerpt(item.text);
        }
    }
    return post.apply(self, arguments);
  };
})();
