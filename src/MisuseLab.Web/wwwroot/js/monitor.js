// The facilitator's live monitor, updated in place (no inline script: the CSP allows only script files).
// Every data-refresh-seconds it fetches the numbers (MonitorSnapshot JSON) from data-counts-url and writes them where
// the page printed the first ones; what changed in the totals is said once in the polite live region, so a screen
// reader finishes what it was reading first. "Pause updates" stops the fetching until "Resume updates".
(function () {
    'use strict';

    var root = document.getElementById('monitor');
    if (!root || typeof window.fetch !== 'function') {
        return;
    }
    var url = root.getAttribute('data-counts-url');
    var seconds = Math.max(1, Number(root.getAttribute('data-refresh-seconds')) || 15);
    var asOf = document.getElementById('monitor-as-of');
    var mode = document.getElementById('monitor-mode');
    var button = document.getElementById('monitor-pause');
    var announcer = document.getElementById('monitor-announcer');
    var timer = null;
    var paused = false;
    var last = readTotals();

    // The totals as first printed: status name -> number, plus "participants".
    function readTotals() {
        var totals = {};
        Array.prototype.forEach.call(document.querySelectorAll('dd[id^="total-"]'), function (dd) {
            totals[dd.id.substring('total-'.length)] = Number(dd.textContent);
        });
        var all = document.getElementById('total');
        totals.participants = all ? parseInt(all.textContent, 10) : 0;
        return totals;
    }

    function setText(el, text) {
        if (el && el.textContent !== String(text)) {
            el.textContent = String(text);
        }
    }

    function cell(text, tag) {
        var td = document.createElement(tag || 'td');
        td.textContent = text;
        return td;
    }

    function renderCells(rows, statuses) {
        var body = document.getElementById('monitor-cells');
        rows.forEach(function (row) {
            var tr = body.querySelector('tr[data-cell="' + CSS.escape(row.cell) + '"]');
            if (!tr) {
                // A cell the definition does not list (participants of an edited draft): a new row, as the server draws it.
                tr = document.createElement('tr');
                tr.setAttribute('data-cell', row.cell);
                var th = cell(row.cell, 'th');
                th.setAttribute('scope', 'row');
                tr.appendChild(th);
                statuses.concat(['total']).forEach(function (status) {
                    var td = cell('0');
                    td.setAttribute('data-status', status);
                    tr.appendChild(td);
                });
                body.appendChild(tr);
            }
            statuses.forEach(function (status) {
                setText(tr.querySelector('td[data-status="' + status + '"]'), row.counts[status]);
            });
            setText(tr.querySelector('td[data-status="total"]'), row.total);
        });
    }

    function renderDropOuts(rows) {
        var body = document.getElementById('monitor-dropouts');
        rows.forEach(function (row) {
            var tr = body.querySelector('tr[data-page="' + CSS.escape(row.page) + '"]');
            if (tr) {
                setText(tr.querySelector('td'), row.dropOuts);
            }
        });
    }

    function renderPeople(people) {
        var wrapper = document.getElementById('monitor-people');
        var body = wrapper.querySelector('tbody');
        var rows = document.createDocumentFragment();
        people.forEach(function (p) {
            var tr = document.createElement('tr');
            tr.setAttribute('data-participant', p.pseudonym);
            var code = document.createElement('code');
            code.textContent = p.pseudonym;
            var first = document.createElement('td');
            first.appendChild(code);
            if (p.pilot) {
                var badge = document.createElement('span');
                badge.className = 'badge';
                badge.textContent = 'pilot';
                first.appendChild(document.createTextNode(' '));
                first.appendChild(badge);
            }
            tr.appendChild(first);
            tr.appendChild(cell(p.cell));
            var status = document.createElement('span');
            status.className = 'status status-' + p.status;
            status.textContent = p.status;
            var statusCell = document.createElement('td');
            statusCell.appendChild(status);
            tr.appendChild(statusCell);
            [p.page, p.started, p.lastActivity, p.idle].forEach(function (text) { tr.appendChild(cell(text)); });
            rows.appendChild(tr);
        });
        body.replaceChildren(rows);
        wrapper.hidden = people.length === 0;
        document.getElementById('monitor-nobody').hidden = people.length > 0;
    }

    // One sentence about what changed in the totals, or '' when nothing did.
    function changes(before, after, statuses) {
        var parts = [];
        if (after.participants !== before.participants) {
            var delta = after.participants - before.participants;
            parts.push(Math.abs(delta) + (delta > 0 ? ' more ' : ' fewer ') + (Math.abs(delta) === 1 ? 'participant' : 'participants') +
                ', ' + after.participants + ' in all');
        }
        statuses.forEach(function (status) {
            if (after[status] !== before[status]) {
                parts.push(status + ' ' + before[status] + ' to ' + after[status]);
            }
        });
        return parts.length === 0 ? '' : 'Monitor updated: ' + parts.join('; ') + '.';
    }

    function render(snapshot) {
        var statuses = Object.keys(snapshot.totals);
        setText(document.getElementById('total'), snapshot.target == null ? snapshot.participants : snapshot.participants + ' / ' + snapshot.target);
        statuses.forEach(function (status) {
            setText(document.getElementById('total-' + status), snapshot.totals[status]);
        });
        // Pilot participants are counted apart (a pilot run's bots); the run's own sentence is announced by its live region.
        setText(document.getElementById('pilot-total'), snapshot.pilotParticipants);
        statuses.forEach(function (status) {
            setText(document.getElementById('pilot-total-' + status), snapshot.pilotTotals[status]);
        });
        var run = document.getElementById('pilot-run');
        if (run && snapshot.pilotRun) {
            setText(run, snapshot.pilotRun);
            run.hidden = false;
        }
        renderCells(snapshot.cells, statuses);
        renderDropOuts(snapshot.dropOuts);
        renderPeople(snapshot.people);
        setText(asOf, 'As of ' + snapshot.at + ' UTC.');
        var now = { participants: snapshot.participants };
        statuses.forEach(function (status) { now[status] = snapshot.totals[status]; });
        var said = changes(last, now, statuses);
        last = now;
        if (said) {
            setText(announcer, said);
        }
    }

    function update() {
        timer = null;
        fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' }, cache: 'no-store' })
            .then(function (response) {
                var type = response.headers.get('Content-Type') || '';
                if (!response.ok || type.indexOf('application/json') < 0) {
                    // A lapsed sign-in answers with the login page, not JSON.
                    throw new Error(response.ok ? 'the answer was not JSON (signed out?)' : 'HTTP ' + response.status);
                }
                return response.json();
            })
            .then(function (snapshot) {
                render(snapshot);
                setText(mode, 'Updates every ' + seconds + ' s.');
            }, function (error) {
                setText(mode, 'The last update failed (' + error.message + '); trying again in ' + seconds + ' s.');
            })
            .then(schedule);
    }

    function schedule() {
        if (!paused && timer === null) {
            timer = window.setTimeout(update, seconds * 1000);
        }
    }

    button.addEventListener('click', function () {
        paused = !paused;
        if (paused) {
            if (timer !== null) {
                window.clearTimeout(timer);
                timer = null;
            }
            button.textContent = 'Resume updates';
            setText(mode, 'Updates paused.');
        } else {
            button.textContent = 'Pause updates';
            setText(mode, 'Updates every ' + seconds + ' s.');
            update();
        }
    });

    button.hidden = false;
    setText(mode, 'Updates every ' + seconds + ' s.');
    schedule();
})();
