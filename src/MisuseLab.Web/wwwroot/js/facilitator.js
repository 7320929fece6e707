// Facilitator pages: "copy" buttons for invitation links (no inline script: the CSP allows only script files).
(function () {
    "use strict";
    document.querySelectorAll("[data-copy-target]").forEach(function (button) {
        button.addEventListener("click", function () {
            var target = document.getElementById(button.getAttribute("data-copy-target"));
            var status = button.parentElement.querySelector(".copy-status");
            if (!target) return;
            var done = function (text) { if (status) status.textContent = text; };
            if (navigator.clipboard && window.isSecureContext) {
                navigator.clipboard.writeText(target.value).then(function () { done("Copied."); }, function () { target.select(); done("Press Ctrl+C to copy."); });
            } else {
                target.focus();
                target.select();
                done("Selected: press Ctrl+C to copy.");
            }
        });
    });
})();
