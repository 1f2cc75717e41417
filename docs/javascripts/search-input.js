/* Search on input, not only on key release.
 *
 * Material's search box starts a search when a key is released (keyup). Text that arrives without
 * a key — pasted from WeChat's long-press menu or the browser's context menu, dropped, filled in
 * by the phone's keyboard suggestions, or committed by an input method whose last keyup came
 * before the text — never searched until the next key. Every change of the box's text (the input
 * event, and the end of an input method's composition) now gives Material the keyup it waits for;
 * a change while the input method is still composing (pinyin letters in the box) waits for its end.
 * No library, no request: works the same from file://.
 */
(function () {
  "use strict";
  var BOX = "input[data-md-component=search-query]";
  function search(event) {
    var box = event.target;
    if (!box || !box.matches || !box.matches(BOX)) return;
    if (event.type === "input" && event.isComposing) return;
    box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true, key: "Unidentified" }));
  }
  document.addEventListener("input", search, true);
  document.addEventListener("compositionend", search, true);
  document.addEventListener("paste", function (event) { setTimeout(function () { search(event); }, 0); }, true);
})();
