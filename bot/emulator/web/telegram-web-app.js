// A small stand-in for Telegram's telegram-web-app.js, served by the local emulator so that a
// Mini App works in the demo without a CDN. It reads the launch parameters Telegram puts in the
// URL fragment (tgWebAppData, tgWebAppVersion, tgWebAppPlatform, tgWebAppThemeParams) and talks
// to the web chat around it the way Telegram's web clients do: JSON {eventType, eventData}
// through window.parent.postMessage, and events back through "message" events.
// It covers the basics: initData, initDataUnsafe, themeParams, colorScheme, ready(), expand(),
// close(), sendData(), openLink(), onEvent()/offEvent(), MainButton and BackButton.
"use strict";

(() => {
  if (window.Telegram && window.Telegram.WebApp) return;
  const STORE = "__telegram__initParams";

  function readParams() {
    const out = {};
    const hash = location.hash.replace(/^#/, "");
    if (hash) {
      for (const [key, value] of new URLSearchParams(hash)) out[key] = value;
    }
    try {
      if (out.tgWebAppData) {
        sessionStorage.setItem(STORE, JSON.stringify(out));
      } else {
        // The Mini App navigated inside itself: the fragment is gone, the session keeps it.
        Object.assign(out, JSON.parse(sessionStorage.getItem(STORE) || "{}"));
      }
    } catch (e) {
      // No sessionStorage (a sandbox without same-origin): the fragment is all there is.
    }
    return out;
  }

  const params = readParams();
  const inFrame = window.parent && window.parent !== window;
  const handlers = {};

  function postEvent(eventType, eventData) {
    if (!inFrame) return;
    window.parent.postMessage(JSON.stringify({ eventType, eventData: eventData || {} }), "*");
  }

  function emit(type, ...args) {
    for (const cb of handlers[type] || []) {
      try {
        cb.apply(WebApp, args);
      } catch (e) {
        console.error(e);
      }
    }
  }

  function parseTheme(raw) {
    if (!raw) return {};
    try {
      const theme = typeof raw === "string" ? JSON.parse(raw) : raw;
      return theme && typeof theme === "object" ? theme : {};
    } catch (e) {
      return {};
    }
  }

  function isDark(color) {
    const m = /^#?([0-9a-f]{6})$/i.exec(color || "");
    if (!m) return false;
    const n = parseInt(m[1], 16);
    const r = (n >> 16) & 255;
    const g = (n >> 8) & 255;
    const b = n & 255;
    return Math.sqrt(0.299 * r * r + 0.587 * g * g + 0.114 * b * b) < 120;
  }

  function initDataUnsafeOf(initData) {
    const out = {};
    for (const [key, value] of new URLSearchParams(initData)) {
      if (key === "user" || key === "receiver" || key === "chat") {
        try {
          out[key] = JSON.parse(value);
        } catch (e) {
          out[key] = value;
        }
      } else {
        out[key] = value;
      }
    }
    return out;
  }

  function applyTheme(theme) {
    WebApp.themeParams = Object.freeze({ ...theme });
    WebApp.colorScheme = isDark(theme.bg_color) ? "dark" : "light";
    const root = document.documentElement;
    for (const [key, value] of Object.entries(theme)) {
      root.style.setProperty(`--tg-theme-${key.replace(/_/g, "-")}`, value);
    }
    root.style.setProperty("--tg-color-scheme", WebApp.colorScheme);
  }

  function applyViewport() {
    const height = window.innerHeight;
    WebApp.viewportHeight = height;
    WebApp.viewportStableHeight = height;
    document.documentElement.style.setProperty("--tg-viewport-height", `${height}px`);
    document.documentElement.style.setProperty("--tg-viewport-stable-height", `${height}px`);
  }

  function button(kind) {
    const state = {
      text: kind === "main" ? "Continue" : "",
      color: "",
      textColor: "",
      isVisible: false,
      isActive: true,
      isProgressVisible: false,
    };
    const event = kind === "main" ? "mainButtonClicked" : "backButtonClicked";
    const self = {
      onClick(cb) { WebApp.onEvent(event, cb); return self; },
      offClick(cb) { WebApp.offEvent(event, cb); return self; },
      show() { return self.setParams({ is_visible: true }); },
      hide() { return self.setParams({ is_visible: false }); },
    };
    if (kind === "back") {
      Object.defineProperty(self, "isVisible", { get: () => state.isVisible, enumerable: true });
      self.setParams = (p) => {
        if ("is_visible" in p) state.isVisible = !!p.is_visible;
        postEvent("web_app_setup_back_button", { is_visible: state.isVisible });
        return self;
      };
      return self;
    }
    for (const key of Object.keys(state)) {
      Object.defineProperty(self, key, { get: () => state[key], enumerable: true });
    }
    self.setText = (text) => self.setParams({ text });
    self.enable = () => self.setParams({ is_active: true });
    self.disable = () => self.setParams({ is_active: false });
    self.showProgress = () => self.setParams({ is_progress_visible: true });
    self.hideProgress = () => self.setParams({ is_progress_visible: false });
    self.setParams = (p) => {
      if ("text" in p) state.text = String(p.text).trim().slice(0, 64) || state.text;
      if ("color" in p) state.color = p.color;
      if ("text_color" in p) state.textColor = p.text_color;
      if ("is_visible" in p) state.isVisible = !!p.is_visible;
      if ("is_active" in p) state.isActive = !!p.is_active;
      if ("is_progress_visible" in p) state.isProgressVisible = !!p.is_progress_visible;
      postEvent("web_app_setup_main_button", {
        is_visible: state.isVisible,
        is_active: state.isActive,
        is_progress_visible: state.isProgressVisible,
        text: state.text,
        color: state.color || WebApp.themeParams.button_color || "",
        text_color: state.textColor || WebApp.themeParams.button_text_color || "",
      });
      return self;
    };
    return self;
  }

  const initData = params.tgWebAppData || "";
  const WebApp = {
    initData,
    initDataUnsafe: initDataUnsafeOf(initData),
    version: params.tgWebAppVersion || "6.0",
    platform: params.tgWebAppPlatform || "unknown",
    themeParams: {},
    colorScheme: "light",
    isExpanded: true,
    viewportHeight: window.innerHeight,
    viewportStableHeight: window.innerHeight,
    isClosingConfirmationEnabled: false,
    ready() { postEvent("web_app_ready"); },
    expand() { WebApp.isExpanded = true; postEvent("web_app_expand"); },
    close() {
      postEvent("web_app_close");
      if (!inFrame) window.close();
    },
    sendData(data) {
      const text = String(data === undefined ? "" : data);
      if (!text.length || new TextEncoder().encode(text).length > 4096) {
        throw new Error("WebAppDataInvalid");
      }
      postEvent("web_app_data_send", { data: text });
    },
    openLink(url) {
      const link = String(url);
      if (!/^https?:\/\//i.test(link)) throw new Error("WebAppTgUrlInvalid");
      postEvent("web_app_open_link", { url: link });
      if (!inFrame) window.open(link, "_blank", "noopener,noreferrer");
    },
    isVersionAtLeast(version) {
      const a = String(WebApp.version).split(".").map(Number);
      const b = String(version).split(".").map(Number);
      for (let i = 0; i < Math.max(a.length, b.length); i++) {
        if ((a[i] || 0) !== (b[i] || 0)) return (a[i] || 0) > (b[i] || 0);
      }
      return true;
    },
    setHeaderColor(color) { postEvent("web_app_set_header_color", { color }); },
    setBackgroundColor(color) { postEvent("web_app_set_background_color", { color }); },
    enableClosingConfirmation() { WebApp.isClosingConfirmationEnabled = true; },
    disableClosingConfirmation() { WebApp.isClosingConfirmationEnabled = false; },
    onEvent(type, cb) {
      (handlers[type] = handlers[type] || []).push(cb);
    },
    offEvent(type, cb) {
      handlers[type] = (handlers[type] || []).filter((h) => h !== cb);
    },
    HapticFeedback: {
      impactOccurred() { return this; },
      notificationOccurred() { return this; },
      selectionChanged() { return this; },
    },
  };
  WebApp.MainButton = button("main");
  WebApp.BackButton = button("back");

  applyTheme(parseTheme(params.tgWebAppThemeParams));
  applyViewport();

  window.addEventListener("message", (ev) => {
    if (ev.source !== window.parent) return;
    let msg;
    try {
      msg = typeof ev.data === "string" ? JSON.parse(ev.data) : ev.data;
    } catch (e) {
      return;
    }
    if (!msg || typeof msg.eventType !== "string") return;
    const data = msg.eventData || {};
    switch (msg.eventType) {
      case "theme_changed":
        applyTheme(parseTheme(data.theme_params));
        // A MainButton without colours of its own takes the new theme's.
        if (WebApp.MainButton.isVisible) WebApp.MainButton.setParams({});
        emit("themeChanged");
        break;
      case "viewport_changed":
        applyViewport();
        emit("viewportChanged", { isStateStable: true });
        break;
      case "main_button_pressed":
        emit("mainButtonClicked");
        break;
      case "back_button_pressed":
        emit("backButtonClicked");
        break;
      default:
        break;
    }
  });
  window.addEventListener("resize", () => {
    applyViewport();
    emit("viewportChanged", { isStateStable: true });
  });

  window.Telegram = window.Telegram || {};
  window.Telegram.WebApp = WebApp;
  window.Telegram.WebView = { initParams: params, isIframe: inFrame, postEvent, onEvent: WebApp.onEvent, offEvent: WebApp.offEvent };
})();
