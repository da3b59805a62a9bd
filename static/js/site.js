// Small enhancements for every page; the pages work without them.
// - The main menu (<details data-fold-on-phone>) is folded on phones and open on wider screens.
// - A filter panel (<details data-open-on-desktop>) folded after a search opens on wide screens,
//   where it sits beside the results instead of above them.
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 992px)");
  function arrange() {
    document.querySelectorAll("details[data-fold-on-phone]").forEach(function (details) {
      details.open = wide.matches;
    });
    if (wide.matches) {
      document.querySelectorAll("details[data-open-on-desktop]").forEach(function (details) {
        details.open = true;
      });
    }
  }
  arrange();
  wide.addEventListener("change", arrange);
})();
