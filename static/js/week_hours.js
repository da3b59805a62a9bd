// The hours form works without this file: "Copy Monday to all weekdays" is a submit button
// that the server answers with the form filled. Here the copy happens in the page instead,
// and ticking "open" is done for the editor when they type a time.
(function () {
  "use strict";
  var form = document.querySelector("[data-week-hours]");
  if (!form) return;
  function field(day, name) { return form.elements.namedItem("d" + day + "-" + name); }
  var copy = form.querySelector('button[name="copy_monday"]');
  if (copy) {
    copy.addEventListener("click", function (event) {
      event.preventDefault();
      for (var day = 1; day <= 4; day++) {
        field(day, "open").checked = field(0, "open").checked;
        for (var n = 1; field(day, "opens-" + n); n++) {
          var opens = field(0, "opens-" + n), closes = field(0, "closes-" + n);
          field(day, "opens-" + n).value = opens ? opens.value : "";
          field(day, "closes-" + n).value = closes ? closes.value : "";
        }
      }
      var status = document.getElementById("week-hours-status");
      if (status) status.textContent = copy.getAttribute("data-done") || "";
    });
  }
  form.addEventListener("input", function (event) {
    var match = /^d(\d)-(opens|closes)-\d+$/.exec(event.target.name || "");
    if (match && event.target.value) field(match[1], "open").checked = true;
  });
})();
