// Saves each answer as soon as it changes (POST with the antiforgery token), so a reload, the back button or a
// closed tab loses nothing; the page's Next button submits everything again and moves on. Also measures the
// visible time on the page (sent with the submit) and reports when the tab is hidden or shown again.
// A 409 means nothing on this page can be saved any more (it was submitted in another tab, or the session ended):
// the page says so, stops saving, locks its answers and offers the way to where the participant is now.
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
    var pageIndex = Number(session.getAttribute('data-page'));
    var token = form.querySelector('input[name="__RequestVerificationToken"]').value;
    var shownAt = Date.now();
    var hiddenMs = 0;
    var hiddenSince = null;
    var timers = {};
    var closed = false;

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

    // Shows the page-closed notice with the server's words, and locks the form: nothing typed here would be kept.
    function closePage(problem) {
        if (closed) {
            return;
        }
        closed = true;
        Object.keys(timers).forEach(function (name) { clearTimeout(timers[name]); });
        var notice = document.getElementById('page-closed');
        if (notice) {
            if (problem && problem.title) {
                notice.querySelector('[data-closed-title]').textContent = problem.title;
            }
            if (problem && problem.detail) {
                notice.querySelector('[data-closed-detail]').textContent = problem.detail;
            }
            notice.hidden = false;
            notice.focus();
        }
        Array.prototype.forEach.call(form.elements, function (el) {
            el.disabled = true;
        });
    }

    function save(input) {
        if (closed) {
            return;
        }
        var item = input.name.slice('answer.'.length);
        showStatus(input, 'Saving…', false);
        post(answersUrl, { item: item, value: valueOf(input) }).then(function (response) {
            if (response.ok) {
                showStatus(input, 'Saved', false);
                return;
            }
            return response.json().then(function (problem) {
                if (response.status === 409) {
                    showStatus(input, 'Not saved.', true);
                    closePage(problem);
                    return;
                }
                showStatus(input, (problem && problem.detail) || 'Not saved.', true);
            }, function () {
                showStatus(input, 'Not saved.', true);
                if (response.status === 409) {
                    closePage(null);
                }
            });
        }).catch(function () {
            showStatus(input, 'Not saved yet (connection problem); it is sent again when you press Next.', true);
        });
    }

    // A checkbox group (multi-select) is one answer: the checked boxes' option numbers, comma-joined, as the form sends them.
    function valueOf(input) {
        if (input.type !== 'checkbox') {
            return input.value;
        }
        var boxes = form.querySelectorAll('input[type="checkbox"][name="' + input.name + '"]');
        return Array.prototype.filter.call(boxes, function (b) { return b.checked; })
            .map(function (b) { return b.value; }).join(',');
    }

    function isAnswer(el) {
        return el && el.name && el.name.indexOf('answer.') === 0;
    }

    form.addEventListener('change', function (e) {
        var el = e.target;
        if (!isAnswer(el) || (el.type === 'radio' && !el.checked)) {
            return;
        }
        if (el.tagName !== 'TEXTAREA' && valueOf(el) === '') {
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
        post(eventsUrl, { type: document.hidden ? 'page.hidden' : 'page.visible', page: pageIndex, detail: {} }).catch(function () { });
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
