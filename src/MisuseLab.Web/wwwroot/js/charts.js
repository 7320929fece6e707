// MisuseLab's one chart script (no inline script: the Content-Security-Policy is script-src 'self').
// Draws every element carrying data-figure (Plotly figure JSON built on the server) and records how the
// participant explores it: hover, zoom/pan (relayout), legend toggles and clicks, throttled per chart.
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
