/* Prichal's staff app: a Telegram Mini App. No framework and no CDN: the page reads Telegram's
   launch parameters from its URL fragment (initData and the theme), sends initData with every
   API call as "Authorization: tma <initData>", and builds every element from text — nothing
   the server or a member wrote is ever inserted as HTML, except listing cards, which are
   rebuilt tag by tag from Telegram's small HTML subset (renderTelegramHtml). */
"use strict";

(function () {
  const launch = new URLSearchParams(location.hash.slice(1));
  const tg = window.Telegram && window.Telegram.WebApp;
  const initData = (tg && tg.initData) || launch.get("tgWebAppData") || "";
  const S = { strings: {}, kinds: {}, topics: {}, roles: [], locale: "en", tab: null };

  // ---- theme ------------------------------------------------------------------------------
  function applyTheme(params) {
    if (!params) return;
    for (const [key, value] of Object.entries(params)) {
      if (/^#[0-9a-fA-F]{3,8}$/.test(String(value))) {
        document.documentElement.style.setProperty("--tg-theme-" + key.replace(/_/g, "-"), value);
      }
    }
  }
  try { applyTheme(JSON.parse(launch.get("tgWebAppThemeParams") || "null")); } catch (e) { /* no theme */ }
  if (tg && tg.themeParams) applyTheme(tg.themeParams);
  // Telegram tells a Mini App about a new theme by posting an event to it.
  window.addEventListener("message", (ev) => {
    try {
      const msg = typeof ev.data === "string" ? JSON.parse(ev.data) : ev.data;
      if (msg && msg.eventType === "theme_changed") applyTheme(msg.eventData && msg.eventData.theme_params);
    } catch (e) { /* not ours */ }
  });

  // ---- helpers ----------------------------------------------------------------------------
  const $ = (id) => document.getElementById(id);
  function t(key, values) {
    let text = S.strings[key] || key;
    for (const [name, value] of Object.entries(values || {})) text = text.split("{" + name + "}").join(String(value));
    return text;
  }
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "class") node.className = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    return add(node, ...children);
  }
  // Append children (nested arrays flattened; null, undefined and false skipped) as nodes or text.
  function add(node, ...children) {
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }
  let toastTimer = null;
  function toast(text, error) {
    const box = $("toast");
    box.textContent = text;
    box.className = error ? "error" : "";
    box.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { box.hidden = true; }, 4000);
  }
  const countryNames = (() => {
    try { return new Intl.DisplayNames([S.locale || "en"], { type: "region" }); } catch (e) { return null; }
  });
  function country(code) {
    if (!code || code === "*") return "🌍";
    try { return (countryNames() && new Intl.DisplayNames([S.locale], { type: "region" }).of(code)) || code; }
    catch (e) { return code; }
  }
  function fmtDate(iso) {
    if (!iso) return "—";
    try { return new Date(iso + (iso.length === 10 ? "T00:00:00Z" : "")).toLocaleDateString(S.locale, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" }); }
    catch (e) { return iso; }
  }

  class ApiError extends Error {
    constructor(status, message) { super(message); this.status = status; }
  }
  async function api(method, path, body) {
    const response = await fetch("api" + path, {
      method,
      headers: Object.assign({ Authorization: "tma " + initData }, body ? { "Content-Type": "application/json" } : {}),
      body: body ? JSON.stringify(body) : undefined,
      credentials: "omit",
      cache: "no-store",
    });
    let data = null;
    try { data = await response.json(); } catch (e) { data = null; }
    if (!response.ok) throw new ApiError(response.status, (data && data.message) || String(response.status));
    return data;
  }
  async function attempt(action) {
    try { return await action(); }
    catch (error) { toast(error.message || String(error), true); return null; }
  }

  // Telegram's HTML subset, rebuilt element by element: anything else becomes its text.
  const TAGS = new Set(["B", "STRONG", "I", "EM", "U", "INS", "S", "STRIKE", "DEL", "CODE", "PRE", "BLOCKQUOTE", "TG-SPOILER"]);
  function renderTelegramHtml(html) {
    const doc = new DOMParser().parseFromString("<body>" + html + "</body>", "text/html");
    const out = el("div", { class: "tg" });
    (function copy(from, to) {
      for (const node of from.childNodes) {
        if (node.nodeType === Node.TEXT_NODE) { to.append(document.createTextNode(node.textContent)); continue; }
        if (node.nodeType !== Node.ELEMENT_NODE) continue;
        let made = null;
        if (TAGS.has(node.tagName)) made = document.createElement(node.tagName === "TG-SPOILER" ? "span" : node.tagName);
        else if (node.tagName === "A") {
          const href = node.getAttribute("href") || "";
          if (/^(https?:|tg:)/i.test(href)) made = el("a", { href, target: "_blank", rel: "noopener noreferrer" });
        }
        if (made) { copy(node, made); to.append(made); } else copy(node, to);
      }
    })(doc.body, out);
    return out;
  }

  // ---- tabs -------------------------------------------------------------------------------
  const has = (role) => S.roles.some((r) => r.role === role || r.role === "admin");
  function tabs() {
    const list = [];
    if (has("moderator")) list.push(["queue", t("app-tab-queue"), showQueue], ["kb", t("app-tab-kb"), showKb]);
    if (has("organiser")) list.push(["numbers", t("app-tab-numbers"), showNumbers]);
    const nav = $("tabs");
    nav.replaceChildren();
    add(nav, list.map(([id, text, show]) =>
      el("button", { role: "tab", id: "tab-" + id, "aria-selected": String(S.tab === id), onclick: () => open(id, show) }, text)));
    return list;
  }
  function open(id, show) {
    S.tab = id;
    for (const b of $("tabs").children) b.setAttribute("aria-selected", String(b.id === "tab-" + id));
    show();
  }
  function view(...children) { $("view").replaceChildren(); add($("view"), ...children); }

  // ---- queue ------------------------------------------------------------------------------
  const Q = { kind: "", country: "", offset: 0 };
  async function showQueue() {
    const params = new URLSearchParams({ offset: String(Q.offset) });
    if (Q.kind) params.set("kind", Q.kind);
    if (Q.country) params.set("country", Q.country);
    const page = await attempt(() => api("GET", "/queue?" + params));
    if (!page) return;
    const kindSelect = el("select", { id: "filter-kind", "aria-label": t("app-filter-kind"), onchange: (e) => { Q.kind = e.target.value; Q.offset = 0; showQueue(); } },
      el("option", { value: "" }, t("app-filter-all-kinds")),
      Object.entries(S.kinds).map(([kind, name]) => el("option", { value: kind, selected: Q.kind === kind }, name + (page.kinds[kind] ? " (" + page.kinds[kind] + ")" : ""))));
    const countries = page.countries || ["GE", "AM", "KZ", "RS", "TR", "IL", "CY", "ME", "KG", "UZ", "AE", "DE", "*"];
    const countrySelect = el("select", { id: "filter-country", "aria-label": t("app-filter-country"), onchange: (e) => { Q.country = e.target.value; Q.offset = 0; showQueue(); } },
      el("option", { value: "" }, t("app-filter-all-countries")),
      countries.map((code) => el("option", { value: code, selected: Q.country === code }, code === "*" ? t("app-transnational") : country(code))));
    const items = page.items.map(queueCard);
    const more = [];
    if (page.offset > 0) more.push(el("button", { class: "act secondary", onclick: () => { Q.offset = Math.max(0, Q.offset - 20); showQueue(); } }, t("app-prev")));
    if (page.offset + page.items.length < page.total) more.push(el("button", { class: "act secondary", onclick: () => { Q.offset += 20; showQueue(); } }, t("app-next")));
    view(
      el("div", { class: "filters" }, kindSelect, countrySelect),
      el("p", { class: "hint", id: "queue-total" }, t("app-queue-total", { count: page.total })),
      items.length ? items : el("div", { class: "card", id: "queue-empty" }, t("app-queue-empty")),
      el("div", { class: "row" }, more));
  }
  function queueCard(item) {
    const box = el("article", { class: "card queue-item", "data-item": String(item.id) });
    const waited = item.waited_hours >= 48 ? t("app-waited-days", { days: Math.floor(item.waited_hours / 24) }) : t("app-waited-hours", { hours: item.waited_hours });
    add(box,
      el("div", { class: "meta" }, (S.kinds[item.kind] || item.kind) + " · " + (item.country === "*" ? t("app-transnational") : country(item.country)) + " · " + waited + (item.overdue ? " · " + t("app-overdue") : "")),
      item.flags.map((flag) => el("span", { class: "flag" }, flag)),
      item.appealed ? el("div", { class: "meta" }, t("app-appealed", { reason: item.reason || "—", appeal: item.appeal || "—" })) : null);
    const body = el("div", { class: "item-body" });
    add(box, body);
    if (item.card || item.gone) showCard(item, box, body);
    else {
      // Collapsed: the title; the card (as members will see it) and the decisions on a tap.
      add(body, el("button", { class: "list-item open-item", onclick: async () => {
        const full = await attempt(() => api("GET", "/queue/" + item.id));
        if (full) showCard(full, box, body);
      } }, el("strong", {}, item.title || "—"), el("span", {}, "▸")));
    }
    return box;
  }
  function showCard(item, box, body) {
    body.replaceChildren();
    add(body, item.card ? renderTelegramHtml(item.card) : el("p", { class: "hint" }, t("app-listing-gone")));
    const actions = el("div", { class: "row" });
    if (item.own) add(actions, el("p", { class: "hint" }, t("app-own-item")));
    else {
      add(actions,
        item.card ? el("button", { class: "act approve", onclick: () => decide(item, box, "approve", {}) }, t("app-approve")) : null,
        item.editable ? el("button", { class: "act secondary edit", onclick: () => editItem(item, box) }, t("app-edit-approve")) : null,
        el("button", { class: "act danger reject", onclick: () => rejectItem(item, box) }, t("app-reject")));
    }
    add(body, actions);
  }
  async function decide(item, box, action, body) {
    for (const b of box.querySelectorAll("button")) b.disabled = true;
    const done = await attempt(() => api("POST", "/queue/" + item.id + "/" + action, body));
    if (!done) { for (const b of box.querySelectorAll("button")) b.disabled = false; return; }
    toast(done.message);
    showQueue();
  }
  function rejectItem(item, box) {
    const reason = el("textarea", { class: "reason", maxlength: "500", placeholder: t("app-reject-reason") });
    box.querySelector(".row").replaceWith(el("div", {},
      el("label", {}, t("app-reject-reason")), reason,
      el("div", { class: "row" },
        el("button", { class: "act danger confirm-reject", onclick: () => {
          if (!reason.value.trim()) { toast(t("app-reason-needed"), true); return; }
          decide(item, box, "reject", { reason: reason.value });
        } }, t("app-reject")),
        el("button", { class: "act secondary", onclick: showQueue }, t("app-cancel")))));
  }
  async function editItem(item, box) {
    const data = await attempt(() => api("GET", "/queue/" + item.id + "/fields"));
    if (!data) return;
    const inputs = data.fields.map((field) => [field, el("textarea", { name: field.name, maxlength: String(field.max) }, field.current)]);
    box.querySelector(".row").replaceWith(el("div", {},
      inputs.map(([field, input]) => [el("label", {}, field.label), input]),
      el("div", { class: "row" },
        el("button", { class: "act save-approve", onclick: () => {
          const edits = {};
          for (const [field, input] of inputs) if (input.value !== field.current) edits[field.name] = input.value;
          decide(item, box, "approve", { edits });
        } }, t("app-save-approve")),
        el("button", { class: "act secondary", onclick: showQueue }, t("app-cancel")))));
  }

  // ---- knowledge base ---------------------------------------------------------------------
  const K = { sub: "due" };
  function kbTabs() {
    return el("div", { class: "filters" },
      el("button", { class: "act " + (K.sub === "due" ? "" : "secondary"), id: "kb-due", onclick: () => { K.sub = "due"; showKb(); } }, t("app-kb-due")),
      el("button", { class: "act " + (K.sub === "map" ? "" : "secondary"), id: "kb-map", onclick: () => { K.sub = "map"; showKb(); } }, t("app-kb-coverage")));
  }
  function stateBadge(state) { return el("span", { class: "state " + state }, t("app-state-" + state)); }
  function entryList(rows) {
    return rows.map((row) => el("button", { class: "list-item kb-entry", "data-entry": String(row.id), onclick: () => showEntry(row.id) },
      el("span", {}, (S.topics[row.topic] || row.topic) + " · " + (row.country === "*" ? "🌍" : country(row.country))),
      el("span", {}, stateBadge(row.state), " ", fmtDate(row.review_by))));
  }
  async function showKb() {
    if (K.sub === "map") return showHeatmap();
    const due = await attempt(() => api("GET", "/kb/due"));
    if (!due) return;
    view(kbTabs(), el("p", { class: "hint" }, t("app-kb-due-total", { count: due.total })),
      due.items.length ? el("div", { class: "card" }, entryList(due.items)) : el("div", { class: "card" }, t("app-kb-nothing-due")));
  }
  async function showHeatmap() {
    const map = await attempt(() => api("GET", "/kb/heatmap"));
    if (!map) return;
    const head = el("tr", {}, el("th", {}, ""), map.topics.map((topic) => el("th", { class: "topic" }, S.topics[topic] || topic)));
    const rows = map.rows.map((row) => el("tr", {},
      el("th", {}, el("button", { class: "act secondary", onclick: () => showCell(row.country, null) },
        (row.country === "*" ? "🌍" : row.country) + " " + row.entries + "/" + row.due + "/" + row.overdue + "/" + row.gaps)),
      map.topics.map((topic) => {
        const cell = row.cells[topic];
        if (!cell) return el("td", {});
        return el("td", {}, el("button", { class: "cell " + cell.state, title: (S.topics[topic] || topic) + ": " + t("app-state-" + cell.state),
          "aria-label": row.country + " " + topic + " " + cell.state, onclick: () => showCell(row.country, topic) }, ""));
      })));
    const legend = el("p", { class: "legend" }, ["ok", "due", "overdue", "draft", "missing"].map((s) => el("span", {}, el("i", { class: s }), t("app-state-" + s))));
    view(kbTabs(), el("p", { class: "hint" }, t("app-heat-legend")),
      el("div", { class: "card heat" }, el("table", {}, el("thead", {}, head), el("tbody", {}, rows))), legend);
  }
  async function showCell(code, topic) {
    const params = new URLSearchParams({ country: code });
    if (topic) params.set("topic", topic);
    const list = await attempt(() => api("GET", "/kb/entries?" + params));
    if (!list) return;
    view(kbTabs(), el("h3", {}, (code === "*" ? "🌍" : country(code)) + (topic ? " · " + (S.topics[topic] || topic) : "")),
      list.items.length ? el("div", { class: "card" }, entryList(list.items)) : el("div", { class: "card" }, t("app-kb-gap")));
  }
  async function showEntry(id) {
    const entry = await attempt(() => api("GET", "/kb/entries/" + id));
    if (entry) renderEntry(entry);
  }
  function renderEntry(entry) {
    const fields = [["q.ru", "app-field-q-ru"], ["a.ru", "app-field-a-ru"], ["q.en", "app-field-q-en"], ["a.en", "app-field-a-en"], ["sources", "app-field-sources"]];
    const texts = el("div", { class: "card" }, el("h3", {}, entry.slug),
      el("div", { class: "meta" }, stateBadge(entry.review_by && entry.review_by < new Date().toISOString().slice(0, 10) ? "overdue" : "due"), " ",
        t("app-kb-verified", { date: fmtDate(entry.verified_at) }), " · ", t("app-kb-review-by", { date: fmtDate(entry.review_by) })),
      el("div", { class: "meta" }, t("app-kb-feedback", entry.feedback)),
      fields.map(([field, key]) => el("div", { class: "field", "data-field": field },
        el("label", {}, t(key)), el("div", { class: "tg" }, entry.texts[field] || "—"),
        el("button", { class: "act secondary edit-field", onclick: (e) => editField(entry, field, e.target.closest(".field")) }, t("app-edit")))));
    const sources = el("div", { class: "card" }, el("h3", {}, t("app-kb-sources")),
      entry.sources.length ? entry.sources.map((s) => el("div", { class: "source" },
        el("a", { href: s.url, target: "_blank", rel: "noopener noreferrer" }, s.host), " · ", s.date || t("app-undated"),
        s.facts.length ? el("ul", {}, s.facts.map((f) => el("li", {}, f))) : el("p", { class: "hint" }, t("app-kb-no-facts")),
        s.notes.map((n) => el("p", { class: "note" }, "⚠ " + n)))) : el("p", { class: "hint" }, t("app-kb-no-sources")));
    view(kbTabs(),
      el("div", { class: "two" }, texts, sources),
      el("div", { class: "row" },
        el("button", { class: "act confirm-entry", id: "confirm-entry", onclick: async () => {
          const done = await attempt(() => api("POST", "/kb/entries/" + entry.id + "/verify"));
          if (done) { toast(done.message); renderEntry(done); }
        } }, t("app-kb-confirm")),
        el("button", { class: "act secondary", onclick: showKb }, t("app-back"))));
  }
  function editField(entry, field, box) {
    const input = el("textarea", { name: field }, entry.texts[field] || "");
    const diffBox = el("div", { class: "diff card" });
    const save = el("button", { class: "act save-field", disabled: true, onclick: async () => {
      const done = await attempt(() => api("POST", "/kb/entries/" + entry.id + "/edit", { field, value: input.value }));
      if (done) { toast(t("app-saved")); renderEntry(done); }
    } }, t("app-save"));
    box.replaceChildren();
    add(box, el("label", {}, field), input,
      el("div", { class: "row" },
        el("button", { class: "act secondary show-diff", onclick: async () => {
          const d = await attempt(() => api("POST", "/kb/entries/" + entry.id + "/diff", { field, value: input.value }));
          if (!d) return;
          diffBox.replaceChildren();
          add(diffBox, d.diff.map((line) => el("div", { class: line.op === "+" ? "add" : line.op === "-" ? "del" : "" }, line.op + " " + line.text)));
          save.disabled = !d.changed;
        } }, t("app-show-diff")), save,
        el("button", { class: "act secondary", onclick: () => renderEntry(entry) }, t("app-cancel"))),
      diffBox);
  }

  // ---- numbers ----------------------------------------------------------------------------
  function barChart(title, rows, id) {
    // rows: [{label, value|null}] — null is a suppressed cell (under 5 people).
    const shown = rows.slice(0, 15);
    const max = Math.max(1, ...shown.map((r) => r.value || 0));
    const rowH = 20, labelW = 120, width = 340;
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("viewBox", "0 0 " + width + " " + (shown.length * rowH + 4));
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", title);
    shown.forEach((row, i) => {
      const y = i * rowH + 2;
      const text = document.createElementNS(svg.namespaceURI, "text");
      text.setAttribute("x", "0"); text.setAttribute("y", String(y + 14));
      text.textContent = String(row.label).slice(0, 20);
      const bar = document.createElementNS(svg.namespaceURI, "rect");
      const w = row.value === null ? 6 : Math.max(2, (row.value / max) * (width - labelW - 40));
      bar.setAttribute("x", String(labelW)); bar.setAttribute("y", String(y + 3));
      bar.setAttribute("width", String(w)); bar.setAttribute("height", String(rowH - 6));
      bar.setAttribute("class", row.value === null ? "suppressed" : "bar");
      const value = document.createElementNS(svg.namespaceURI, "text");
      value.setAttribute("x", String(labelW + w + 4)); value.setAttribute("y", String(y + 14));
      value.textContent = row.value === null ? "<5" : String(row.value);
      svg.append(text, bar, value);
    });
    return el("section", { class: "card chart", id }, el("h3", {}, title),
      shown.length ? svg : el("p", { class: "hint" }, t("app-no-data")));
  }
  async function showNumbers() {
    const n = await attempt(() => api("GET", "/stats"));
    if (!n) return;
    const byCountry = n.members_by_country.map((r) => ({ label: r.label === "—" ? "—" : country(r.label), value: r.value }));
    const weeks = n.newcomers_per_week.map((r) => ({ label: fmtDate(r.label), value: r.value }));
    const overTime = n.members_over_time.series.map((s) => barChart(t("app-chart-over-time", { country: country(s.label) }),
      s.values.map((v, i) => ({ label: fmtDate(n.members_over_time.weeks[i]), value: v })), "chart-over-time-" + s.label));
    const topics = n.questions_per_topic;
    const b = n.broadcasts;
    view(
      el("p", { class: "hint" }, t("app-numbers-note")),
      barChart(t("app-chart-members-country"), byCountry, "chart-country"),
      barChart(t("app-chart-members-profession"), n.members_by_profession, "chart-profession"),
      barChart(t("app-chart-newcomers"), weeks, "chart-newcomers"),
      overTime,
      barChart(t("app-chart-asked"), topics.map((r) => ({ label: r.label, value: r.asked })), "chart-asked"),
      barChart(t("app-chart-answered"), topics.map((r) => ({ label: r.label, value: r.answered })), "chart-answered"),
      barChart(t("app-chart-unhelpful"), topics.map((r) => ({ label: r.label, value: r.unhelpful })), "chart-unhelpful"),
      barChart(t("app-chart-gaps"), n.top_gaps.map((g) => ({ label: (g.country === "*" ? "🌍" : g.country) + " · " + g.lang + " · " + t("app-gap-" + g.kind), value: g.count })), "chart-gaps"),
      barChart(t("app-chart-broadcasts"), [
        { label: t("app-sent"), value: b.sent }, { label: t("app-unreachable"), value: b.unreachable }, { label: t("app-failed"), value: b.failed }], "chart-broadcasts"),
      barChart(t("app-chart-unsubscribed"), b.unsubscribed, "chart-unsubscribed"),
      barChart(t("app-chart-events"), n.events.map((e) => ({ label: e.title, value: e.going })), "chart-events"),
      // RSVPs beside attendance: two bars per event whose organiser recorded how many came.
      barChart(t("app-chart-attendance"), (n.attendance || []).flatMap((e) => [
        { label: t("app-att-going", { title: e.title }), value: e.going },
        { label: t("app-att-came", { title: e.title }), value: e.attended }]), "chart-attendance"));
  }

  // ---- start ------------------------------------------------------------------------------
  async function start() {
    if (tg && tg.ready) tg.ready();
    if (tg && tg.expand) tg.expand();
    if (!initData) { view(el("div", { class: "card", id: "no-telegram" }, "Open this page from the bot in Telegram.")); return; }
    let me;
    try {
      const words = await api("GET", "/strings");
      Object.assign(S, { strings: words.strings, kinds: words.kinds, topics: words.topics, locale: words.locale });
      document.documentElement.lang = S.locale;
      me = await api("GET", "/me");
    } catch (error) {
      view(el("div", { class: "card", id: "refused" }, error.message || String(error)));
      return;
    }
    S.roles = me.roles;
    document.title = t("app-title");
    const list = tabs();
    if (list.length) open(list[0][0], list[0][2]);
    else view(el("div", { class: "card" }, t("app-error-forbidden")));
  }
  start();
})();
