// CITEOSQUARE pages: the desk's live feed, and confirmation before destructive actions.
// No inline scripts (the Content-Security-Policy forbids them); no framework besides htmx.
(function () {
  "use strict";

  // Forms marked data-confirm ask before submitting (revoking a badge, a token, a password reset).
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (form && form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      e.preventDefault();
    }
  });

  // Buttons marked data-print print the page (a booking to hand to a senior).
  document.addEventListener("click", function (e) {
    var b = e.target && e.target.closest ? e.target.closest("[data-print]") : null;
    if (b) window.print();
  });

  // htmx requests that change something carry the session's CSRF token.
  document.addEventListener("htmx:configRequest", function (e) {
    var token = document.querySelector("input[name=_csrf]");
    if (token && e.detail && e.detail.headers) e.detail.headers["X-CSRF-Token"] = token.value;
  });

  // Polled fragments (the badge just read at the desk, who is present) are swapped in only when
  // they changed: a live region refilled with the same words every 2 s would be read out again
  // and again by screen readers, and a button replaced under the pointer can miss its click.
  var lastSwapped = typeof WeakMap === "function" ? new WeakMap() : null;
  document.addEventListener("htmx:beforeSwap", function (e) {
    var d = e.detail;
    if (!lastSwapped || !d || !d.target || !d.shouldSwap || typeof d.serverResponse !== "string") return;
    if (lastSwapped.get(d.target) === d.serverResponse) d.shouldSwap = false;
    else lastSwapped.set(d.target, d.serverResponse);
  });

  // A table wider than its box scrolls sideways (phones, large text). While it does, its box is a
  // named region reachable with the keyboard, so it can be scrolled without a mouse; otherwise it is
  // a plain box, with no extra tab stop.
  function fitTables() {
    var boxes = document.querySelectorAll(".table-scroll");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        if (box.dataset.labelledby) box.setAttribute("aria-labelledby", box.dataset.labelledby);
      } else {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-labelledby");
      }
    }
  }
  // Tables shown as cards on phones: each cell carries its column's name, and the table keeps
  // its roles for screen readers once its CSS display is no longer a table's.
  function labelCards(root) {
    var tables = (root || document).querySelectorAll("table.cards");
    for (var i = 0; i < tables.length; i++) {
      var t = tables[i];
      var heads = t.querySelectorAll("thead th");
      var names = [];
      for (var h = 0; h < heads.length; h++) {
        names.push(heads[h].textContent.trim());
        heads[h].setAttribute("role", "columnheader");
      }
      t.setAttribute("role", "table");
      var groups = t.querySelectorAll("thead, tbody");
      for (var g = 0; g < groups.length; g++) groups[g].setAttribute("role", "rowgroup");
      var rows = t.querySelectorAll("tr");
      for (var r = 0; r < rows.length; r++) {
        rows[r].setAttribute("role", "row");
        var cells = rows[r].children;
        for (var c = 0; c < cells.length; c++) {
          if (cells[c].tagName === "TD") {
            cells[c].setAttribute("role", "cell");
            if (names[c] && !cells[c].hasAttribute("data-label")) cells[c].setAttribute("data-label", names[c]);
          } else if (cells[c].getAttribute("scope") === "row") {
            cells[c].setAttribute("role", "rowheader");
          }
        }
      }
    }
  }
  labelCards();
  document.addEventListener("htmx:afterSettle", function (e) { labelCards(e.target && e.target.parentNode); });
  var fitPending = null;
  function fitTablesSoon() {
    if (fitPending) return;
    fitPending = window.setTimeout(function () {
      fitPending = null;
      fitTables();
    }, 100);
  }
  window.addEventListener("resize", fitTablesSoon);
  document.addEventListener("htmx:afterSettle", fitTablesSoon);

  function start() {
    fitTables();
    var passages = document.getElementById("passages");
    var state = document.getElementById("etat-direct");
    if (!passages || !state || !window.EventSource) return;

    function cell(row, text, cls) {
      var td = document.createElement("td");
      td.textContent = text;
      if (cls) td.className = cls;
      row.appendChild(td);
      return td;
    }

    var source = new EventSource("/accueil/flux");
    source.addEventListener("open", function () {
      state.textContent = state.dataset.live;
      state.className = "live-state live-on";
    });
    source.addEventListener("error", function () {
      state.textContent = state.dataset.lost;
      state.className = "live-state live-lost";
    });
    source.addEventListener("tap", function (e) {
      var t = JSON.parse(e.data);
      var row = document.createElement("tr");
      row.className = "new";
      cell(row, t.time);
      var who = cell(row, t.person ? "" : t.badge_label);
      if (t.person && t.person_id) {
        var link = document.createElement("a");
        link.href = "/personnes/" + encodeURIComponent(t.person_id);
        link.textContent = t.person;
        who.appendChild(link);
      } else if (t.person) {
        who.textContent = t.person;
      } else if (t.assign_url) {
        // An unknown card: offer to give it to someone.
        who.appendChild(document.createTextNode(" — "));
        var assign = document.createElement("a");
        assign.href = t.assign_url;
        assign.textContent = t.assign_label;
        who.appendChild(assign);
      }
      cell(row, t.kiosk_label || t.kiosk_id);
      var result = cell(row, (t.positive ? "✔ " : "✖ ") + t.result_label, t.positive ? "ok" : "ko");
      if (t.why) {
        // Why the kiosk refused, in its own words.
        result.appendChild(document.createElement("br"));
        var why = document.createElement("small");
        why.textContent = t.why;
        result.appendChild(why);
      }
      if (t.step_url) {
        // What the desk can do about it now.
        result.appendChild(document.createTextNode(" "));
        var step = document.createElement("a");
        step.href = t.step_url;
        step.className = "button secondary step";
        step.textContent = t.step_label;
        var whom = document.createElement("span");
        whom.className = "visually-hidden";
        whom.textContent = " — " + (t.person || t.badge_label);
        step.appendChild(whom);
        result.appendChild(step);
      }
      passages.insertBefore(row, passages.firstChild);
      labelCards(passages.parentNode.parentNode);
      while (passages.rows.length > 50) passages.deleteRow(passages.rows.length - 1);
      var empty = document.getElementById("aucun-passage");
      if (empty) empty.remove();
      var kioskRow = document.getElementById("borne-" + t.kiosk_id);
      if (kioskRow) kioskRow.cells[4].textContent = t.time;
      // Someone badged: who is present may have changed.
      var presence = document.getElementById("presences");
      if (presence && window.htmx) window.htmx.trigger(presence, "refresh");
      // …and who is serving a SEL shift.
      var sel = document.getElementById("sel");
      if (sel && sel.hasAttribute("hx-get") && window.htmx) window.htmx.trigger(sel, "refresh");
      fitTablesSoon();
    });
    source.addEventListener("kiosk", function (e) {
      var k = JSON.parse(e.data);
      var row = document.getElementById("borne-" + k.kiosk_id);
      if (!row) {
        row = document.createElement("tr");
        row.id = "borne-" + k.kiosk_id;
        for (var i = 0; i < 5; i++) row.appendChild(document.createElement("td"));
        document.getElementById("bornes").appendChild(row);
        row.cells[0].textContent = (k.label || k.kiosk_id) + " (" + k.kiosk_id + ")";
      }
      var online = k.state === "online";
      var state = document.createElement("span");
      state.textContent = online ? "● " + k.online_label : "○ " + k.offline_label;
      state.className = online ? "ok" : "ko";
      row.cells[1].textContent = "";
      row.cells[1].appendChild(state);
      // An offline kiosk's last alarms stay until it says otherwise.
      var alarms = online ? (k.alarm_labels || []) : null;
      if (alarms === null) alarms = row.dataset.alarms ? JSON.parse(row.dataset.alarms) : [];
      row.dataset.alarms = JSON.stringify(alarms);
      alarms.forEach(function (a) {
        var s = document.createElement("span");
        s.className = "alarm";
        s.textContent = "⚠ " + a;
        row.cells[1].appendChild(s);
      });
      if (k.pending !== null && k.pending !== undefined) row.cells[2].textContent = String(k.pending);
      if (k.version) row.cells[3].textContent = k.version;
      if (online) row.cells[4].textContent = k.last_seen_label;
      fitTablesSoon();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
