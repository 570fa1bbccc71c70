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

  // htmx requests that change something carry the session's CSRF token.
  document.addEventListener("htmx:configRequest", function (e) {
    var token = document.querySelector("input[name=_csrf]");
    if (token && e.detail && e.detail.headers) e.detail.headers["X-CSRF-Token"] = token.value;
  });

  function start() {
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
      cell(row, t.person || t.badge_label);
      cell(row, t.kiosk_label || t.kiosk_id);
      cell(row, (t.positive ? "✔ " : "✖ ") + t.result_label, t.positive ? "ok" : "ko");
      passages.insertBefore(row, passages.firstChild);
      while (passages.rows.length > 50) passages.deleteRow(passages.rows.length - 1);
      var empty = document.getElementById("aucun-passage");
      if (empty) empty.remove();
      var kioskRow = document.getElementById("borne-" + t.kiosk_id);
      if (kioskRow) kioskRow.cells[4].textContent = t.time;
      // Someone badged: who is present may have changed.
      var presence = document.getElementById("presences");
      if (presence && window.htmx) window.htmx.trigger(presence, "refresh");
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
      row.cells[1].textContent = online ? "● " + k.online_label : "○ " + k.offline_label;
      row.cells[1].className = online ? "ok" : "ko";
      if (k.pending !== null && k.pending !== undefined) row.cells[2].textContent = String(k.pending);
      if (k.version) row.cells[3].textContent = k.version;
      if (online) row.cells[4].textContent = k.last_seen_label;
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
