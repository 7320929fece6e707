// Saves each answer as soon as it changes (POST with the antiforgery token), so a reload, the back button or a
// closed tab loses nothing; the page's Next button submits everything again and moves on. Also measures the
// visible time on the page (sent with the submit) and reports when the tab is hidden or shown again.
(function () {
    'use strict';

    var session = document.querySelector('.session');
    var form = document.getElementById('page-form');
    if (!session || !form) {
        var summary = document.getElementById('error-summary');
        if (summary) {
            summary.focus();
        }
        return;
    }
    var answersUrl = session.getAttribute('data-answers-url');
    var eventsUrl = session.getAttribute('data-events-url');
    var token = form.querySelector('input[name="__RequestVerificationToken"]').value;
    var shownAt = Date.now();
    var hiddenMs = 0;
    var hiddenSince = null;
    var timers = {};

    function post(url, body) {
        return fetch(url, {
            method: 'POST',
            credentials: 'same-origin',
            headers: { 'Content-Type': 'application/json', 'X-CSRF-TOKEN': token },
            body: JSON.stringify(body)
        });
    }

    function showStatus(input, text, isError) {
        var question = input.closest('[data-question]');
        var status = question ? question.querySelector('[data-save-status]') : null;
        if (status) {
            status.textContent = text;
            status.classList.toggle('is-error', !!isError);
        }
    }

    function save(input) {
        var item = input.name.slice('answer.'.length);
        showStatus(input, 'Saving…', false);
        post(answersUrl, { item: item, value: input.value }).then(function (response) {
            if (response.ok) {
                showStatus(input, 'Saved', false);
                return;
            }
            return response.json().then(function (problem) {
                showStatus(input, (problem && problem.detail) || 'Not saved.', true);
            }, function () {
                showStatus(input, 'Not saved.', true);
            });
        }).catch(function () {
            showStatus(input, 'Not saved yet (connection problem); it is sent again when you press Next.', true);
        });
    }

    function isAnswer(el) {
        return el && el.name && el.name.indexOf('answer.') === 0;
    }

    form.addEventListener('change', function (e) {
        var el = e.target;
        if (!isAnswer(el) || (el.type === 'radio' && !el.checked)) {
            return;
        }
        if (el.tagName !== 'TEXTAREA' && el.value === '') {
            return;
        }
        clearTimeout(timers[el.name]);
        save(el);
    });

    form.addEventListener('input', function (e) {
        var el = e.target;
        if (isAnswer(el) && el.tagName === 'TEXTAREA') {
            clearTimeout(timers[el.name]);
            timers[el.name] = setTimeout(function () { save(el); }, 1500);
        }
    });

    document.addEventListener('visibilitychange', function () {
        if (document.hidden) {
            hiddenSince = Date.now();
        } else if (hiddenSince !== null) {
            hiddenMs += Date.now() - hiddenSince;
            hiddenSince = null;
        }
        post(eventsUrl, { type: document.hidden ? 'page.hidden' : 'page.visible', detail: {} }).catch(function () { });
    });

    form.addEventListener('submit', function () {
        var dwell = document.getElementById('dwell-ms');
        if (dwell) {
            dwell.value = String(Math.max(0, Date.now() - shownAt - hiddenMs));
        }
        var next = document.getElementById('next');
        if (next) {
            // After the submit has started, so the button's own value is still sent; stops double submits.
            setTimeout(function () { next.disabled = true; }, 0);
        }
    });

    var errors = document.getElementById('error-summary');
    if (errors) {
        errors.focus();
    }
})();
