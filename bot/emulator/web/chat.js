// Web chat of the local Telegram emulator. Plain JS, no dependencies, control API only.
// The bot's text is NEVER inserted as HTML: messages are built as DOM nodes from text + entities.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const api = async (method, path, body, signal) => {
    const init = { method, headers: {}, signal };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const resp = await fetch(path, init);
    let data = null;
    try { data = await resp.json(); } catch (e) { data = null; }
    if (!resp.ok) {
      const err = new Error((data && data.error) || `HTTP ${resp.status}`);
      err.status = resp.status;
      throw err;
    }
    return data;
  };

  const state = {
    userId: null,
    version: 0,
    messages: new Map(), // message_id -> transcript message
    users: [],
    you: "",
    abort: null,
    blocked: false,
    commands: [],
    loopToken: 0,
  };

  // ---------------------------------------------------------------- users

  function currentUserFromUrl() {
    const q = new URLSearchParams(location.search).get("user");
    const h = new URLSearchParams(location.hash.replace(/^#/, "")).get("user");
    const id = parseInt(q || h || "", 10);
    return Number.isFinite(id) ? id : null;
  }

  async function loadUsers() {
    const { users, bot } = await api("GET", "/_emulator/users");
    if (bot && state.userId === null) {
      $("bot-name").textContent = bot.first_name + (bot.username ? ` · @${bot.username}` : "");
    }
    const list = $("user-list");
    const select = $("user-select");
    list.replaceChildren();
    select.replaceChildren();
    const placeholder = document.createElement("option");
    placeholder.value = "";
    placeholder.textContent = users.length ? "Choose a person…" : "No people yet";
    select.appendChild(placeholder);
    for (const u of users) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.className = "person";
      a.href = `/?user=${u.id}`;
      a.dataset.userId = String(u.id);
      const name = document.createElement("span");
      name.className = "name";
      name.textContent = u.first_name + (u.last_name ? " " + u.last_name : "");
      a.appendChild(name);
      if (u.note) {
        const badge = document.createElement("span");
        badge.className = "note";
        badge.textContent = u.note;
        a.appendChild(badge);
      }
      const sub = document.createElement("span");
      sub.className = "sub";
      sub.textContent = (u.language_code ? `${u.language_code} · ` : "") + `id ${u.id}` +
        (u.username ? ` · @${u.username}` : "") + (u.blocked ? " · blocked the bot" : "");
      a.appendChild(sub);
      if (u.id === state.userId) a.classList.add("current");
      a.addEventListener("click", (ev) => {
        if (ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button !== 0) return; // new tab: let it
        ev.preventDefault();
        openUser(u.id);
      });
      const tab = document.createElement("a");
      tab.className = "new-tab";
      tab.href = `/?user=${u.id}`;
      tab.target = "_blank";
      tab.rel = "noopener";
      tab.title = "Open in a new tab";
      tab.setAttribute("aria-label", `Open ${u.first_name} in a new tab`);
      tab.textContent = "↗";
      li.append(a, tab);
      list.appendChild(li);
      const opt = document.createElement("option");
      opt.value = String(u.id);
      opt.textContent = u.first_name + (u.note ? ` — ${u.note}` : "");
      if (u.id === state.userId) opt.selected = true;
      select.appendChild(opt);
    }
    state.users = users;
    updateEmpty();
    return users;
  }

  async function createUser(ev) {
    ev.preventDefault();
    const name = $("new-user-name").value.trim();
    if (!name) return;
    const body = { first_name: name };
    const lang = $("new-user-lang").value;
    if (lang) body.language_code = lang;
    const username = $("new-user-username").value.trim().replace(/^@/, "");
    if (username) body.username = username;
    try {
      const user = await api("POST", "/_emulator/users", body);
      $("new-user-form").reset();
      await openUser(user.id);
    } catch (e) {
      toast(e.message, true);
    }
  }

  async function openUser(id) {
    state.userId = id;
    state.version = 0;
    state.messages.clear();
    $("messages").replaceChildren();
    $("app").classList.remove("show-sidebar");
    const url = new URL(location.href);
    url.searchParams.set("user", String(id));
    url.hash = "";
    history.replaceState(null, "", url);
    for (const a of document.querySelectorAll("#user-list a")) {
      a.classList.toggle("current", a.dataset.userId === String(id));
    }
    loadUsers().catch(() => {});
    $("composer").disabled = false;
    $("send").disabled = false;
    try {
      await loadProfile();
    } catch (e) {
      toast(e.message, true);
      return;
    }
    startPolling();
  }

  async function loadProfile() {
    const info = await api("GET", `/_emulator/users/${state.userId}`);
    $("bot-name").textContent = info.bot.first_name + (info.bot.username ? ` · @${info.bot.username}` : "");
    document.title = `${info.user.first_name} ↔ ${info.bot.first_name}`;
    state.you = `you are ${info.user.first_name}` + (info.note ? ` · ${info.note}` : "") +
      (info.user.language_code ? ` · ${info.user.language_code}` : "");
    $("status").textContent = state.you;
    state.commands = info.commands || [];
    state.blocked = !!info.blocked;
    const toggle = $("block-toggle");
    toggle.hidden = false;
    toggle.textContent = state.blocked ? "Unblock bot" : "Block bot";
    toggle.classList.toggle("blocked", state.blocked);
    $("bot-description").textContent = info.description || "Press Start to talk to the bot.";
    renderCommands();
    updateEmpty();
  }

  // ---------------------------------------------------------------- polling

  function startPolling() {
    if (state.abort) state.abort.abort();
    state.loopToken += 1;
    const token = state.loopToken;
    state.abort = new AbortController();
    const signal = state.abort.signal;
    (async () => {
      let failures = 0;
      while (token === state.loopToken) {
        try {
          const data = await api(
            "GET",
            `/_emulator/users/${state.userId}/chat?since=${state.version}&wait=25`,
            undefined,
            signal,
          );
          if (token !== state.loopToken) return;
          failures = 0;
          applyChanges(data);
        } catch (e) {
          if (signal.aborted || token !== state.loopToken) return;
          failures += 1;
          if (e.status === 404) {
            $("status").textContent = "this person no longer exists (emulator reset?)";
            return;
          }
          $("status").textContent = "reconnecting…";
          await new Promise((r) => setTimeout(r, Math.min(5000, 500 * failures)));
        }
      }
    })();
  }

  let typingTimer = null;
  function applyChanges(data) {
    const container = $("messages");
    const nearBottom = container.scrollHeight - container.scrollTop - container.clientHeight < 80;
    if (data.version < state.version) {
      // The chat was recreated (reset): start over.
      state.messages.clear();
      container.replaceChildren();
    }
    state.version = data.version;
    for (const m of data.messages) {
      state.messages.set(m.message_id, m);
      const node = renderMessage(m);
      const old = container.querySelector(`.msg[data-message-id="${m.message_id}"]`);
      if (old) {
        old.replaceWith(node);
      } else {
        insertInOrder(container, node, m.message_id);
      }
    }
    renderReplyKeyboard(data.reply_keyboard);
    for (const a of data.callback_answers || []) {
      if (a.text && a.show_alert) showAlert(a.text);
      else if (a.text) toast(a.text);
      if (a.url) toast(`The bot wants to open ${a.url}`);
    }
    const status = $("status");
    if (data.action) {
      status.textContent = data.action === "typing" ? "typing…" : data.action.replace(/_/g, " ") + "…";
      clearTimeout(typingTimer);
      typingTimer = setTimeout(() => { status.textContent = state.you; }, 5000);
    } else if (status.textContent !== state.you) {
      status.textContent = state.you;
    }
    updateEmpty();
    if (nearBottom || data.messages.some((m) => !m.from_bot)) {
      container.scrollTop = container.scrollHeight;
    }
  }

  function insertInOrder(container, node, id) {
    const nodes = container.querySelectorAll(".msg");
    for (let i = nodes.length - 1; i >= 0; i--) {
      if (Number(nodes[i].dataset.messageId) < id) {
        nodes[i].after(node);
        return;
      }
    }
    container.prepend(node);
  }

  function updateEmpty() {
    $("empty").hidden = !(state.userId && state.messages.size === 0);
    $("welcome").hidden = state.userId !== null;
  }

  // ---------------------------------------------------------------- rendering

  const SAFE_SCHEMES = /^(https?:|tg:|mailto:)/i;

  function safeHref(url) {
    if (!url) return null;
    const trimmed = String(url).trim();
    if (SAFE_SCHEMES.test(trimmed)) return trimmed;
    if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed)) return null; // javascript:, data:, ...
    return "http://" + trimmed;
  }

  function elementFor(entity, slice) {
    let el;
    switch (entity.type) {
      case "bold": el = document.createElement("strong"); break;
      case "italic": el = document.createElement("em"); break;
      case "underline": el = document.createElement("u"); break;
      case "strikethrough": el = document.createElement("s"); break;
      case "code": el = document.createElement("code"); break;
      case "pre":
        el = document.createElement("pre");
        if (entity.language) el.dataset.language = entity.language;
        break;
      case "blockquote": el = document.createElement("blockquote"); break;
      case "expandable_blockquote":
        el = document.createElement("blockquote");
        el.className = "expandable";
        el.addEventListener("click", () => el.classList.toggle("open"));
        break;
      case "spoiler":
        el = document.createElement("span");
        el.className = "spoiler";
        el.addEventListener("click", () => el.classList.add("shown"));
        break;
      case "text_link":
      case "url":
      case "email": {
        const href = entity.type === "email" ? "mailto:" + slice
          : safeHref(entity.type === "url" ? slice : entity.url);
        if (!href) { el = document.createElement("span"); break; }
        el = document.createElement("a");
        el.setAttribute("href", href);
        el.setAttribute("target", "_blank");
        el.setAttribute("rel", "noopener noreferrer nofollow");
        break;
      }
      case "bot_command":
        el = document.createElement("span");
        el.className = "command";
        el.addEventListener("click", () => sendText(slice));
        break;
      case "date_time":
        el = document.createElement("time");
        if (entity.unix_time) el.title = new Date(entity.unix_time * 1000).toLocaleString();
        break;
      default:
        el = document.createElement("span");
        el.className = entity.type.replace(/[^a-z_]/g, "");
    }
    return el;
  }

  // Builds nodes for text + entities (offsets in UTF-16 units, which is what JS strings use).
  function renderFormatted(text, entities) {
    const root = document.createElement("div");
    root.className = "text";
    const ents = [...(entities || [])].sort((a, b) => a.offset - b.offset || b.length - a.length);
    const stack = [{ end: text.length, node: root }];
    let pos = 0;
    const emit = (upto) => {
      if (upto > pos) {
        stack[stack.length - 1].node.appendChild(document.createTextNode(text.slice(pos, upto)));
        pos = upto;
      }
    };
    for (const e of ents) {
      while (stack.length > 1 && stack[stack.length - 1].end <= e.offset) {
        emit(stack[stack.length - 1].end);
        stack.pop();
      }
      emit(e.offset);
      const end = Math.min(e.offset + e.length, stack[stack.length - 1].end);
      const el = elementFor(e, text.slice(e.offset, end));
      stack[stack.length - 1].node.appendChild(el);
      stack.push({ end, node: el });
    }
    while (stack.length > 1) {
      emit(stack[stack.length - 1].end);
      stack.pop();
    }
    emit(text.length);
    return root;
  }

  function renderMessage(m) {
    const div = document.createElement("div");
    div.className = "msg " + (m.from_bot ? "bot" : "user") + (m.deleted ? " deleted" : "");
    div.dataset.messageId = String(m.message_id);
    if (m.document) {
      const doc = m.document;
      const href = doc.file_id ? `/_emulator/files/${encodeURIComponent(doc.file_id)}` : null;
      if (doc.kind === "photo" && href) {
        const img = document.createElement("img");
        img.className = "photo";
        img.alt = "photo";
        img.src = href;
        div.appendChild(img);
      } else {
        const file = document.createElement("div");
        file.className = "file";
        file.appendChild(fileIcon());
        const link = document.createElement(href ? "a" : "span");
        if (href) {
          link.setAttribute("href", href);
          link.setAttribute("target", "_blank");
          link.setAttribute("rel", "noopener");
        }
        link.textContent = doc.file_name;
        file.appendChild(link);
        const size = document.createElement("span");
        size.className = "hint";
        size.textContent = ` ${formatSize(doc.size)}`;
        file.appendChild(size);
        div.appendChild(file);
      }
    }
    if (m.contact) {
      const c = document.createElement("div");
      c.className = "text";
      c.textContent = `📇 ${m.contact.first_name}: ${m.contact.phone_number}`;
      div.appendChild(c);
    }
    if (m.location) {
      const c = document.createElement("div");
      c.className = "text";
      c.textContent = `📍 ${m.location.latitude}, ${m.location.longitude}`;
      div.appendChild(c);
    }
    if (m.text) div.appendChild(renderFormatted(m.text, m.entities));
    if (m.deleted) {
      const note = document.createElement("div");
      note.className = "hint";
      note.textContent = "deleted";
      div.appendChild(note);
    }
    const markup = m.reply_markup;
    if (markup && markup.inline_keyboard && markup.inline_keyboard.length && !m.deleted) {
      const kb = document.createElement("div");
      kb.className = "inline-keyboard";
      for (const row of markup.inline_keyboard) {
        const r = document.createElement("div");
        r.className = "inline-row";
        for (const b of row) {
          const btn = document.createElement("button");
          btn.type = "button";
          btn.className = "inline-btn";
          btn.textContent = b.text;
          if (b.callback_data !== undefined) btn.dataset.callback = b.callback_data;
          const url = b.url || (b.web_app && b.web_app.url) || (b.login_url && b.login_url.url);
          if (url) btn.dataset.url = url;
          btn.addEventListener("click", () => pressInline(m.message_id, b));
          r.appendChild(btn);
        }
        kb.appendChild(r);
      }
      div.appendChild(kb);
    }
    const meta = document.createElement("div");
    meta.className = "meta";
    meta.textContent = (m.edited ? "edited " : "") + new Date(m.date * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    div.appendChild(meta);
    return div;
  }

  // The page's own icons are drawn, not emoji: a machine without an emoji font shows them too.
  function fileIcon() {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "20");
    svg.setAttribute("height", "20");
    svg.setAttribute("aria-hidden", "true");
    const path = document.createElementNS(ns, "path");
    path.setAttribute("d", "M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8zM14 2v6h6");
    path.setAttribute("fill", "none");
    path.setAttribute("stroke", "currentColor");
    path.setAttribute("stroke-width", "2");
    path.setAttribute("stroke-linejoin", "round");
    svg.appendChild(path);
    return svg;
  }

  function formatSize(n) {
    if (n < 1024) return `${n} B`;
    if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
    return `${(n / 1024 / 1024).toFixed(1)} MB`;
  }

  function renderReplyKeyboard(markup) {
    const box = $("reply-keyboard");
    box.replaceChildren();
    if (!markup || !markup.keyboard || !markup.keyboard.length) {
      box.hidden = true;
      return;
    }
    for (const row of markup.keyboard) {
      const r = document.createElement("div");
      r.className = "reply-row";
      for (const b of row) {
        const btn = document.createElement("button");
        btn.type = "button";
        btn.className = "reply-btn";
        btn.textContent = b.text;
        btn.addEventListener("click", () => pressReply(b.text));
        r.appendChild(btn);
      }
      box.appendChild(r);
    }
    box.hidden = false;
    if (markup.input_field_placeholder) $("composer").placeholder = markup.input_field_placeholder;
  }

  function renderCommands() {
    const box = $("commands");
    box.replaceChildren();
    $("menu").hidden = state.commands.length === 0;
    for (const c of state.commands) {
      const btn = document.createElement("button");
      btn.type = "button";
      btn.className = "command";
      btn.dataset.command = "/" + c.command;
      btn.setAttribute("role", "menuitem");
      const name = document.createElement("span");
      name.textContent = "/" + c.command;
      const desc = document.createElement("span");
      desc.className = "desc";
      desc.textContent = c.description;
      btn.append(name, desc);
      btn.addEventListener("click", () => {
        toggleCommands(false);
        sendText("/" + c.command);
      });
      box.appendChild(btn);
    }
  }

  function toggleCommands(show) {
    const box = $("commands");
    const open = show === undefined ? box.hidden : show;
    box.hidden = !open;
    $("menu").setAttribute("aria-expanded", String(open));
  }

  // ---------------------------------------------------------------- actions

  async function sendText(text) {
    if (!state.userId || !text.trim()) return;
    try {
      await api("POST", `/_emulator/users/${state.userId}/send`, { text });
      if (state.blocked) await loadProfile();
    } catch (e) {
      toast(e.message, true);
    }
  }

  async function pressInline(messageId, button) {
    const url = button.url || (button.web_app && button.web_app.url) || (button.login_url && button.login_url.url);
    if (button.callback_data === undefined && url) {
      const href = safeHref(url);
      if (href) window.open(href, "_blank", "noopener,noreferrer");
      return;
    }
    try {
      await api("POST", `/_emulator/users/${state.userId}/press`, { message_id: messageId, text: button.text });
    } catch (e) {
      toast(e.message, true);
    }
  }

  async function pressReply(text) {
    const ids = [...state.messages.keys()];
    const last = ids.length ? Math.max(...ids) : 0;
    try {
      await api("POST", `/_emulator/users/${state.userId}/press`, { message_id: last, text });
    } catch (e) {
      // The keyboard no longer matches a message: send the text, as a Telegram client would.
      await sendText(text);
    }
  }

  async function sendFile(file) {
    if (!file || !state.userId) return;
    if (file.size > 20 * 1024 * 1024) {
      toast("That file is larger than 20 MB.", true);
      return;
    }
    const base64 = await new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ""));
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(file);
    });
    const body = {
      document: { file_name: file.name, mime_type: file.type || "application/octet-stream", content_base64: base64 },
    };
    const caption = $("composer").value.trim();
    if (caption) body.caption = caption;
    try {
      await api("POST", `/_emulator/users/${state.userId}/send`, body);
      $("composer").value = "";
    } catch (e) {
      toast(e.message, true);
    }
  }

  async function toggleBlock() {
    const action = state.blocked ? "unblock" : "block";
    try {
      await api("POST", `/_emulator/users/${state.userId}/${action}`);
      await loadProfile();
      toast(state.blocked ? "You blocked the bot." : "You unblocked the bot.");
    } catch (e) {
      toast(e.message, true);
    }
  }

  // ---------------------------------------------------------------- toasts

  let toastTimer = null;
  function toast(text, isError = false) {
    const t = $("toast");
    t.textContent = text;
    t.classList.toggle("error", isError);
    t.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { t.hidden = true; }, 3500);
  }

  function showAlert(text) {
    $("alert-text").textContent = text;
    $("alert").hidden = false;
    $("alert-ok").focus();
  }

  // ---------------------------------------------------------------- wiring

  function submitComposer() {
    const box = $("composer");
    const text = box.value;
    if (!text.trim()) return;
    box.value = "";
    autosize();
    sendText(text);
  }

  function autosize() {
    const box = $("composer");
    box.style.height = "auto";
    box.style.height = Math.min(box.scrollHeight, 140) + "px";
  }

  $("new-user-form").addEventListener("submit", createUser);
  $("send").addEventListener("click", submitComposer);
  $("composer").addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      submitComposer();
    }
  });
  $("composer").addEventListener("input", autosize);
  $("start").addEventListener("click", () => sendText("/start"));
  $("menu").addEventListener("click", () => toggleCommands());
  $("attach").addEventListener("click", () => {
    if (state.userId) $("file-input").click();
  });
  $("file-input").addEventListener("change", (ev) => {
    const input = ev.target;
    sendFile(input.files && input.files[0]).finally(() => { input.value = ""; });
  });
  $("block-toggle").addEventListener("click", toggleBlock);
  $("alert-ok").addEventListener("click", () => { $("alert").hidden = true; });
  $("toggle-sidebar").addEventListener("click", () => $("app").classList.toggle("show-sidebar"));
  $("close-sidebar").addEventListener("click", () => $("app").classList.remove("show-sidebar"));
  // On a phone the list covers the chat; a tap on the uncovered part closes it.
  $("chat").addEventListener("click", (ev) => {
    if ($("app").classList.contains("show-sidebar") && !ev.target.closest("#toggle-sidebar")) {
      $("app").classList.remove("show-sidebar");
    }
  });
  $("user-select").addEventListener("change", (ev) => {
    const id = parseInt(ev.target.value, 10);
    if (Number.isFinite(id)) openUser(id);
  });
  document.addEventListener("click", (ev) => {
    if (!$("commands").hidden && !ev.target.closest("#commands") && ev.target.id !== "menu") {
      toggleCommands(false);
    }
  });
  window.addEventListener("hashchange", () => {
    const id = currentUserFromUrl();
    if (id !== null && id !== state.userId) openUser(id);
  });
  // Keep the people list fresh so personas created elsewhere (the demo, other tabs) appear.
  setInterval(() => { loadUsers().catch(() => {}); }, 5000);

  (async () => {
    let users = [];
    try {
      users = await loadUsers();
    } catch (e) {
      toast("The emulator does not answer.", true);
    }
    const id = currentUserFromUrl();
    if (id !== null && users.some((u) => u.id === id)) {
      await openUser(id);
    } else if (id !== null) {
      toast(`There is no person with id ${id} yet; create one.`, true);
      $("app").classList.add("show-sidebar");
    } else {
      $("app").classList.add("show-sidebar");
      $("status").textContent = users.length ? "pick a person" : "create a person";
      updateEmpty();
    }
  })();
})();
