/*
 * A small stand-in for jQuery UI's tabs widget, with just what django-modeltranslation's
 * language tabs use: .tabs({active: n}), .tabs("option", "active", n) and the
 * "tabsactivate" event. It saves loading jQuery UI from a CDN (our CSP allows only 'self').
 * Tabs follow the WAI-ARIA tabs pattern: roles, aria-selected, arrow keys.
 */
(function ($) {
  "use strict";

  function tabsOf($container) {
    return $container.children("ul").first().children("li");
  }

  function activate($container, index, notify) {
    var $tabs = tabsOf($container);
    var $panels = $container.children("div");
    if (index < 0 || index >= $tabs.length || isNaN(index)) {
      index = 0;
    }
    var $old = $tabs.filter(".ui-tabs-active");
    $tabs.each(function (i) {
      var selected = i === index;
      $(this).toggleClass("ui-tabs-active ui-state-active", selected);
      $(this).children("a").attr({"aria-selected": selected ? "true" : "false", tabindex: selected ? "0" : "-1"});
    });
    $panels.each(function (i) {
      $(this).toggleClass("ui-tabs-hide", i !== index).attr("aria-hidden", i !== index ? "true" : "false");
    });
    if (notify && $old[0] !== $tabs[index]) {
      $container.trigger("tabsactivate", [{newTab: $tabs.eq(index), oldTab: $old, newPanel: $panels.eq(index)}]);
    }
  }

  function setUp($container, active) {
    $container.addClass("ui-tabs");
    $container.children("ul").first().addClass("ui-tabs-nav").attr("role", "tablist");
    var $panels = $container.children("div");
    tabsOf($container).each(function (i) {
      var $link = $(this).attr("role", "presentation").children("a");
      var $panel = $panels.eq(i);
      var panelId = $panel.attr("id");
      $link.attr({role: "tab", id: panelId + "-tab", "aria-controls": panelId});
      $panel.addClass("ui-tabs-panel").attr({role: "tabpanel", "aria-labelledby": panelId + "-tab"});
      $link.on("click", function (event) {
        event.preventDefault();
        activate($container, i, true);
      });
      $link.on("keydown", function (event) {
        var count = tabsOf($container).length;
        var next = {ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: count - 1}[event.key];
        if (next === undefined) {
          return;
        }
        event.preventDefault();
        next = (next + count) % count;
        activate($container, next, true);
        tabsOf($container).eq(next).children("a").trigger("focus");
      });
    });
    activate($container, active || 0, false);
  }

  $.fn.tabs = function (options, name, value) {
    if (options === "option") {
      if (name === "active" && value !== undefined) {
        return this.each(function () {
          activate($(this), parseInt(value, 10), true);
        });
      }
      return tabsOf(this.first()).index(tabsOf(this.first()).filter(".ui-tabs-active"));
    }
    return this.each(function () {
      setUp($(this), options && options.active);
    });
  };
})(window.jQuery || window.django.jQuery);
