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

  // Sub-categories: once a category is chosen, offer only its own (the server does the same
  // when the page comes back with a category chosen).
  document.querySelectorAll("form select[name=category]").forEach(function (category) {
    var sub = category.form.querySelector("select[name=subcategory]");
    if (!sub) return;
    function narrow() {
      var chosen = category.value ? category.options[category.selectedIndex].text.trim() : "";
      sub.querySelectorAll("optgroup").forEach(function (group) {
        var other = chosen !== "" && group.label !== chosen;
        group.hidden = other;
        group.disabled = other;
      });
      var option = sub.options[sub.selectedIndex];
      if (option && option.parentNode.disabled) sub.value = "";
    }
    category.addEventListener("change", narrow);
    narrow();
  });
})();
