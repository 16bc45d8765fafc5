/* Story comparison pages: a little progressive enhancement, no framework.
 *
 * Every page works without this file: filters and the text view are GET parameters the
 * server applies, versions are plain form fields. With it:
 *  - home: extra version slots stay folded until "Add a version"; "Remove" folds one again;
 *  - comparison: filters and the translation/original/both view apply at once (and are
 *    kept in the address, so a reload or a copied link shows the same), and the keys
 *    j/n and k/p (or the buttons) move to the next/previous row holding a shown signal.
 * Loaded from 'self' only (the Content-Security-Policy allows no inline script).
 */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function ready(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  function all(selector, scope) {
    return Array.prototype.slice.call((scope || document).querySelectorAll(selector));
  }

  // -- home: add and remove versions -------------------------------------------------------
  function initVersionSlots() {
    var form = document.getElementById("compare-form");
    if (!form) return;
    var slots = all(".version-slot", form);
    var add = form.querySelector(".add-version");
    var fields = function (slot) { return all("input, textarea", slot); };
    var filled = function (slot) { return fields(slot).some(function (el) { return el.value.trim() !== ""; }); };

    // Fold the optional slots after the last one in use.
    var lastUsed = 1;
    slots.forEach(function (slot, i) { if (filled(slot)) lastUsed = Math.max(lastUsed, i); });
    slots.forEach(function (slot, i) { slot.hidden = i > lastUsed; });

    function update() {
      add.hidden = slots.every(function (slot) { return !slot.hidden; });
      all(".remove-version", form).forEach(function (button) { button.hidden = false; });
    }

    add.addEventListener("click", function () {
      var next = slots.filter(function (slot) { return slot.hidden; })[0];
      if (!next) return;
      next.hidden = false;
      update();
      next.querySelector("textarea").focus();
    });

    // Removing a version moves the later ones up, so "Version N" always names the Nth.
    all(".remove-version", form).forEach(function (button) {
      button.addEventListener("click", function () {
        var visible = slots.filter(function (slot) { return !slot.hidden; });
        var from = visible.indexOf(button.closest(".version-slot"));
        for (var i = from; i < visible.length - 1; i++) {
          var here = fields(visible[i]), there = fields(visible[i + 1]);
          here.forEach(function (el, k) { el.value = there[k].value; });
        }
        var last = visible[visible.length - 1];
        fields(last).forEach(function (el) { el.value = ""; });
        last.hidden = true;
        update();
        (visible[from].hidden ? add : visible[from].querySelector("textarea")).focus();
      });
    });
    update();
  }

  // -- comparison: filters, view, keyboard ---------------------------------------------------
  function initComparison() {
    var article = document.getElementById("comparison");
    var controls = document.getElementById("controls");
    if (!article || !controls) return;
    var signals = all("#signal-list > li");
    var rows = all("#aligned > tbody > tr.row");
    var rowTags = all(".row-signals li[data-signals]");
    var position = document.getElementById("diff-position");
    var count = document.getElementById("signal-count");
    var noSignals = document.getElementById("no-signals");
    var noRows = document.getElementById("no-rows");
    var current = null;

    function state() {
      var data = new FormData(controls); // takes in the toolbar's fields (form="controls") too
      return {
        types: data.getAll("type"),
        allTypes: all('input[name="type"]', controls).length,
        version: data.get("version") || "",
        only: data.get("only") === "differences",
        view: data.get("view") || "translation"
      };
    }

    function keepInAddress(s) {
      var params = new URLSearchParams();
      if (s.types.length !== s.allTypes) {
        params.append("filtered", "1");
        s.types.forEach(function (t) { params.append("type", t); });
      }
      if (s.version) params.append("version", s.version);
      if (s.only) params.append("only", "differences");
      if (s.view !== "translation") params.append("view", s.view);
      var query = params.toString();
      history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
    }

    function apply() {
      var s = state();
      var shown = {};
      var visible = 0;
      signals.forEach(function (li) {
        var ok = s.types.indexOf(li.dataset.type) >= 0 && (s.version === "" || li.dataset.version === s.version);
        li.hidden = !ok;
        if (ok) { shown[li.id] = true; visible++; }
      });
      rowTags.forEach(function (tag) {
        var ids = tag.dataset.signals.split(" ").filter(function (id) { return shown[id]; });
        tag.hidden = ids.length === 0;
        var link = tag.querySelector("a"), count = tag.querySelector(".n");
        if (ids.length) link.setAttribute("href", "#" + ids[0]);
        if (count) count.textContent = "×" + ids.length;
      });
      var diffRows = 0;
      rows.forEach(function (row) {
        var diff = (row.dataset.signals || "").split(" ").some(function (id) { return id && shown[id]; });
        row.classList.toggle("is-diff", diff);
        row.hidden = s.only && !diff;
        if (diff) diffRows++;
      });
      article.classList.remove("view-translation", "view-original", "view-both");
      article.classList.add("view-" + s.view);
      if (count) count.textContent = visible === signals.length ? String(signals.length) : visible + " of " + signals.length;
      if (noSignals) noSignals.hidden = visible > 0 || signals.length === 0;
      if (noRows) noRows.hidden = !(s.only && diffRows === 0);
      if (position) position.textContent = diffRows + " row" + (diffRows === 1 ? "" : "s") + " with signals";
      keepInAddress(s);
    }

    controls.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    all("input, select").forEach(function (el) {
      if (el.form === controls) el.addEventListener("change", apply);
    });

    function targets() {
      return rows.filter(function (row) { return !row.hidden && row.classList.contains("is-diff"); });
    }

    function show(row, list) {
      if (current) current.classList.remove("current");
      current = row;
      row.classList.add("current");
      row.tabIndex = -1;
      row.focus({ preventScroll: true });
      row.scrollIntoView({ block: "center" });
      history.replaceState(null, "", location.pathname + location.search + "#" + row.id);
      if (position) {
        position.textContent = "Difference " + (list.indexOf(row) + 1) + " of " + list.length +
          " (row " + row.id.replace("row-", "") + ")";
      }
    }

    function go(step) {
      var list = targets();
      if (!list.length) {
        if (position) position.textContent = "No rows with signals are shown";
        return;
      }
      var at = current ? rows.indexOf(current) : -1;
      var next = null;
      if (step > 0) {
        next = list.filter(function (row) { return rows.indexOf(row) > at; })[0] || null;
      } else {
        var before = list.filter(function (row) { return at < 0 || rows.indexOf(row) < at; });
        next = before[before.length - 1] || null;
      }
      if (next) show(next, list);
      else if (position) position.textContent = step > 0 ? "That was the last difference" : "That was the first difference";
    }

    var prev = document.getElementById("prev-diff");
    var next = document.getElementById("next-diff");
    if (prev) prev.addEventListener("click", function () { go(-1); });
    if (next) next.addEventListener("click", function () { go(1); });

    document.addEventListener("keydown", function (event) {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      var target = event.target;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      if (event.key === "j" || event.key === "n") { event.preventDefault(); go(1); }
      else if (event.key === "k" || event.key === "p") { event.preventDefault(); go(-1); }
    });

    // A followed row link (#row-N) is where the next key press starts from.
    function fromHash() {
      var row = location.hash && document.getElementById(location.hash.slice(1));
      if (row && rows.indexOf(row) >= 0) {
        if (current) current.classList.remove("current");
        current = row;
        row.classList.add("current");
      }
    }
    window.addEventListener("hashchange", fromHash);
    fromHash();
    apply();
  }

  ready(function () {
    all(".js-only").forEach(function (el) { el.hidden = false; });
    initVersionSlots();
    initComparison();
  });
})();
