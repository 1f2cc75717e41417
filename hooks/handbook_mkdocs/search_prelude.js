/* handbook search prelude: the desk's words and query cutting (added at build time by
 * hooks/handbook_mkdocs/search_worker.py in front of Material's search worker). */
(function () {
  "use strict";
  // said word -> the handbook's own words searched with it (procedures/search.yaml)
  var ALIASES = /*HANDBOOK_ALIASES*/{};
  // said word -> the pages (sops/<id>) it leads to; the input method's slips are not here
  var PAGES = /*HANDBOOK_PAGES*/{};
  // traditional or variant character -> simplified, as pairs (OpenCC's tables, made at build time
  // by handbook.site.search_tables: only characters whose simplified form is in the index)
  var T2S_PAIRS = /*HANDBOOK_T2S*/"";
  // toneless syllable -> the characters read so (pypinyin's dictionary, made at build time)
  var PINYIN = /*HANDBOOK_PINYIN*/{};
  // the same for the characters of several readings, each under its first (usual) one only: how
  // the index's words are read
  var FIRST = /*HANDBOOK_FIRST*/{};
  // page (sops/<id>, roles/<id>, forms/<id>) -> its title, for queries that name a page
  var TITLES = /*HANDBOOK_TITLES*/{};
  var LONGEST = 12; // no word of the index is longer (jieba's words have at most 7 characters)
  var has = Object.prototype.hasOwnProperty;
  var HAN_WORD = /^[\u3400-\u9fff]+$/;

  var T2S = {}, SOUNDS = {}, p0, s0;
  for (p0 = 0; p0 + 1 < T2S_PAIRS.length; p0 += 2) T2S[T2S_PAIRS.charAt(p0)] = T2S_PAIRS.charAt(p0 + 1);
  for (s0 in PINYIN)
    if (has.call(PINYIN, s0))
      for (p0 = 0; p0 < PINYIN[s0].length; p0++) (SOUNDS[PINYIN[s0].charAt(p0)] = SOUNDS[PINYIN[s0].charAt(p0)] || []).push(s0);

  // A query in traditional or variant characters is read in simplified ones (鑰匙 is 钥匙).
  function simplify(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) out += has.call(T2S, text.charAt(i)) ? T2S[text.charAt(i)] : text.charAt(i);
    return out;
  }

  // The index's words by their sound, and every pair of characters inside a word: made once, on
  // the first query, from the index itself (so they are always the index's own words).
  var prepared = null, bySound = {}, byFuzzy = {}, pairs = {}, singles = {};
  // The same sounds as many speakers in the southwest type them (the handbook's first estate is in
  // Chongqing): zh/ch/sh as z/c/s, n as l, -ng as -n (投述 for 投诉, 监空 for 监控).
  function fuzzy(syllable) {
    return syllable.replace(/^([zcs])h/, "$1").replace(/^n(?!g)/, "l").replace(/ng$/, "n");
  }
  // The index's words are read by each character's usual reading (租出去 is zu-chu-qu, never
  // ju-chu-qu, so 具出去 is not it); the query's characters by any of theirs (an input method offers
  // a character under each of its readings).
  var FUZZY = {}, FUZZY_FIRST = {};
  for (s0 in FIRST)
    if (has.call(FIRST, s0))
      for (p0 = 0; p0 < FIRST[s0].length; p0++) FUZZY_FIRST[FIRST[s0].charAt(p0)] = [fuzzy(s0)];
  for (var f0 in SOUNDS)
    if (has.call(SOUNDS, f0)) {
      FUZZY[f0] = [];
      for (var f1 = 0; f1 < SOUNDS[f0].length; f1++)
        if (FUZZY[f0].indexOf(fuzzy(SOUNDS[f0][f1])) < 0) FUZZY[f0].push(fuzzy(SOUNDS[f0][f1]));
      if (!has.call(FUZZY_FIRST, f0)) FUZZY_FIRST[f0] = FUZZY[f0]; // one reading: the same
    }
  function soundKeys(word, limit, table) { // toneless pinyin of a word, every reading, at most limit
    var keys = [""];
    for (var i = 0; i < word.length; i++) {
      var s = (table || SOUNDS)[word.charAt(i)], next = [];
      if (!s) return [];
      for (var a = 0; a < keys.length; a++)
        for (var b = 0; b < s.length && next.length < limit; b++) next.push(keys[a] + s[b]);
      keys = next;
    }
    return keys;
  }
  function prepare(index) {
    if (prepared === index) return;
    prepared = index; bySound = {}; byFuzzy = {}; pairs = {}; singles = {};
    for (var term in index) {
      if (!HAN_WORD.test(term)) continue;
      for (var i = 0; i < term.length; i++) {
        singles[term.charAt(i)] = true;
        if (i + 1 < term.length) pairs[term.substr(i, 2)] = true;
      }
      if (term.length < 2 || term.length > 5) continue;
      var keys = soundKeys(term, 8), k;
      for (k = 0; k < keys.length; k++) (bySound[keys[k]] = bySound[keys[k]] || []).push(term);
      if (!has.call(domain, term) && !titled(index[term])) continue;
      keys = soundKeys(term, 8, FUZZY_FIRST);
      for (k = 0; k < keys.length; k++) (byFuzzy[keys[k]] = byFuzzy[keys[k]] || []).push(term);
    }
  }
  // The handbook's own vocabulary: the index's words that appear in a page's or a section's title
  // (``titled``), and the desk's said words and the words they lead to. A slip of the input method
  // is read only as one of these (报秀 is 报修, 价构 is 架构): read as any word of the index,
  // ordinary characters became other ordinary words (一下 → 以下, 的前 → 提前) and pushed out the
  // words the query was about.
  var domain = {};
  for (s0 in ALIASES)
    if (has.call(ALIASES, s0)) {
      domain[s0] = true;
      for (p0 = 0; p0 < ALIASES[s0].length; p0++) domain[ALIASES[s0][p0]] = true;
    }
  for (s0 in PAGES) if (has.call(PAGES, s0)) domain[s0] = true;
  function titled(entry) { // the index's word appears in a page's or a section's title
    for (var doc in (entry && entry.title) || {}) if (has.call(entry.title, doc)) return true;
    return false;
  }
  function frequency(index, term) {
    var n = 0, f = index[term] || {};
    for (var field in f) if (field !== "_index" && has.call(f, field)) n += Object.keys(f[field]).length;
    return n;
  }
  // The index's words that sound like ``word`` and share a character with it (报秀 → 报修,
  // 监空 → 监控, 高空跑物 → 高空抛物): the input method's wrong pick of the same syllable.
  function soundAlike(word, index) {
    var keys = soundKeys(word, 16, FUZZY), out = [];
    for (var k = 0; k < keys.length; k++) {
      var terms = byFuzzy[keys[k]] || [];
      for (var t = 0; t < terms.length; t++) {
        var term = terms[t], shared = false;
        if (term.length !== word.length || out.indexOf(term) >= 0) continue;
        for (var c = 0; c < word.length; c++) if (word.charAt(c) === term.charAt(c)) shared = true;
        if (shared) out.push(term);
      }
    }
    return out.slice(0, 3);
  }

  // A query typed in pinyin without tones (tingshui tongzhi, yezhu weiyuanhui) is read as the
  // index's words of that sound; a Latin word the index knows (YAML, app) is left alone.
  function fromPinyin(query, index) {
    return query.replace(/[A-Za-z]+(?:[\s']+[A-Za-z]+)*/g, function (latin) {
      var tokens = latin.toLowerCase().split(/[\s']+/), out = [], starts = {}, at = 0;
      for (var t = 0; t < tokens.length; t++) {
        if (tokens[t] in index) return latin;
        starts[at] = true; at += tokens[t].length;
      }
      starts[at] = true;
      // fewest words; a typed word that reads as no word of the index (zu, a single syllable) is
      // skipped at a higher cost, from the start of one typed word to the start of another
      var text = tokens.join(""), best = [{ cost: 0, words: [] }];
      for (var i = 0; i < text.length; i++) {
        if (!best[i]) continue;
        if (starts[i])
          for (var e = i + 1, skipped = 0; e <= text.length; e++)
            if (starts[e] && ++skipped && (!best[e] || best[i].cost + 3 * skipped < best[e].cost))
              best[e] = { cost: best[i].cost + 3 * skipped, words: best[i].words };
        for (var j = i + 2; j <= Math.min(text.length, i + 30); j++) {
          var terms = bySound[text.slice(i, j)];
          if (!terms) continue;
          var next = { cost: best[i].cost + 1, words: best[i].words.concat([terms]) };
          if (!best[j] || next.cost < best[j].cost) best[j] = next;
        }
      }
      if (!best[text.length] || !best[text.length].words.length) return latin;
      var found = best[text.length].words;
      for (var w = 0; w < found.length; w++) {
        var sorted = found[w].slice().sort(function (a, b) { return frequency(index, b) - frequency(index, a); });
        out.push(sorted.slice(0, 2).join(" "));
      }
      return out.join(" ");
    });
  }

  // Cut one run of Chinese characters into the words the index knows, as a person reads it:
  // as few unknown characters as possible, then as few pieces as possible (longer words first).
  // A single character left over in front of or between words (丢 in 丢钥匙, 退 in 退押金, 了 and
  // 吗 at the end) is dropped when the run holds at least one real word: the index has thousands
  // of words beginning with 丢 or 开, and searching them all buries the word that was meant.
  // Two to five characters that are no word but sound like one of the index's words and share a
  // character with it are read as that word (报秀 → 报修), at half the cost of a dropped character.
  // Of two cuts that drop as much in as many pieces, the one whose words the handbook uses more
  // wins (邻居家狗叫 is 邻居·家·狗叫, not 邻·居家·狗叫): the sum of log(1 + the index's entries
  // holding the word, field by field), as a word-frequency segmenter prefers the likelier path.
  var ALIKE = 0.5;
  function cut(run, index) {
    var n = run.length;
    var best = [{ miss: 0, pieces: 0, weight: 0, words: [] }];
    for (var i = 0; i < n; i++) {
      var here = best[i];
      if (!here) continue;
      for (var j = i + 1; j <= Math.min(n, i + LONGEST); j++) {
        var word = run.slice(i, j);
        var known = j - i >= 2 && word in index;
        var alike = !known && j - i >= 2 && j - i <= 5 ? soundAlike(word, index) : [];
        if (!known && !alike.length && j > i + 1) continue;
        var next = {
          miss: here.miss + (known ? 0 : alike.length ? ALIKE : 1),
          pieces: here.pieces + 1,
          weight: here.weight + (known ? Math.log(1 + frequency(index, word)) : 0),
          words: known ? here.words.concat([word]) : here.words.concat(alike),
        };
        var old = best[j];
        if (!old || next.miss < old.miss || (next.miss === old.miss && (next.pieces < old.pieces ||
            (next.pieces === old.pieces && next.weight > old.weight))))
          best[j] = next;
      }
    }
    return best[n].words;
  }

  // When a run holds no word of the index at all, it is searched by its pairs of characters
  // found inside the index's words (as Lucene's CJK analyzer cuts bigrams), or else by its single
  // characters found inside words: a query whose characters are in the handbook never finds
  // nothing. These pieces are searched inside words only.
  function fallback(run) {
    var out = [], i;
    for (i = 0; i + 1 < run.length; i++) if (has.call(pairs, run.substr(i, 2)) && out.indexOf(run.substr(i, 2)) < 0) out.push(run.substr(i, 2));
    if (!out.length)
      for (i = 0; i < run.length; i++) if (has.call(singles, run.charAt(i)) && out.indexOf(run.charAt(i)) < 0) out.push(run.charAt(i));
    return out;
  }

  // The words to search for one run of Chinese characters: its cut, and for every said word it
  // contains, the handbook's words for it. None (Material's own segmenter decides) if neither
  // finds anything.
  var typed = {}; // the words of the current query as typed (its cut, without the aliases' words)
  var leadsTo = {}; // the pages that a said word of the current query leads to
  var added = {}; // the handbook's words that aliases added to the current query
  // a typed word that is a said word or part of one -> the handbook's words and the pages it was
  // read as: a result that has one of those words, or is one of those pages, does not lack the
  // typed word (派工单 is the form 维修工作单). A shorter said word inside a typed one (工单 in
  // 派工单) does not vouch for it: 工单 is any work order.
  var readAs = {};
  var untyped = {}; // said words searched because they are inside a typed word
  function readTyped(said, words, pages) {
    for (var w in typed) {
      if (!has.call(typed, w) || said.indexOf(w) < 0) continue;
      var into = readAs[w] = readAs[w] || { words: {}, pages: {} };
      for (var i = 0; i < words.length; i++) into.words[words[i]] = true;
      for (var j = 0; j < pages.length; j++) into.pages[pages[j]] = true;
    }
  }
  // Whether the query holds a said word, also with a word or two of its own inside it (电梯又坏了
  // holds 电梯坏了, 借把伞 holds 借伞): people put 又, 都, 也 or a measure word into the phrases the
  // desk wrote down. The said word's two parts in order, at most GAP characters apart (one for a
  // said word of two characters).
  var GAP = 2;
  function holds(text, said) {
    if (text.indexOf(said) >= 0) return true;
    var gap = said.length < 3 ? 1 : GAP;
    for (var k = 1; k < said.length; k++) {
      var head = said.slice(0, k), tail = said.slice(k);
      for (var at = text.indexOf(head); at >= 0; at = text.indexOf(head, at + 1)) {
        var next = text.indexOf(tail, at + k + 1);
        if (next >= 0 && next - (at + k) <= gap && /^[\u3400-\u9fff]+$/.test(text.slice(at + k, next))) return true;
      }
    }
    return false;
  }
  var namesProcedure = false; // a said word leading to a procedure makes up most of the query
  function segment(run, index) {
    prepare(index);
    var words = cut(run, index), said, p;
    for (var w = 0; w < words.length; w++) typed[words[w]] = true;
    // said words are looked for in the run and in the words read for it (报秀 is read 报修)
    var text = run + " " + words.join(" ");
    for (said in ALIASES)
      if (has.call(ALIASES, said) && holds(text, said)) {
        // a said word found inside a typed one (工单 in 派工单) is searched, but was not typed
        if (said in index) { words.push(said); if (!has.call(typed, said)) untyped[said] = true; }
        words.push.apply(words, ALIASES[said]);
        for (var a = 0; a < ALIASES[said].length; a++) added[ALIASES[said][a]] = true;
        readTyped(said, [said].concat(ALIASES[said]), []);
      }
    for (said in PAGES)
      if (has.call(PAGES, said) && holds(text, said))
        for (p = 0; p < PAGES[said].length; p++) {
          leadsTo[PAGES[said][p]] = true;
          readTyped(said, [], [PAGES[said][p]]);
          if (said.length * 4 >= run.length * 3 && /^sops\//.test(PAGES[said][p])) namesProcedure = true;
          // a role's or a form's page does not list its said words: search its title's words
          if (has.call(TITLES, PAGES[said][p]) && !/^sops\//.test(PAGES[said][p])) {
            var titled = cut(String(TITLES[PAGES[said][p]]).replace(/[^\u3400-\u9fff]+/g, ""), index);
            for (var tw = 0; tw < titled.length; tw++) { words.push(titled[tw]); added[titled[tw]] = true; }
          }
        }
    var unique = [];
    for (var k = 0; k < words.length; k++)
      if (unique.indexOf(words[k]) < 0) unique.push(words[k]);
    // Each word is searched also inside longer words of the index: jieba keeps compounds whole
    // (户内维修, 客服主管, 托管钥匙), and a compound contains the word it is about.
    // A word that begins a word of the index is searched twice (as itself and inside other
    // words), so 噪音 counts more than 装修噪音.
    var out = [];
    for (var u = 0; u < unique.length; u++) out.push(unique[u], "*" + unique[u]);
    if (!out.length) {
      var pieces = fallback(run);
      for (var f = 0; f < pieces.length; f++) { typed[pieces[f]] = true; out.push("*" + pieces[f]); }
    }
    return out.length ? out : null;
  }

  // Material joins the pieces with "* " and then adds a "*" to every term, so a piece that is not
  // last would end in "**" and never count as matched (nor be highlighted). The words are given
  // as one piece, separated by spaces: each gets exactly one "*".
  // The run is put back in place of its characters in the query: a space on either side keeps
  // it apart from a digit or a letter typed against it (3栋, A栋停水), which would otherwise be
  // glued to its first or last word (3*栋 is no term at all: 3栋 found nothing).
  self.handbookSegment = function (run, index, material) {
    var words = segment(run, index), pieces = words ? [words.join(" ")] : Array.from(material(run, index));
    if (pieces.length) { pieces[0] = " " + pieces[0]; pieces[pieces.length - 1] += " "; }
    return pieces;
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
        // 水管爆了) or a said word inside a typed one was never typed, so it is not missing.
        for (var v in item.terms) if (has.call(item.terms, v) && !item.terms[v] && (has.call(added, v) || has.call(untyped, v)) && !has.call(typed, v))
          delete item.terms[v];
        // A typed said word is not missing from a result that has what it was read as.
        for (var x in item.terms) if (has.call(item.terms, x) && !item.terms[x] && has.call(readAs, x) && understood(item, readAs[x]))
          delete item.terms[x];
        // Nor is a word that only asks (怎么, 吗, 能不能): no page is about it.
        for (var y in item.terms) if (has.call(item.terms, y) && !item.terms[y] && ONLY_ASKS.test(y))
          delete item.terms[y];
      }
    }
  }

  var ONLY_ASKS = /^(怎么|怎么办|怎么样|怎样|如何|什么|为什么|为啥|咋|咋办|吗|呢|吧|啊|呀|嘛|么|请问|能不能|要不要|可不可以|是不是|有没有|会不会|该不该)$/;
  function understood(item, reading) {
    if (has.call(reading.pages, pageKey([item]).replace(DATED, ""))) return true;
    for (var w in reading.words) if (has.call(reading.words, w) && item.terms[w]) return true;
    return false;
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
  // A word in more than COMMON_SHARE of the index's sections (业主, 前台, 客户: 38–48 %) says little
  // about which page is meant. A section that matched nothing but such words, for a query that
  // also has a rarer word, counts COMMON_WEIGHT of its score: the owners' committee page, whose
  // title and lead hold 业主, no longer comes first for any question that mentions 业主 (欠费的业主
  // 催了几次还不交怎么办 is about arrears).
  var COMMON_SHARE = 0.3, COMMON_WEIGHT = 0.2, sections = 0, shares = {}, rare = null;
  function common(word) {
    if (!built || !sections) return false;
    if (!has.call(shares, word)) {
      var refs = {}, n = 0, entry = built[word] || {}, field, ref;
      for (field in entry)
        if (field !== "_index" && has.call(entry, field))
          for (ref in entry[field]) if (has.call(entry[field], ref) && !refs[ref]) { refs[ref] = true; n++; }
      shares[word] = n / sections;
    }
    return shares[word] > COMMON_SHARE;
  }
  function rareAsked() { // the query has a typed word that is not common
    if (rare === null) {
      rare = false;
      for (var w in typed) if (has.call(typed, w) && !common(w)) rare = true;
    }
    return rare;
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
      var weak = hit > 0;
      for (k = 0; k < terms.length && weak; k++) if (item.terms[terms[k]] && !common(terms[k])) weak = false;
      raw.push((item.score || 0) / (1 + b * b) * (weak && rareAsked() ? COMMON_WEIGHT : 1));
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
  // A query that asks for a role (收费员, 客服组长干什么, 管资料室的) or a form (派工单, 验房表)
  // names the role or form page whose title shares most of its characters: at least two, and
  // NAMED_SHARE of the title (or of a part of it in brackets: 客服助理（前台接待及热线）). The
  // characters are the query's and those of the words its said words lead to (组长 → 主管).
  var ROLE_ASKED = /员|师傅|经理|主管|组长|助理|技工|领导|岗位|职责|负责人|干什么|干啥|管[\u3400-\u9fff]{1,4}的/;
  var FORM_ASKED = /(表|单|条|证|书|卡|册|簿|台账|清单|问卷|记录|登记|签收|告示|公示牌|表格|单子|本子|条子|那张|模板|样表|样本|范本)$/;
  // what only asks (那个单子, 要填的本子, 派工单模板): not what the page is about, so not counted
  // against it
  var ASKING = /单子$|本子$|条子$|表格$|那张$|模板$|样表$|样本$|范本$|那个|的|要填|要签|要/g;
  var SPECIMEN = /(模板|样表|样本|范本)$/; // asking for the blank form, not naming it
  // The kind of record a query asks for by its last word, and the kind a form's title ends in: a
  // register (登记表, 台账, 记录表), a notice or slip (通知单, 通知书, 提示单, 条), a consent or
  // authorization (委托书, 同意书, 承诺书). Neighbouring forms share their topic's words (钥匙托管委托书,
  // 钥匙托管登记表): a form of another kind than the one asked for counts MISMATCH of its fit.
  var RECORD_KINDS = [
    [/(登记|台账|记录|名单|名册|本子?|簿|记在哪|记哪)$/, /(登记表|台账|记录表?|名册|清单)$/],
    [/(通知[单书]?|提示单?|告示|条子?)$/, /(通知单|提示单|条)$/],
    [/(书|授权|同意|承诺|委托)$/, /书$/],
  ];
  var MISMATCH = 0.8;
  function recordAgreement(key) {
    var han = asked.replace(/[^\u3400-\u9fff]+/g, "").replace(SPECIMEN, "");
    var title = bare(TITLES[key]).replace(/[^\u3400-\u9fff]+/g, ""), k, mine = -1, its = -1;
    for (k = 0; k < RECORD_KINDS.length; k++) {
      if (mine < 0 && RECORD_KINDS[k][0].test(han)) mine = k;
      if (its < 0 && RECORD_KINDS[k][1].test(title)) its = k;
    }
    return mine >= 0 && its >= 0 && mine !== its ? MISMATCH : 1;
  }
  var NAMED_SHARE = 0.4, ASKED_SHARE = { roles: 0.5, forms: 0.6 };
  function asking(kind) {
    var han = asked.replace(/[^\u3400-\u9fff]+/g, "");
    return kind === "roles" ? ROLE_ASKED.test(han) : FORM_ASKED.test(han);
  }
  function titleShare(key) {
    var title = String(TITLES[key] || ""), chars = {}, best = 0, w, c;
    for (c = 0; c < asked.length; c++) chars[asked.charAt(c)] = true;
    for (w in added) if (has.call(added, w)) for (c = 0; c < w.length; c++) chars[w.charAt(c)] = true;
    var parts = [title.replace(/（[^）]*）|\([^)]*\)/g, "")].concat(title.match(/[^（）()]+(?=[）)])/g) || []);
    for (var p = 0; p < parts.length; p++) {
      var part = parts[p].replace(/[^\u3400-\u9fff]+/g, ""), seen = {}, hit = 0, size = 0;
      for (c = 0; c < part.length; c++) {
        if (seen[part.charAt(c)]) continue;
        seen[part.charAt(c)] = true; size++;
        if (chars[part.charAt(c)]) hit++;
      }
      // and most of what was asked is in the title: 开出门条 (a task) names no form, 派工单 does
      var asked_ = asked.replace(/[^\u3400-\u9fff]+/g, ""), inside = 0;
      if (key.split("/")[0] === "forms") asked_ = asked_.replace(ASKING, "");
      for (c = 0; c < asked_.length; c++) if (seen[asked_.charAt(c)]) inside++;
      for (w in added) if (has.call(added, w) && part.indexOf(w) >= 0) inside += w.length;
      if (hit >= 2 && size && inside / Math.max(asked_.length, 1) >= ASKED_SHARE[key.split("/")[0]]) best = Math.max(best, hit / size);
    }
    return best;
  }
  // A page's address without its anchor, "index.html" or slash (sops/key-management); a pending
  // revision's page (sops/key-management/2027-01-01) is one of its document's.
  var DATED = /\/\d{4}-\d{2}-\d{2}$/;
  function pageKey(group) {
    return String(group[0].location).split("#")[0].replace(/\/index\.html$|\.html$|\/$/, "");
  }
  function named(group, key) {
    var page = null, i;
    for (i = 0; i < group.length; i++) if (group[i].location.indexOf("#") < 0) page = group[i];
    var kind = key.split("/")[0], form = kind === "roles" || kind === "forms";
    // A query that holds a procedure's whole title (线上报事报修受理程序) names it, over a said word
    // inside the title (报修) and over its checklist, whose title holds it too.
    if (kind === "sops" && has.call(TITLES, key)) {
      var han = asked.replace(/[^\u3400-\u9fff]+/g, ""), forms_ = [String(TITLES[key]), bare(TITLES[key])];
      for (var f = 0; f < forms_.length; f++) {  // with or without its words in brackets
        var whole = forms_[f].replace(/[^\u3400-\u9fff]+/g, "");
        if (whole.length >= 4 && han.indexOf(whole) >= 0) return 4;
      }
    }
    // So does a query that holds a form's or a role's whole title (维修工作单), over a said word
    // inside it (维修工, a role's).
    if (form && has.call(TITLES, key)) {
      var own = bare(TITLES[key]).replace(/[^\u3400-\u9fff]+/g, "");
      if (own.length >= 3 && asked.replace(/[^\u3400-\u9fff]+/g, "").indexOf(own) >= 0) return 4.6;
    }
    // A said word that leads to a role or a form names it over any procedure (出门单 is the form).
    if (has.call(leadsTo, key)) return form ? 4.5 : 2;
    // ... unless a said word that makes up most of the query leads to a procedure (装修许可证)
    if (form && !namesProcedure && has.call(TITLES, key) && asking(kind)) {
      var share = titleShare(key);
      if (share >= NAMED_SHARE) return 3 + share * (kind === "forms" ? recordAgreement(key) : 1);
    }
    // the page's own entry did not match (only its sections did): its title from the table
    var title = bare(page ? page.title : TITLES[key]), covered = [], count = 0;
    for (var word in typed) {
      if (!has.call(typed, word)) continue;
      for (var at = title.indexOf(word); at >= 0; at = title.indexOf(word, at + 1))
        for (var c = at; c < at + word.length; c++) covered[c] = true;
    }
    for (i = 0; i < title.length; i++) if (covered[i]) count++;
    return title.length && count / title.length >= NAMED ? 2 : 0; // as a said word does
  }

  // A revision not yet in force has a page of its own under its page in force (…/2027-01-01/),
  // weighted PENDING in the index. The desk follows the page in force: a document's pages are one
  // result, the page in force (or, when only the new text matched, the pending page), ranked by
  // the best of them as if all counted fully (the new text carries the newest words).
  var PENDING = /*HANDBOOK_PENDING*/0.1;

  // What a query asks for, by the shape of the question (not by its topic): the page kind that
  // answers that shape comes first among the pages that matched the topic.
  // - a role asked for by what it does (修东西的师傅, 会所里管预订的那个人, 前台班长职责): the
  //   role page that matched the query best (its duties and the procedures it takes part in are
  //   its page's text);
  // - a form asked for by what it is for (搬东西出小区的条子, 退物业费要填的单): the form page that
  //   matched best (its purpose and the procedures that use it are its entry's text);
  // - a time limit (几天内, 多久, 最晚), the responsibility matrix (哪个岗位, 对照表), the
  //   organization (编制, 几个人, 几个岗位), the service commitments, the laws and the glossary,
  //   what a new employee learns first (先学哪些: the training page), reading the handbook on a
  //   phone (扫码: the poster) and which edition is in force (哪一版, 签发: the status page): that
  //   page. Time questions are asked of procedures too (会所最多能提前几天订), so the
  //   time-limits page is named only when one of its sections is about the query's topic (a
  //   section title, a commitment, holds one of the query's words: its content decides).
  // "What does … do" asks for a role only after a person (助理做什么, 工人要做什么); after an event
  // or a place (着火了前台先干什么, 物业要做什么) it asks what to do: the procedure.
  var ROLE_DESCRIBED = /的人|那个人|班长|一把手|领导|岗位|职责|管[\u3400-\u9fff]{1,4}的|(员|师傅|助理|经理|主管|工人|长|妹|姐|哥|姨|叔)(要|都|该|平时|每天|主要|一般){0,2}(干什么|干啥|干哪些|做什么|做哪些|负责啥|负责什么|管什么|管啥)|工作范围|岗位要求|任职/;
  var FORM_DESCRIBED = /(的|那个|那张|那本|要填|要签|要记)[\u3400-\u9fff]{0,3}(表|单|条|本|簿|册|台账|记录|委托|名单|清单)(子|格)?$|记在哪|记哪|登记本|交班本/;
  // - a register asked for by its topic (门禁卡发放记录, 楼道清走的东西登记): the form page that
  //   matched best, unless the query says to do it (要登记, 做记录, 怎么登记, 到物业登记: a task,
  //   whose procedure comes first);
  var RECORD_NAMED = /[\u3400-\u9fff]{2}(登记|记录|台账)表?$/;
  var RECORD_DONE = /(要|做|去|到|来|怎么|怎样|如何|需要|需不需要)[\u3400-\u9fff]{0,2}(登记|记录|台账)$|吗|要不要|能不能|是不是/;
  var APPENDIX_ASKED = [
    ["appendix/time-limits", /多久|多长时间|几天|几个?(小时|工作日|分钟)|多少(天|个?工作日|小时|分钟)|时限|期限|最晚|最迟|限时|提前几/, true],
    ["appendix/matrix", /对照表|矩阵|归哪个岗位|哪个岗位负责|谁负责哪|哪件事归/],
    ["organization", /编制|架构|几个人|多少个?人|配几|定编|人员配置|组织机构|几个岗位|哪些岗位|归谁领导|下设/],
    ["training", /先学|学哪些|学哪几|岗前培训|入职培训|新员工培训|培训计划|自测题|测验题|考试题/],
    ["appendix/poster", /扫码|二维码|手机上看|手机看手册/],
    ["appendix/status", /哪一版|哪个版本|现行版本|版号|签发/],
    ["appendix/commitments", /承诺/],
    ["appendix/laws", /法律|法规|条例|哪条规定/],
    ["appendix/glossary", /什么意思|啥意思|是指|指的是|术语|定义/],
  ];
  // a query for the whole table (各项办理期限汇总, 时限一览) needs no section about its topic
  var WHOLE = /汇总|一览|总表|各项|所有|全部/;
  var ASKED_LEVEL = { appendix: 3.6, roles: 3.05, forms: 3.05 };
  function sectionAbout(group) { // a section of the page whose title holds a word of the query
    for (var i = 0; i < group.length; i++) {
      if (group[i].location.indexOf("#") < 0) continue;
      var title = String(group[i].title || "").replace(/<[^>]*>|\u200b/g, "");
      for (var w in typed) if (has.call(typed, w) && w.length >= 2 && title.indexOf(w) >= 0) return true;
    }
    return false;
  }
  function askedFor(kept) {
    var han = asked.replace(/[^\u3400-\u9fff]+/g, ""), i, a, best = {};
    for (a = 0; a < APPENDIX_ASKED.length; a++) {
      if (!APPENDIX_ASKED[a][1].test(han)) continue;
      for (i = 0; i < kept.length; i++)
        if (kept[i].base === APPENDIX_ASKED[a][0] && (!APPENDIX_ASKED[a][2] || WHOLE.test(han) || sectionAbout(kept[i].group)))
          kept[i].title = Math.max(kept[i].title, ASKED_LEVEL.appendix);
    }
    var wanted = { roles: ROLE_DESCRIBED.test(han),
                   forms: !namesProcedure && (FORM_DESCRIBED.test(han) || (RECORD_NAMED.test(han) && !RECORD_DONE.test(han))) };
    // the page of that kind that matched best, by its page (the index) and by its description,
    // each as a share of the best of its kind among the results
    var top = {}, fit = {}, kind, d;
    for (i = 0; i < kept.length; i++) {
      kind = kept[i].base.split("/")[0];
      if (wanted[kind] !== true) continue;
      kept[i].described = described(han, kept[i].base);
      top[kind] = Math.max(top[kind] || 0, kept[i].score);
      fit[kind] = Math.max(fit[kind] || 0, kept[i].described);
    }
    for (i = 0; i < kept.length; i++) {
      kind = kept[i].base.split("/")[0];
      if (wanted[kind] !== true || !top[kind]) continue;
      d = kept[i].score / top[kind] + (fit[kind] ? kept[i].described / fit[kind] : 0);
      if (kind === "forms") d *= recordAgreement(kept[i].base);
      if (!best[kind] || d > best[kind].fit) { best[kind] = kept[i]; best[kind].fit = d; }
    }
    for (var k in best) if (has.call(best, k)) best[k].title = Math.max(best[k].title, ASKED_LEVEL[k]);
  }

  // How well a query matches a role's or a form's description (DESCRIPTIONS: the data's words
  // for what it does, see handbook.site.search_words), as BM25 over single characters and pairs
  // of characters: a character every role has (岗, 职) weighs nothing; 钱 or 修, which few have,
  // decides. Pages are compared with the others of their kind.
  var DESCRIPTIONS = /*HANDBOOK_DESCRIPTIONS*/{};
  var units = null, BM_K = 1.2, BM_B = 0.75;
  function unitsOf(text) {
    var out = {}, runs = String(text).split(" "), r, i, u;
    for (r = 0; r < runs.length; r++)
      for (i = 0; i < runs[r].length; i++) {
        u = runs[r].charAt(i); out[u] = (out[u] || 0) + 1;
        if (i + 1 < runs[r].length) { u = runs[r].substr(i, 2); out[u] = (out[u] || 0) + 1; }
      }
    return out;
  }
  function prepareUnits() {
    if (units) return;
    units = { page: {}, df: {}, n: {}, len: {}, avg: {} };
    var key, kind, u;
    for (key in DESCRIPTIONS) {
      if (!has.call(DESCRIPTIONS, key)) continue;
      kind = key.split("/")[0];
      var counts = unitsOf(DESCRIPTIONS[key]), size = 0;
      units.page[key] = counts;
      units.df[kind] = units.df[kind] || {};
      for (u in counts) if (has.call(counts, u)) { units.df[kind][u] = (units.df[kind][u] || 0) + 1; size += counts[u]; }
      units.len[key] = size;
      units.n[kind] = (units.n[kind] || 0) + 1;
      units.avg[kind] = (units.avg[kind] || 0) + size;
    }
    for (kind in units.n) if (has.call(units.n, kind)) units.avg[kind] /= units.n[kind];
  }
  function described(han, key) {
    prepareUnits();
    var counts = units.page[key];
    if (!counts) return 0;
    var kind = key.split("/")[0], n = units.n[kind], df = units.df[kind], q = unitsOf(han), score = 0;
    var norm = 1 - BM_B + BM_B * units.len[key] / units.avg[kind];
    for (var u in q) {
      if (!has.call(q, u) || !counts[u]) continue;
      var idf = Math.log(1 + (n - df[u] + 0.5) / (df[u] + 0.5));
      score += idf * counts[u] * (BM_K + 1) / (counts[u] + BM_K * norm);
    }
    return score;
  }

  // A procedure new in a pending revision is not the rule yet. When its first revision says it
  // was taken out of another procedure (ORIGINS: 养犬与宠物 out of 租户登记、宠物管理与邻里纠纷调解),
  // and that procedure is in force today and among the first results, that one is shown first and
  // the pending one right behind it: the desk sees the rule it follows today, then the one to come.
  // A procedure that is itself pending (from an earlier date) is not today's rule either, so it
  // does not go first; a query holding the pending procedure's whole title gets it first.
  var ORIGINS = /*HANDBOOK_ORIGINS*/{}, EFFECTIVE = /待生效\s*·\s*(\d{4}-\d{2}-\d{2})/, ORIGIN_WITHIN = 5;
  function shownTitle(entry) { // the page's title as indexed (a section's result carries its page: parent)
    for (var i = 0; i < entry.group.length; i++) {
      var item = entry.group[i], page = item.location.indexOf("#") < 0 ? item : item.parent;
      if (page && page.title) return String(page.title).replace(/<[^>]*>|\u200b/g, "");
    }
    return String(TITLES[entry.base] || "");
  }
  function effective(entry) {
    var m = EFFECTIVE.exec(shownTitle(entry));
    return m ? m[1] : "";
  }
  function originFirst(kept) {
    if (kept.length < 2 || kept[0].title >= 4 || !has.call(ORIGINS, kept[0].base)) return;
    var later = effective(kept[0]), origin = ORIGINS[kept[0].base];
    if (!later) return;
    for (var i = 1; i < Math.min(kept.length, ORIGIN_WITHIN); i++)
      if (/^sops\//.test(kept[i].base) && bare(shownTitle(kept[i])) === origin && !effective(kept[i])) {
        kept.unshift(kept.splice(i, 1)[0]);
        return;
      }
  }

  function rank(groups) {
    var scored = groups.map(function (group, at) {
      var key = pageKey(group), base = key.replace(DATED, ""), dated = base !== key;
      var score = pageScore(group);
      return { group: group, dated: dated, base: base, title: named(group, base),
               score: dated && PENDING > 0 ? score / PENDING : score, at: at };
    });
    var best = {}, kept = [], i, s;
    for (i = 0; i < scored.length; i++) {
      s = scored[i];
      var b = best[s.base];
      if (!b) { best[s.base] = { shown: s, title: s.title, score: s.score }; continue; }
      b.title = Math.max(b.title, s.title); b.score = Math.max(b.score, s.score);
      if (b.shown.dated && (!s.dated || s.score > b.shown.score)) b.shown = s;
    }
    for (i = 0; i < scored.length; i++) {
      s = scored[i];
      if (best[s.base].shown !== s) continue;
      s.title = best[s.base].title; s.score = best[s.base].score;
      kept.push(s);
    }
    askedFor(kept);
    kept.sort(function (a, b) { return b.title - a.title || b.score - a.score || a.at - b.at; });
    originFirst(kept);
    for (i = 0; i < kept.length; i++) groups[i] = kept[i].group;
    groups.length = kept.length;
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

  // The index, taken when Material's worker builds it (lunr's Builder), for the query's pinyin.
  var built = null, wrapped = false;
  function watchBuild() {
    if (wrapped || !self.lunr || !self.lunr.Builder) return;
    wrapped = true;
    var build = self.lunr.Builder.prototype.build;
    self.lunr.Builder.prototype.build = function () {
      var index = build.apply(this, arguments);
      built = index.invertedIndex; shares = {};
      sections = Object.keys(index.fieldVectors || {}).length / Math.max(1, (index.fields || []).length);
      return index;
    };
  }

  // A new query: forget the words of the last one, and read it in simplified characters and
  // pinyin as the index's words (this listener runs before Material's, which reads the same
  // message object).
  var asked = ""; // the query as searched, in simplified characters
  self.addEventListener("message", function (event) {
    watchBuild();
    if (event.data && typeof event.data.data === "string") {
      typed = {}; leadsTo = {}; added = {}; readAs = {}; untyped = {}; namesProcedure = false; rare = null;
      var query = simplify(event.data.data);
      if (built && /[A-Za-z]/.test(query)) { prepare(built); query = fromPinyin(query, built); }
      event.data.data = asked = query;
    }
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
