// Facilitator pages: "copy" buttons for invitation links, and the version page's wait for a launch to end (no inline
// script: the CSP allows only script files).
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

    // While a launch builds, ask how it stands every 3 s; show its message in the polite status, and reload once the
    // build has ended so the page shows the launched version (or the failure). No timed reload while nothing changes.
    var building = document.querySelector("[data-launch-url]");
    if (building && typeof window.fetch === "function") {
        var message = building.querySelector("[data-launch-message]");
        var poll = function () {
            fetch(building.getAttribute("data-launch-url"), { credentials: "same-origin", headers: { Accept: "application/json" }, cache: "no-store" })
                .then(function (response) { return response.ok ? response.json() : null; })
                .then(function (job) {
                    if (job && job.state !== "building") { // ended, or no job at all (the app restarted)
                        window.location.reload();
                        return;
                    }
                    if (job && job.message && message && message.textContent !== job.message) message.textContent = job.message;
                    window.setTimeout(poll, 3000);
                }, function () { window.setTimeout(poll, 3000); });
        };
        window.setTimeout(poll, 3000);
    }
})();
