// MisuseLab's one chart script (no inline script: the Content-Security-Policy is script-src 'self').
// Draws every element carrying data-figure (Plotly figure JSON built on the server) and records how the
// participant explores it: hover, zoom/pan (relayout), legend toggles and clicks, throttled per chart.
//
// Keyboard and screen-reader use. The figure around each chart carries its name (figcaption) and a description in
// words (aria-describedby); the table of the same numbers is the next Tab stop after the chart. Inside the chart:
// - plotly.js's tool bar (zoom in/out, autoscale, reset, download, zoom/pan modes: real <button>s with aria-labels)
//   becomes an ARIA toolbar: one Tab stop instead of eight, arrow keys/Home/End move between its buttons, Enter or
//   Space presses one (native buttons), mode buttons say whether they are on (aria-pressed); plotly.css shows the
//   bar while it has focus.
// - the drawing itself (plotly's SVG layers) is hidden from assistive technology: tick labels read one by one say
//   less than the description and the table. Hover labels and legend clicks need a pointer; what they show is in
//   the table, so keyboard users lose no number.
(function () {
    'use strict';

    var THROTTLE_MS = 2000;
    var session = document.querySelector('.session');
    var eventsUrl = session ? session.getAttribute('data-events-url') : null;
    // Sent with every event, so one from a tab left open on an earlier page is filed under that page.
    var pageIndex = session ? Number(session.getAttribute('data-page')) : NaN;
    var tokenInput = document.querySelector('input[name="__RequestVerificationToken"]');
    var token = tokenInput ? tokenInput.value : null;
    var lastSent = {};

    function send(type, detail) {
        if (!eventsUrl || !token || isNaN(pageIndex)) {
            return;
        }
        var body = JSON.stringify({ type: type, page: pageIndex, detail: detail });
        if (body.length > 3500) {
            body = JSON.stringify({ type: type, page: pageIndex, detail: { chart: detail.chart, truncated: true } });
        }
        fetch(eventsUrl, {
            method: 'POST',
            credentials: 'same-origin',
            keepalive: true,
            headers: { 'Content-Type': 'application/json', 'X-CSRF-TOKEN': token },
            body: body
        }).catch(function () { /* interactions are best effort; answers are not */ });
    }

    function throttled(key, type, detail) {
        var now = Date.now();
        if (lastSent[key] && now - lastSent[key] < THROTTLE_MS) {
            return;
        }
        lastSent[key] = now;
        send(type, detail);
    }

    function point(ev) {
        var p = ev && ev.points && ev.points[0];
        return p ? { x: String(p.x).slice(0, 80), y: String(p.y).slice(0, 80) } : null;
    }

    function relayoutDetail(chart, ev) {
        var detail = { chart: chart };
        Object.keys(ev || {}).slice(0, 8).forEach(function (key) {
            var value = ev[key];
            detail[key] = typeof value === 'object' ? JSON.stringify(value).slice(0, 120) : value;
        });
        return detail;
    }

    var TOGGLE_ATTRIBUTES = /^(dragmode|hovermode)$/;

    function isToggle(button) {
        return button.getAttribute('data-toggle') === 'true' || TOGGLE_ATTRIBUTES.test(button.getAttribute('data-attr') || '');
    }

    // Roles, names and states of the tool bar's buttons, and one Tab stop (roving tabindex). Idempotent: plotly.js
    // may rebuild its tool bar when it redraws, so this runs after every draw.
    function syncToolbar(el, focusIndex) {
        Array.prototype.forEach.call(el.querySelectorAll('svg.main-svg'), function (svg) {
            svg.setAttribute('aria-hidden', 'true');
        });
        var bar = el.querySelector('.modebar');
        if (!bar) {
            return;
        }
        var buttons = bar.querySelectorAll('.modebar-btn');
        bar.setAttribute('role', 'toolbar');
        bar.setAttribute('aria-label', 'Chart tools');
        var current = typeof focusIndex === 'number' ? focusIndex : Number(bar.getAttribute('data-focus-index') || 0);
        if (!(current >= 0 && current < buttons.length)) {
            current = 0;
        }
        bar.setAttribute('data-focus-index', String(current));
        Array.prototype.forEach.call(buttons, function (button, i) {
            if (!button.hasAttribute('aria-label')) {
                button.setAttribute('aria-label', button.getAttribute('data-title') || 'Chart tool');
            }
            button.tabIndex = i === current ? 0 : -1;
            if (isToggle(button)) {
                button.setAttribute('aria-pressed', button.classList.contains('active') ? 'true' : 'false');
            }
            var icon = button.querySelector('svg');
            if (icon) {
                icon.setAttribute('aria-hidden', 'true');
                icon.setAttribute('focusable', 'false');
            }
        });
        if (!bar.hasAttribute('data-keyboard')) {
            bar.setAttribute('data-keyboard', 'true');
            bar.addEventListener('keydown', function (ev) { onToolbarKey(el, bar, ev); });
            // After a press (key or pointer) plotly.js has updated the buttons' classes (its handler is on the button,
            // this one on the bar): refresh aria-pressed, and put focus back if the redraw rebuilt the bar.
            bar.addEventListener('click', function (ev) {
                var pressed = Array.prototype.indexOf.call(bar.querySelectorAll('.modebar-btn'), ev.target.closest('.modebar-btn'));
                syncToolbar(el, pressed >= 0 ? pressed : undefined);
                if (pressed >= 0 && (document.activeElement === document.body || !el.contains(document.activeElement)) && ev.detail === 0) {
                    var again = el.querySelectorAll('.modebar .modebar-btn')[pressed];
                    if (again) again.focus();
                }
            });
        }
    }

    function onToolbarKey(el, bar, ev) {
        var buttons = bar.querySelectorAll('.modebar-btn');
        var index = Array.prototype.indexOf.call(buttons, document.activeElement);
        if (index < 0 || buttons.length === 0) {
            return;
        }
        var next = null;
        switch (ev.key) {
            case 'ArrowRight':
            case 'ArrowDown':
                next = (index + 1) % buttons.length;
                break;
            case 'ArrowLeft':
            case 'ArrowUp':
                next = (index - 1 + buttons.length) % buttons.length;
                break;
            case 'Home':
                next = 0;
                break;
            case 'End':
                next = buttons.length - 1;
                break;
            default:
                return;
        }
        ev.preventDefault();
        syncToolbar(el, next);
        buttons[next].focus();
    }

    var config = {
        responsive: true,
        displaylogo: false,
        modeBarButtonsToRemove: ['sendDataToCloud', 'lasso2d', 'select2d']
    };

    Array.prototype.forEach.call(document.querySelectorAll('[data-figure]'), function (el, index) {
        var figure;
        try {
            figure = JSON.parse(el.getAttribute('data-figure'));
        } catch (e) {
            return; // the table beside the chart still holds the numbers
        }
        if (typeof Plotly === 'undefined') {
            return;
        }
        var chart = (el.getAttribute('data-chart-kind') || 'chart') + '-' + (index + 1);
        if (figure.layout && figure.layout.height) {
            // Plotly's responsive mode sizes the plot to its element, so the element gets the figure's height.
            el.style.height = figure.layout.height + 'px';
        }
        var fallback = el.querySelector('.chart-fallback');
        if (fallback) {
            fallback.remove();
        }
        Plotly.newPlot(el, figure.data, figure.layout, config).then(function () {
            syncToolbar(el);
            el.on('plotly_afterplot', function () { syncToolbar(el); });
            el.classList.add('is-drawn');
            el.on('plotly_hover', function (ev) { throttled(chart + ':hover', 'chart.hover', { chart: chart, point: point(ev) }); });
            el.on('plotly_click', function (ev) { throttled(chart + ':click', 'chart.click', { chart: chart, point: point(ev) }); });
            el.on('plotly_relayout', function (ev) { throttled(chart + ':relayout', 'chart.relayout', relayoutDetail(chart, ev)); });
            el.on('plotly_legendclick', function (ev) {
                throttled(chart + ':legend', 'chart.legend', { chart: chart, trace: ev ? ev.curveNumber : null });
                return true;
            });
        });
    });
})();
