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
    chatId: null, // null: the private chat with the bot; else a group's id
    version: 0,
    rosterVersion: -1,
    messages: new Map(), // message_id -> transcript message
    users: [],
    groups: [], // every group, with this person's standing in it
    group: null, // the open group as GET /_emulator/groups/{id} describes it
    you: "",
    abort: null,
    blocked: false,
    commands: [],
    privateCommands: [],
    menuButton: null,
    loopToken: 0,
    webapp: null, // the open Mini App: {url, origin, buttonText, theme}
  };

  // Where the open chat lives in the control API.
  const chatPath = () => state.chatId === null
    ? `/_emulator/users/${state.userId}`
    : `/_emulator/groups/${state.chatId}`;
  const inGroup = () => state.chatId !== null;

  // ---------------------------------------------------------------- users

  function currentUserFromUrl() {
    const q = new URLSearchParams(location.search).get("user");
    const h = new URLSearchParams(location.hash.replace(/^#/, "")).get("user");
    const id = parseInt(q || h || "", 10);
    return Number.isFinite(id) ? id : null;
  }

  function currentChatFromUrl() {
    const id = parseInt(new URLSearchParams(location.search).get("chat") || "", 10);
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

  async function openUser(id, chatId = null) {
    state.userId = id;
    $("app").classList.remove("show-sidebar");
    for (const a of document.querySelectorAll("#user-list a")) {
      a.classList.toggle("current", a.dataset.userId === String(id));
    }
    closeWebApp();
    loadUsers().catch(() => {});
    try {
      await loadProfile();
    } catch (e) {
      toast(e.message, true);
      return;
    }
    await openChat(chatId);
  }

  // Switches between the private chat with the bot and the person's groups.
  async function openChat(chatId) {
    state.chatId = chatId;
    state.version = 0;
    state.rosterVersion = -1;
    state.group = null;
    state.messages.clear();
    $("messages").replaceChildren();
    $("members").hidden = true;
    const url = new URL(location.href);
    url.searchParams.set("user", String(state.userId));
    if (chatId === null) url.searchParams.delete("chat");
    else url.searchParams.set("chat", String(chatId));
    url.hash = "";
    history.replaceState(null, "", url);
    await loadGroups().catch(() => {});
    if (chatId !== null) {
      try {
        await loadGroup();
      } catch (e) {
        toast(e.message, true);
        state.chatId = null;
        return openChat(null);
      }
    } else {
      state.commands = state.privateCommands;
    }
    renderChatChrome();
    startPolling();
  }

  async function loadProfile() {
    const info = await api("GET", `/_emulator/users/${state.userId}`);
    $("bot-name").textContent = info.bot.first_name + (info.bot.username ? ` · @${info.bot.username}` : "");
    document.title = `${info.user.first_name} ↔ ${info.bot.first_name}`;
    state.you = `you are ${info.user.first_name}` + (info.note ? ` · ${info.note}` : "") +
      (info.user.language_code ? ` · ${info.user.language_code}` : "");
    $("status").textContent = state.you;
    state.privateCommands = info.commands || [];
    if (!inGroup()) state.commands = state.privateCommands;
    state.menuButton = info.menu_button || null;
    state.blocked = !!info.blocked;
    const toggle = $("block-toggle");
    toggle.textContent = state.blocked ? "Unblock bot" : "Block bot";
    toggle.classList.toggle("blocked", state.blocked);
    $("bot-description").textContent = info.description || "Press Start to talk to the bot.";
    renderChatChrome();
  }

  // ---------------------------------------------------------------- groups

  async function loadGroups() {
    if (state.userId === null) return;
    const { groups } = await api("GET", `/_emulator/groups?user=${state.userId}`);
    state.groups = groups;
    renderTabs();
  }

  async function loadGroup() {
    state.group = await api("GET", `/_emulator/groups/${state.chatId}?user=${state.userId}`);
    state.rosterVersion = state.group.roster_version;
    state.commands = state.group.commands || [];
    renderChatChrome();
    renderMembers();
  }

  const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const nameOf = (u) => (u ? [u.first_name, u.last_name].filter(Boolean).join(" ") : "?");
  const STATUS_WORDS = {
    creator: "owner",
    administrator: "admin",
    member: "member",
    restricted: "restricted",
    left: "not in the group",
    kicked: "banned",
  };

  function renderTabs() {
    const nav = $("chat-tabs");
    nav.replaceChildren();
    if (state.userId === null) {
      nav.hidden = true;
      return;
    }
    const tab = (label, chatId, title) => {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "chat-tab" + (state.chatId === chatId ? " current" : "");
      b.dataset.chat = chatId === null ? "bot" : String(chatId);
      b.textContent = label;
      if (title) b.title = title;
      b.addEventListener("click", () => { if (state.chatId !== chatId) openChat(chatId); });
      nav.appendChild(b);
    };
    tab("Bot", null, "The private chat with the bot");
    for (const g of state.groups) {
      const mine = ["creator", "administrator", "member", "restricted"].includes(g.my_status);
      if (mine || g.id === state.chatId) tab(g.title, g.id, `${g.type} · you: ${STATUS_WORDS[g.my_status] || g.my_status}`);
    }
    const more = document.createElement("button");
    more.type = "button";
    more.id = "groups-more";
    more.className = "chat-tab more";
    more.textContent = "+ Group";
    more.title = "Create or join a group";
    more.addEventListener("click", openGroupDialog);
    nav.appendChild(more);
    nav.hidden = false;
  }

  function me() {
    return state.group && state.group.me ? state.group.me : null;
  }

  function canSend() {
    const m = me();
    if (!m) return { ok: false, why: "" };
    if (m.status === "left" || m.status === "kicked" || (m.status === "restricted" && !m.is_member)) {
      return { ok: false, why: m.status === "kicked" ? "You are banned from this group." : "You are not in this group." };
    }
    if (m.status === "restricted" && !m.can_send_messages) {
      const until = m.until_date ? ` until ${new Date(m.until_date * 1000).toLocaleString()}` : "";
      return { ok: false, why: `The admins restricted you: you cannot write here${until}.` };
    }
    if (m.status === "member" && state.group.permissions && !state.group.permissions.can_send_messages) {
      return { ok: false, why: "Only admins may write in this group." };
    }
    return { ok: true, why: "" };
  }

  // The parts of the page that depend on which chat is open.
  function renderChatChrome() {
    const group = inGroup();
    const hasUser = state.userId !== null;
    $("block-toggle").hidden = !hasUser || group;
    $("group-bar").hidden = !group || !state.group;
    const composer = $("composer");
    let send = { ok: hasUser, why: "" };
    if (group && state.group) {
      send = canSend();
      const g = state.group;
      $("bot-name").textContent = g.chat.title;
      document.title = `${g.chat.title} — ${nameOf(g.me && g.me.user)}`;
      $("members-toggle").textContent = plural(g.member_count, "member");
      $("group-bot").textContent = `${g.chat.type} · the bot: ${STATUS_WORDS[g.bot.status] || g.bot.status}`;
      const m = me();
      const inside = m && (["creator", "administrator", "member"].includes(m.status) || (m.status === "restricted" && m.is_member));
      $("join-group").hidden = inside || (m && m.status === "kicked");
      $("join-group").textContent = g.join_requests.includes(state.userId) ? "Join requested" : "Join";
      $("join-group").disabled = g.join_requests.includes(state.userId);
      $("leave-group").hidden = !inside;
    }
    composer.disabled = !send.ok;
    $("send").disabled = !send.ok;
    $("attach").disabled = !send.ok;
    composer.placeholder = send.ok ? "Message" : (send.why || "Message");
    const menuApp = $("menu-app");
    const mb = state.menuButton;
    menuApp.hidden = group || !hasUser || !(mb && mb.type === "web_app");
    if (!menuApp.hidden) menuApp.textContent = mb.text;
    renderCommands();
    renderTabs();
    updateEmpty();
  }

  function renderMembers() {
    const g = state.group;
    if (!g) return;
    const my = me();
    const can = (right) => my && (my.status === "creator" || (my.status === "administrator" && my[right]));
    $("members-title").textContent = `${g.chat.title} · ${plural(g.member_count, "member")}`;
    const actions = $("bot-actions");
    actions.replaceChildren();
    const line = document.createElement("div");
    line.className = "member bot-row";
    const label = document.createElement("span");
    label.className = "name";
    label.textContent = `The bot: ${STATUS_WORDS[g.bot.status] || g.bot.status}`;
    line.appendChild(label);
    const botButton = (text, status, id) => {
      const b = document.createElement("button");
      b.type = "button";
      b.id = id;
      b.textContent = text;
      b.addEventListener("click", () => setBot(status));
      line.appendChild(b);
    };
    const botIn = g.bot.status === "member" || g.bot.status === "administrator";
    if (!botIn && my && my.status !== "left" && my.status !== "kicked") botButton("Add the bot", "member", "bot-add");
    if (g.bot.status !== "administrator" && can("can_promote_members")) botButton("Make the bot admin", "administrator", "bot-promote");
    if (g.bot.status === "administrator" && can("can_promote_members")) botButton("Demote the bot", "member", "bot-demote");
    if (botIn && can("can_restrict_members")) botButton("Remove the bot", "left", "bot-remove");
    actions.appendChild(line);

    const list = $("member-list");
    list.replaceChildren();
    const order = { creator: 0, administrator: 1, member: 2, restricted: 3, left: 4, kicked: 5 };
    const people = [...g.members].sort((a, b) => order[a.status] - order[b.status]);
    for (const m of people) {
      const li = document.createElement("li");
      li.className = "member";
      li.dataset.userId = String(m.user.id);
      li.dataset.status = m.status;
      const name = document.createElement("span");
      name.className = "name";
      name.textContent = nameOf(m.user) + (m.user.id === state.userId ? " (you)" : "");
      const badge = document.createElement("span");
      badge.className = "badge " + m.status;
      let words = STATUS_WORDS[m.status] || m.status;
      if (m.status === "restricted") {
        const off = [];
        if (!m.can_send_messages) off.push("no messages");
        else if (!m.can_send_documents) off.push("no files");
        if (!m.is_member) off.push("not in the group");
        words += off.length ? ` (${off.join(", ")})` : "";
      }
      if ((m.status === "restricted" || m.status === "kicked") && m.until_date) {
        words += ` until ${new Date(m.until_date * 1000).toLocaleString()}`;
      }
      badge.textContent = words;
      li.append(name, badge);
      const inside = ["member", "restricted"].includes(m.status) && (m.status !== "restricted" || m.is_member);
      if (inside && m.user.id !== state.userId && can("can_promote_members")) {
        const b = document.createElement("button");
        b.type = "button";
        b.className = "promote";
        b.textContent = "Make admin";
        b.addEventListener("click", () => promote(m.user.id));
        li.appendChild(b);
      }
      list.appendChild(li);
    }
    const requests = $("join-requests");
    requests.replaceChildren();
    if (g.join_requests.length) {
      const p = document.createElement("p");
      p.className = "hint";
      const names = g.join_requests.map((id) => nameOf((state.users.find((u) => u.id === id)) || { first_name: `id ${id}` }));
      p.textContent = `Asked to join (the bot decides): ${names.join(", ")}`;
      requests.appendChild(p);
    }
  }

  async function setBot(status) {
    try {
      await api("POST", `/_emulator/groups/${state.chatId}/bot`, { status, by: state.userId });
      await loadGroup();
    } catch (e) {
      toast(e.message, true);
    }
  }

  async function promote(userId) {
    try {
      await api("POST", `/_emulator/groups/${state.chatId}/admins`, { user_id: userId, by: state.userId });
      await loadGroup();
    } catch (e) {
      toast(e.message, true);
    }
  }

  async function joinOrLeave(action, body = {}) {
    try {
      await api("POST", `/_emulator/groups/${state.chatId}/${action}`, { user_id: state.userId, ...body });
      await loadGroup();
      if (action === "join" && body.request) toast("You asked to join: the bot decides.");
    } catch (e) {
      toast(e.message, true);
    }
  }

  function openGroupDialog() {
    const box = $("new-group-members");
    box.querySelectorAll("label").forEach((l) => l.remove());
    for (const u of state.users) {
      if (u.id === state.userId) continue;
      const label = document.createElement("label");
      label.className = "check";
      const input = document.createElement("input");
      input.type = "checkbox";
      input.value = String(u.id);
      label.append(input, document.createTextNode(" " + u.first_name + (u.note ? ` — ${u.note}` : "")));
      box.appendChild(label);
    }
    const others = $("other-groups");
    others.replaceChildren();
    const outside = state.groups.filter((g) => !["creator", "administrator", "member"].includes(g.my_status) &&
      !(g.my_status === "restricted"));
    for (const g of outside) {
      const li = document.createElement("li");
      li.dataset.chat = String(g.id);
      const name = document.createElement("span");
      name.className = "name";
      name.textContent = `${g.title} (${plural(g.members.length, "member")})`;
      li.appendChild(name);
      if (g.my_status === "kicked") {
        const hint = document.createElement("span");
        hint.className = "hint";
        hint.textContent = " banned";
        li.appendChild(hint);
      } else {
        for (const [text, request] of [["Join", false], ["Ask to join", true]]) {
          const b = document.createElement("button");
          b.type = "button";
          b.textContent = g.join_requested && request ? "Asked" : text;
          b.disabled = g.join_requested && request;
          b.addEventListener("click", async () => {
            $("group-dialog").hidden = true;
            state.chatId = g.id;
            await joinOrLeave("join", request ? { request: true } : {});
            await openChat(g.id);
          });
          li.appendChild(b);
        }
      }
      others.appendChild(li);
    }
    if (!outside.length) {
      const li = document.createElement("li");
      li.className = "hint";
      li.textContent = "None: you are in every group.";
      others.appendChild(li);
    }
    $("group-dialog").hidden = false;
    $("new-group-title").focus();
  }

  async function createGroup(ev) {
    ev.preventDefault();
    const title = $("new-group-title").value.trim();
    if (!title) return;
    const members = [state.userId, ...[...$("new-group-members").querySelectorAll("input:checked")].map((i) => Number(i.value))];
    const body = {
      title,
      members,
      type: $("new-group-type").value,
      add_bot: $("new-group-bot").checked,
      bot_is_admin: $("new-group-bot-admin").checked,
    };
    try {
      const chat = await api("POST", "/_emulator/groups", body);
      $("new-group-form").reset();
      $("group-dialog").hidden = true;
      await openChat(chat.id);
    } catch (e) {
      toast(e.message, true);
    }
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
            `${chatPath()}/chat?since=${state.version}&wait=25&user=${state.userId}`,
            undefined,
            signal,
          );
          if (token !== state.loopToken) return;
          failures = 0;
          applyChanges(data);
          if (inGroup() && data.roster_version !== state.rosterVersion) {
            await loadGroup().catch(() => {});
            await loadGroups().catch(() => {});
          }
        } catch (e) {
          if (signal.aborted || token !== state.loopToken) return;
          failures += 1;
          if (e.status === 404) {
            $("status").textContent = inGroup() ? "this group no longer exists (emulator reset?)"
              : "this person no longer exists (emulator reset?)";
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
      const old = container.querySelector(`[data-message-id="${m.message_id}"]`);
      if (old) {
        old.replaceWith(node);
      } else {
        insertInOrder(container, node, m.message_id);
      }
    }
    renderReplyKeyboard(data.reply_keyboard);
    for (const a of data.callback_answers || []) {
      // Each answer once (a reload gets none the emulator already delivered).
      if (alreadyShown(a.callback_query_id)) continue;
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
    if (nearBottom || data.messages.some((m) => m.from && m.from.id === state.userId)) {
      container.scrollTop = container.scrollHeight;
    }
  }

  function insertInOrder(container, node, id) {
    const nodes = container.querySelectorAll("[data-message-id]");
    for (let i = nodes.length - 1; i >= 0; i--) {
      if (Number(nodes[i].dataset.messageId) < id) {
        nodes[i].after(node);
        return;
      }
    }
    container.prepend(node);
  }

  function updateEmpty() {
    $("empty").hidden = !(state.userId && !inGroup() && state.messages.size === 0);
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
    if (m.service_text) {
      const line = document.createElement("div");
      line.className = "service" + (m.deleted ? " deleted" : "");
      line.dataset.messageId = String(m.message_id);
      line.dataset.service = m.service;
      line.textContent = m.service_text;
      return line;
    }
    const div = document.createElement("div");
    const mine = m.from && m.from.id === state.userId;
    const side = m.from_bot ? "bot" : mine ? "user" : "other";
    div.className = "msg " + side + (m.deleted ? " deleted" : "");
    div.dataset.messageId = String(m.message_id);
    if (inGroup() && !mine) {
      const sender = document.createElement("div");
      sender.className = "sender";
      sender.textContent = nameOf(m.from);
      div.appendChild(sender);
    }
    if (m.via_bot) {
      const via = document.createElement("div");
      via.className = "hint";
      via.textContent = `via @${m.via_bot.username || m.via_bot.first_name}`;
      div.appendChild(via);
    }
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
          if (b.web_app) btn.dataset.webApp = b.web_app.url;
          const url = b.url || (b.login_url && b.login_url.url);
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
        if (b.web_app) {
          btn.dataset.webApp = b.web_app.url;
          btn.addEventListener("click", () => openWebApp(b.web_app.url, b.text));
        } else {
          btn.addEventListener("click", () => pressReply(b.text));
        }
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

  // A send or a press in the open chat: the person's own in private, "from" them in a group.
  function bodyFor(body) {
    return inGroup() ? { from: state.userId, ...body } : body;
  }
  const actionPath = (action) => inGroup()
    ? `/_emulator/groups/${state.chatId}/${action}`
    : `/_emulator/users/${state.userId}/${action}`;

  async function sendText(text) {
    if (!state.userId || !text.trim()) return;
    try {
      await api("POST", actionPath("send"), bodyFor({ text }));
      if (state.blocked && !inGroup()) await loadProfile();
    } catch (e) {
      toast(e.message, true);
    }
  }

  async function pressInline(messageId, button) {
    if (button.web_app) {
      await openWebApp(button.web_app.url, null);
      return;
    }
    const url = button.url || (button.login_url && button.login_url.url);
    if (button.callback_data === undefined && url) {
      const href = safeHref(url);
      if (href) window.open(href, "_blank", "noopener,noreferrer");
      return;
    }
    try {
      await api("POST", actionPath("press"), bodyFor({ message_id: messageId, text: button.text }));
    } catch (e) {
      toast(e.message, true);
    }
  }

  async function pressReply(text) {
    const ids = [...state.messages.keys()];
    const last = ids.length ? Math.max(...ids) : 0;
    try {
      await api("POST", actionPath("press"), bodyFor({ message_id: last, text }));
    } catch (e) {
      if (e.status === 403) {
        toast(e.message, true);
        return;
      }
      // The keyboard no longer matches a message: send the text, as a Telegram client would.
      await sendText(text);
    }
  }

  // ---------------------------------------------------------------- Mini Apps

  const prefersDark = () => window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;

  async function openWebApp(url, buttonText) {
    if (!state.userId) return;
    const theme = state.webapp ? state.webapp.theme : (prefersDark() ? "dark" : "light");
    const body = { url, theme };
    if (buttonText) body.button_text = buttonText;
    let launch;
    try {
      launch = await api("POST", `/_emulator/users/${state.userId}/webapp`, body);
    } catch (e) {
      toast(e.message, true);
      return;
    }
    state.webapp = { url, origin: new URL(launch.url).origin, buttonText, theme };
    $("webapp-title").textContent = buttonText || $("bot-name").textContent;
    $("webapp-theme").textContent = theme === "dark" ? "Light" : "Dark";
    $("webapp-main").hidden = true;
    $("webapp").hidden = false;
    $("webapp").dataset.theme = theme;
    $("app").classList.add("with-webapp");
    $("webapp-frame").src = launch.url;
  }

  function closeWebApp() {
    if (!state.webapp) return;
    state.webapp = null;
    $("webapp").hidden = true;
    $("webapp-frame").src = "about:blank";
    $("app").classList.remove("with-webapp");
  }

  function toWebApp(eventType, eventData) {
    const frame = $("webapp-frame");
    if (!state.webapp || !frame.contentWindow) return;
    frame.contentWindow.postMessage(JSON.stringify({ eventType, eventData: eventData || {} }), state.webapp.origin);
  }

  async function switchWebAppTheme() {
    if (!state.webapp) return;
    const theme = state.webapp.theme === "dark" ? "light" : "dark";
    try {
      // The palette a Telegram client would send (the answer's launch URL is not needed).
      const launch = await api("POST", `/_emulator/users/${state.userId}/webapp`, { url: state.webapp.url, theme });
      state.webapp.theme = theme;
      $("webapp").dataset.theme = theme;
      $("webapp-theme").textContent = theme === "dark" ? "Light" : "Dark";
      toWebApp("theme_changed", { theme_params: launch.theme_params });
    } catch (e) {
      toast(e.message, true);
    }
  }

  function setupMainButton(p) {
    const b = $("webapp-main");
    b.hidden = !p.is_visible;
    b.textContent = p.is_progress_visible ? "…" : (p.text || "Continue");
    b.disabled = !p.is_active;
    b.style.background = /^#[0-9a-f]{3,8}$/i.test(p.color || "") ? p.color : "";
    b.style.color = /^#[0-9a-f]{3,8}$/i.test(p.text_color || "") ? p.text_color : "";
  }

  async function onWebAppEvent(ev) {
    const frame = $("webapp-frame");
    if (!state.webapp || ev.source !== frame.contentWindow) return;
    let msg;
    try {
      msg = typeof ev.data === "string" ? JSON.parse(ev.data) : ev.data;
    } catch (e) {
      return;
    }
    if (!msg || typeof msg.eventType !== "string") return;
    const data = msg.eventData || {};
    switch (msg.eventType) {
      case "web_app_ready":
        $("webapp").dataset.ready = "1";
        break;
      case "web_app_close":
        closeWebApp();
        break;
      case "web_app_setup_main_button":
        setupMainButton(data);
        break;
      case "web_app_request_theme": {
        const launch = await api("POST", `/_emulator/users/${state.userId}/webapp`, { url: state.webapp.url, theme: state.webapp.theme });
        toWebApp("theme_changed", { theme_params: launch.theme_params });
        break;
      }
      case "web_app_request_viewport":
        toWebApp("viewport_changed", { height: frame.clientHeight, is_expanded: true, is_state_stable: true });
        break;
      case "web_app_open_link": {
        const href = safeHref(data.url);
        if (href) window.open(href, "_blank", "noopener,noreferrer");
        break;
      }
      case "web_app_data_send": {
        const buttonText = state.webapp.buttonText;
        if (!buttonText) {
          toast("sendData works only in a Mini App opened from a keyboard button.", true);
          break;
        }
        try {
          await api("POST", `/_emulator/users/${state.userId}/webapp_data`, { data: String(data.data || ""), button_text: buttonText });
        } catch (e) {
          toast(e.message, true);
        }
        closeWebApp();
        break;
      }
      default:
        break;
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
      await sendFileTo(body);
      $("composer").value = "";
    } catch (e) {
      toast(e.message, true);
    }
  }

  async function sendFileTo(body) {
    await api("POST", actionPath("send"), bodyFor(body));
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

  // An alert is shown as Telegram does, but never takes the composer from the person:
  // no focus moved to it, nothing around it blocked; typing or sending dismisses it.
  function showAlert(text) {
    $("alert-text").textContent = text;
    $("alert").hidden = false;
  }

  function hideAlert() {
    $("alert").hidden = true;
  }

  // Answers this page has shown (the emulator itself sends a reloaded page none it
  // already delivered; query ids start over when the emulator does, so nothing is kept).
  const shownAnswers = new Set();
  function alreadyShown(id) {
    if (!id) return false;
    if (shownAnswers.has(id)) return true;
    shownAnswers.add(id);
    return false;
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
  $("members-toggle").addEventListener("click", () => {
    $("members").hidden = !$("members").hidden;
    if (!$("members").hidden) renderMembers();
  });
  $("members-close").addEventListener("click", () => { $("members").hidden = true; });
  $("join-group").addEventListener("click", () => joinOrLeave("join"));
  $("leave-group").addEventListener("click", () => joinOrLeave("leave"));
  $("new-group-form").addEventListener("submit", createGroup);
  $("group-dialog-close").addEventListener("click", () => { $("group-dialog").hidden = true; });
  $("menu-app").addEventListener("click", () => {
    if (state.menuButton && state.menuButton.type === "web_app") {
      openWebApp(state.menuButton.web_app.url, null);
    }
  });
  $("webapp-close").addEventListener("click", closeWebApp);
  $("webapp-theme").addEventListener("click", switchWebAppTheme);
  $("webapp-main").addEventListener("click", () => toWebApp("main_button_pressed"));
  window.addEventListener("message", onWebAppEvent);
  $("alert-ok").addEventListener("click", hideAlert);
  $("composer").addEventListener("input", hideAlert);
  document.addEventListener("keydown", (ev) => { if (ev.key === "Escape") hideAlert(); });
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
  // Keep the people and their groups fresh: personas and groups created elsewhere appear.
  setInterval(() => {
    loadUsers().catch(() => {});
    if (state.userId !== null) loadGroups().catch(() => {});
  }, 5000);

  (async () => {
    let users = [];
    try {
      users = await loadUsers();
    } catch (e) {
      toast("The emulator does not answer.", true);
    }
    const id = currentUserFromUrl();
    if (id !== null && users.some((u) => u.id === id)) {
      await openUser(id, currentChatFromUrl());
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
