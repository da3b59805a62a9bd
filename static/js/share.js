// The share block (members/includes/_share_page.html): a copy button and a print button,
// which need a script; without one the address stays selectable and the browser prints.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    var input = document.getElementById(button.dataset.copyTarget);
    var block = button.closest("[data-share]");
    var status = block && block.querySelector("[data-copy-status]");
    if (!input || !status) {
      return;
    }
    function say(text) {
      status.textContent = text;
    }
    function copyBySelection() {
      input.focus();
      input.select();
      var copied = false;
      try {
        copied = document.execCommand("copy");
      } catch (error) {
        copied = false;
      }
      say(copied ? button.dataset.copied : button.dataset.copyFailed);
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(function () {
          say(button.dataset.copied);
        }, copyBySelection);
      } else {
        copyBySelection();
      }
    });
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
