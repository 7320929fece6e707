// A message page that will change soon (a study still being built): ask for this same page every data-recheck
// seconds and reload only when the server's answer is no longer this message (no inline script: the CSP allows only
// script files). Replaces a timed meta refresh, which reloads whether or not anything changed.
(function () {
    'use strict';

    var panel = document.querySelector('[data-recheck]');
    if (!panel || typeof window.fetch !== 'function') {
        return;
    }
    var seconds = Math.max(1, Number(panel.getAttribute('data-recheck')) || 10);
    var title = (panel.querySelector('h1') || {}).textContent || '';

    function check() {
        fetch(window.location.href, { credentials: 'same-origin', cache: 'no-store' })
            .then(function (response) {
                return response.text().then(function (html) {
                    var page = new DOMParser().parseFromString(html, 'text/html');
                    var still = page.querySelector('[data-recheck] h1');
                    return response.redirected || !still || still.textContent !== title;
                });
            })
            .then(function (changed) {
                if (changed) {
                    window.location.reload();
                } else {
                    window.setTimeout(check, seconds * 1000);
                }
            }, function () { window.setTimeout(check, seconds * 1000); });
    }

    window.setTimeout(check, seconds * 1000);
})();
