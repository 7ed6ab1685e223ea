// translator report: draws the overview and the entries from the JSON block above.
// Strings that hold markup were rendered and escaped by translator (markdown-it, raw
// HTML off); everything else goes into the page as text. One page of rows at a time.
"use strict";
(function () {
  const D = JSON.parse(document.getElementById("report-data").textContent);
  const S = D.strings;
  const STATE = D.states; // ["translated", "fuzzy", "draft", "untranslated"]
  const SEV = D.severities; // ["error", "warning", "info"]
  const PAGE = 100; // entry rows per page
  const DOC_PAGE = 50; // overview rows per page
  const $ = (id) => document.getElementById(id);

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    if (attrs) for (const k in attrs) if (attrs[k] !== null && attrs[k] !== undefined) node.setAttribute(k, attrs[k]);
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function html(tag, attrs, markup) {
    const node = el(tag, attrs);
    node.innerHTML = markup; // only strings translator rendered and escaped
    return node;
  }
  const plural = (n, word, many) => n + " " + (n === 1 ? word : many || word + "s");
  const pct = (n) => (Math.round(n * 10) / 10).toFixed(1) + "%";

  // ---- header -------------------------------------------------------------------------
  let total = 0, translated = 0, catalogs = 0, entryCount = 0;
  for (const c of D.cells) {
    if (!c.exists) continue;
    catalogs += 1;
    total += c.total;
    translated += c.translated;
    entryCount += c.entries.length;
  }
  $("meta").textContent =
    "Generated " + D.generated + " · source language " + D.localeNames[D.sourceLocale] +
    " (" + D.sourceLocale + ")";
  const totals = $("totals");
  totals.append(
    el("span", null, plural(D.documents.length, "document") + " × " + plural(D.locales.length, "locale") +
      " · " + plural(catalogs, "catalog") + " · " + plural(total, "entry", "entries") +
      " · " + pct(total ? (100 * translated) / total : 100) + " translated · "),
  );
  for (const s of SEV) {
    totals.append(el("span", { class: "sev sev-" + s, "data-severity": s }, plural(D.findings[s], s)));
    totals.append(" ");
  }

  const legend = $("legend");
  for (const [cls, label] of [
    ["translated", "translated"],
    ["fuzzy", "fuzzy (needs review)"],
    ["draft", "draft (pre-translated, fuzzy)"],
    ["untranslated", "untranslated"],
  ]) {
    legend.append(el("span", { class: "swatch " + cls, "aria-hidden": "true" }), el("span", null, label + "  "));
  }

  // ---- overview ------------------------------------------------------------------------
  const cellsByDoc = D.documents.map(() => ({}));
  D.cells.forEach((c, i) => { cellsByDoc[c.doc][c.locale] = i; });
  let docPage = 0;
  let docFilter = "";

  function bar(c) {
    const wrap = el("span", { class: "bar", "aria-hidden": "true" });
    const fuzzyOnly = c.fuzzy - c.drafts;
    for (const [cls, n] of [["translated", c.translated], ["fuzzy", fuzzyOnly], ["draft", c.drafts], ["untranslated", c.untranslated]]) {
      if (!n) continue;
      const part = el("span", { class: cls });
      part.style.width = (100 * n) / (c.total || 1) + "%";
      wrap.append(part);
    }
    return wrap;
  }

  function engines(c) {
    const parts = Object.keys(c.engines).sort().map((k) => k + " " + c.engines[k]);
    let text = parts.join(", ");
    if (c.scores) text += "; score " + (c.scores[0] === c.scores[1] ? c.scores[0] : c.scores[0] + "–" + c.scores[1]);
    return text;
  }

  function overviewCell(ci) {
    const c = D.cells[ci];
    const td = el("td", { class: "cell" });
    if (!c.exists) {
      td.append(el("span", { class: "none" }, "no catalog"));
      return td;
    }
    const button = el("button", {
      type: "button", class: "open", "data-cell": ci, "data-doc": D.documents[c.doc].name, "data-locale": c.locale,
      title: c.catalog + "\n" + c.translated + " translated, " + c.fuzzy + " fuzzy (" + c.drafts +
        " drafts), " + c.untranslated + " untranslated of " + c.total +
        (c.revised ? "\ntranslation revised " + c.revised : ""),
    });
    button.append(el("span", { class: "percent", "data-field": "percent" }, pct(c.percent)), bar(c));
    const counts = el("span", { class: "counts" });
    counts.append(
      el("span", { class: "n translated", "data-field": "translated", title: "translated" }, c.translated),
      el("span", { class: "n fuzzy", "data-field": "fuzzy", title: "fuzzy, drafts included" }, c.fuzzy),
      el("span", { class: "n untranslated", "data-field": "untranslated", title: "untranslated" }, c.untranslated),
      el("span", { class: "n total", "data-field": "total", title: "entries" }, "/ " + c.total),
    );
    button.append(counts);
    if (c.drafts) {
      button.append(el("span", { class: "drafts", "data-field": "drafts", title: "drafts by engine" },
        plural(c.drafts, "draft") + " (" + engines(c) + ")"));
    }
    const findings = el("span", { class: "findings-count" });
    for (const s of SEV) {
      if (c.findings[s]) findings.append(el("span", { class: "sev sev-" + s, "data-severity": s }, plural(c.findings[s], s)));
    }
    button.append(findings);
    const [covered, uses] = c.glossary;
    if (uses) {
      button.append(el("span", { class: "glossary", "data-field": "glossary",
        title: "glossary: term uses in translated sentences whose translation has the preferred form" },
        "terms " + covered + "/" + uses));
    }
    td.append(button);
    return td;
  }

  function drawOverview() {
    const table = $("matrix");
    table.textContent = "";
    const head = el("thead");
    const row = el("tr");
    row.append(el("th", { scope: "col" }, "Document"), el("th", { scope: "col" }, "Source changed"),
      el("th", { scope: "col" }, "Source findings"));
    for (const loc of D.locales) {
      const th = el("th", { scope: "col", "data-locale": loc }, D.localeNames[loc] || loc);
      th.append(el("span", { class: "code" }, loc));
      row.append(th);
    }
    head.append(row);
    table.append(head);
    const needle = docFilter.toLowerCase();
    const docs = [];
    D.documents.forEach((d, i) => { if (!needle || d.name.toLowerCase().includes(needle) || d.source.toLowerCase().includes(needle)) docs.push(i); });
    const pages = Math.max(1, Math.ceil(docs.length / DOC_PAGE));
    docPage = Math.min(docPage, pages - 1);
    const body = el("tbody");
    for (const di of docs.slice(docPage * DOC_PAGE, (docPage + 1) * DOC_PAGE)) {
      const d = D.documents[di];
      const tr = el("tr", { "data-doc": d.name });
      const th = el("th", { scope: "row" });
      th.append(el("span", { class: "doc-name" }, d.name), el("span", { class: "doc-source" }, d.source));
      tr.append(th, el("td", { class: "changed" }, d.sourceChanged || "–"));
      const sf = el("td", { class: "source-findings" });
      for (const s of SEV) if (d.findings[s]) sf.append(el("span", { class: "sev sev-" + s, "data-severity": s }, plural(d.findings[s], s)));
      tr.append(sf);
      for (const loc of D.locales) {
        const ci = cellsByDoc[di][loc];
        tr.append(ci === undefined ? el("td", { class: "cell" }, "–") : overviewCell(ci));
      }
      body.append(tr);
    }
    table.append(body);
    pager($("overview-pager"), docPage, pages, docs.length, "document", (p) => { docPage = p; drawOverview(); });
  }

  $("matrix").addEventListener("click", (event) => {
    const button = event.target.closest("button.open");
    if (!button) return;
    const c = D.cells[Number(button.dataset.cell)];
    $("f-doc").value = String(c.doc);
    $("f-locale").value = c.locale;
    $("f-state").value = "all";
    $("f-check").value = "any";
    $("f-text").value = "";
    applyFilters();
    $("entries").scrollIntoView();
  });
  let docTimer = 0;
  $("doc-filter").addEventListener("input", () => {
    clearTimeout(docTimer);
    docTimer = setTimeout(() => { docFilter = $("doc-filter").value; docPage = 0; drawOverview(); }, 120);
  });

  // ---- pagers --------------------------------------------------------------------------
  function pager(node, page, pages, count, word, go) {
    node.textContent = "";
    if (pages <= 1) return;
    const prev = el("button", { type: "button", class: "prev", "aria-label": "previous page" }, "‹");
    const next = el("button", { type: "button", class: "next", "aria-label": "next page" }, "›");
    prev.disabled = page === 0;
    next.disabled = page >= pages - 1;
    prev.addEventListener("click", () => go(page - 1));
    next.addEventListener("click", () => go(page + 1));
    node.append(prev, el("span", { class: "page" }, "page " + (page + 1) + " of " + pages), next);
  }

  // ---- entries -------------------------------------------------------------------------
  function option(select, value, label) { select.append(el("option", { value: value }, label)); }
  const fDoc = $("f-doc"), fLocale = $("f-locale"), fState = $("f-state"), fCheck = $("f-check"), fText = $("f-text");
  option(fDoc, "all", "all documents");
  D.documents.forEach((d, i) => option(fDoc, String(i), d.name));
  option(fLocale, "all", "all locales");
  for (const loc of D.locales) option(fLocale, loc, (D.localeNames[loc] || loc) + " (" + loc + ")");
  option(fState, "all", "all states");
  option(fState, "attention", "needs attention");
  for (const s of STATE) option(fState, s, s);
  option(fCheck, "any", "any");
  option(fCheck, "findings", "with findings");
  D.checks.forEach((c, i) => option(fCheck, String(i), c));

  const plainCache = new Map();
  function plain(index) {
    if (index < 0) return "";
    let text = plainCache.get(index);
    if (text === undefined) {
      text = S[index].replace(/<[^>]*>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">")
        .replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&amp;/g, "&").toLowerCase();
      plainCache.set(index, text);
    }
    return text;
  }
  const needsAttention = (e) => e[2] !== 0 || e[7].length > 0;

  let results = []; // flat [cell, entry, cell, entry, …]
  let page = 0;
  let current = -1; // position in results (entry number) of the focused row

  function applyFilters() {
    const doc = fDoc.value, loc = fLocale.value, state = fState.value, check = fCheck.value;
    const needle = fText.value.trim().toLowerCase();
    const stateIndex = STATE.indexOf(state);
    const checkIndex = check === "any" || check === "findings" ? -1 : Number(check);
    const out = [];
    D.cells.forEach((c, ci) => {
      if (doc !== "all" && String(c.doc) !== doc) return;
      if (loc !== "all" && c.locale !== loc) return;
      const entries = c.entries;
      for (let ei = 0; ei < entries.length; ei++) {
        const e = entries[ei];
        if (state === "attention" ? !needsAttention(e) : stateIndex >= 0 && e[2] !== stateIndex) continue;
        if (check === "findings" && e[7].length === 0) continue;
        if (checkIndex >= 0 && !e[7].some((f) => f[0] === checkIndex)) continue;
        if (needle && !plain(e[0]).includes(needle) && !plain(e[1]).includes(needle)) continue;
        out.push(ci, ei);
      }
    });
    results = out;
    page = 0;
    current = -1;
    drawEntries();
  }

  const KIND_LABEL = (kind) => {
    let m = /^heading (\d)$/.exec(kind);
    if (m) return "H" + m[1];
    if (kind === "paragraph") return "¶";
    if (kind === "list item") return "•";
    if (kind === "block quote") return "❝";
    if (kind === "table cell") return "cell";
    if (kind === "table header cell") return "th";
    m = /^front matter: (.*)$/.exec(kind);
    if (m) return m[1];
    return kind || "?";
  };
  const KIND_CLASS = (kind) => {
    const m = /^heading (\d)$/.exec(kind);
    if (m) return "kind-heading kind-h" + m[1];
    if (kind === "list item") return "kind-list";
    if (kind === "block quote") return "kind-quote";
    if (kind.startsWith("table")) return "kind-cell";
    if (kind.startsWith("front matter")) return "kind-front";
    return "kind-paragraph";
  };

  function entryRow(position, ci, ei, previous) {
    const c = D.cells[ci];
    const e = c.entries[ei];
    const [src, tr, state, kindIdx, line, diff, note, findings, ctx] = e;
    const kind = S[kindIdx];
    const prevEntry = previous && previous[0] === ci ? c.entries[previous[1]] : null;
    const prevKind = prevEntry ? S[prevEntry[3]] : null;
    const newBlock = !prevEntry || prevKind !== kind || line - prevEntry[4] > 1 ||
      (line !== prevEntry[4] && kind !== "paragraph" && kind !== "block quote");
    const row = el("tr", {
      class: "entry state-" + STATE[state] + " " + KIND_CLASS(kind) + (newBlock ? " block-start" : "") +
        (needsAttention(e) ? " attention" : ""),
      tabindex: "-1", "data-state": STATE[state], "data-position": position,
      "data-doc": D.documents[c.doc].name, "data-locale": c.locale,
    });
    const where = el("td", { class: "where" });
    where.append(el("span", { class: "kind", title: kind, "aria-label": kind }, KIND_LABEL(kind)));
    if (line) where.append(el("span", { class: "line" }, "line " + line));
    const source = el("td", { class: "source" });
    if (ctx >= 0) source.append(el("div", { class: "context" }, "context: " + S[ctx]));
    source.append(html("div", { class: "text", lang: D.sourceLang }, S[src]));
    if (diff >= 0) {
      const box = el("div", { class: "diff" });
      box.append(el("span", { class: "label" }, "source changed: "), html("span", { lang: D.sourceLang, class: "chars" }, S[diff]));
      source.append(box);
    }
    const target = el("td", { class: "target" });
    const lang = D.localeLangs[c.locale] || c.locale;
    if (tr >= 0) {
      if (diff >= 0) target.append(el("div", { class: "label" }, "old translation (of the previous source):"));
      target.append(html("div", { class: "text", lang: lang }, S[tr]));
    } else {
      target.append(el("div", { class: "missing" }, "not translated"));
    }
    if (note >= 0) target.append(el("div", { class: "note" }, S[note]));
    const status = el("td", { class: "status" });
    status.append(el("span", { class: "state-badge " + STATE[state] }, STATE[state]));
    if (findings.length) {
      const list = el("ul", { class: "findings" });
      for (const [check, sev, message, aboutSource] of findings) {
        const li = el("li", { class: "sev-" + SEV[sev], "data-check": D.checks[check] || "" });
        li.append(el("span", { class: "sev sev-" + SEV[sev] }, SEV[sev]), " ",
          el("code", { class: "check" }, D.checks[check] || "?"), " ",
          el("span", { class: "message" }, (aboutSource ? "(source) " : "") + S[message]));
        list.append(li);
      }
      status.append(list);
    }
    row.append(where, source, target, status);
    return row;
  }

  function drawEntries() {
    const body = $("rows-body");
    body.textContent = "";
    const count = results.length / 2;
    const pages = Math.max(1, Math.ceil(count / PAGE));
    page = Math.max(0, Math.min(page, pages - 1));
    $("count").textContent = plural(count, "entry", "entries");
    let previous = null, lastCell = -1;
    const start = page * PAGE, end = Math.min(count, start + PAGE);
    const rows = document.createDocumentFragment();
    for (let i = start; i < end; i++) {
      const ci = results[2 * i], ei = results[2 * i + 1];
      if (ci !== lastCell) {
        const c = D.cells[ci];
        const group = el("tr", { class: "group" });
        const th = el("th", { colspan: "4", scope: "rowgroup" });
        th.append(el("span", { class: "doc-name" }, D.documents[c.doc].name), " → ",
          el("span", { class: "locale" }, (D.localeNames[c.locale] || c.locale) + " (" + c.locale + ")"),
          el("span", { class: "catalog" }, c.catalog));
        group.append(th);
        rows.append(group);
        lastCell = ci;
        previous = null;
      }
      rows.append(entryRow(i, ci, ei, previous));
      previous = [ci, ei];
    }
    body.append(rows);
    const go = (p) => { page = p; drawEntries(); };
    pager($("pager"), page, pages, count, "entry", go);
    pager($("pager-foot"), page, pages, count, "entry", go);
  }

  let textTimer = 0;
  for (const select of [fDoc, fLocale, fState, fCheck]) select.addEventListener("change", applyFilters);
  fText.addEventListener("input", () => { clearTimeout(textTimer); textTimer = setTimeout(applyFilters, 150); });
  $("filters").addEventListener("submit", (event) => { event.preventDefault(); applyFilters(); });

  // ---- keyboard ------------------------------------------------------------------------
  function say(text) { $("count").textContent = text; }
  function focusPosition(position) {
    const wanted = Math.floor(position / PAGE);
    if (wanted !== page) { page = wanted; drawEntries(); }
    const row = document.querySelector('#rows-body tr[data-position="' + position + '"]');
    if (!row) return;
    for (const old of document.querySelectorAll("#rows-body tr.current")) old.classList.remove("current");
    row.classList.add("current");
    row.focus({ preventScroll: true });
    row.scrollIntoView({ block: "center" });
    current = position;
  }
  function step(direction) {
    const count = results.length / 2;
    for (let i = current + direction; i >= 0 && i < count; i += direction) {
      if (needsAttention(D.cells[results[2 * i]].entries[results[2 * i + 1]])) { focusPosition(i); return; }
    }
    say(direction > 0 ? "no further entry needs attention" : "no earlier entry needs attention");
  }
  document.addEventListener("keydown", (event) => {
    const typing = event.target.closest && event.target.closest("input, select, textarea");
    if (typing) {
      if (event.key === "Escape") event.target.blur();
      return;
    }
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === "j" || event.key === "n") { step(1); event.preventDefault(); }
    else if (event.key === "k" || event.key === "p") { step(-1); event.preventDefault(); }
    else if (event.key === "/") { fText.focus(); event.preventDefault(); }
    else if (event.key === "]") { const pages = Math.ceil(results.length / 2 / PAGE); if (page < pages - 1) { page += 1; drawEntries(); } }
    else if (event.key === "[") { if (page > 0) { page -= 1; drawEntries(); } }
  });

  drawOverview();
  applyFilters();
  document.documentElement.dataset.ready = "true";
})();
