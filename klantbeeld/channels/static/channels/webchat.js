/*
 * Klantbeeld web chat widget (issue 5, "Web chat"; CHAT-01, CHAT-03; WCAG 2.1 AA).
 *
 * Embed:  <script src="https://<klantbeeld>/kanalen/webchat/widget.js"
 *                 data-organisation="<organisation code>"
 *                 data-portal-token="<optional, from portal_chat_token()>" defer></script>
 *
 * No build step, no inline script or style (works under a strict CSP). The protocol is in
 * docs/architecture/channels-webchat.md. The session key and messages not yet acknowledged
 * are kept in localStorage, so a reconnect (or a reload) continues the same conversation and
 * resends what the server had not yet stored (same client_id: stored once).
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || !script.dataset.organisation) {
    return;
  }
  var organisation = script.dataset.organisation;
  var portalToken = script.dataset.portalToken || "";
  var base = new URL(script.src, document.baseURI);
  var storageKey = "klantbeeld.webchat." + organisation;
  var MAX_CHARS = 4000;
  var STATE_TEXT = {
    verzonden: "verzonden",
    afgeleverd: "afgeleverd",
    gelezen: "gelezen",
    mislukt: "niet verstuurd"
  };

  var socket = null;
  var attempt = 0;
  var reconnectTimer = null;
  var typingTimer = null;
  var lastTypingSent = 0;
  var lastReadSent = "";
  var stopped = false;
  var shown = {}; // message id or client id -> list item

  // --- storage -------------------------------------------------------------------------
  function load() {
    try {
      return JSON.parse(window.localStorage.getItem(storageKey)) || {};
    } catch (e) {
      return {};
    }
  }
  function save(data) {
    try {
      window.localStorage.setItem(storageKey, JSON.stringify(data));
    } catch (e) {
      /* private mode: the chat still works, only a reload starts afresh */
    }
  }
  var stored = load();
  stored.pending = stored.pending || {};

  // --- DOM -----------------------------------------------------------------------------
  function el(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  var style = el("link", { rel: "stylesheet", href: new URL("widget.css", base).href });
  document.head.appendChild(style);

  var root = el("section", { class: "kb-chat", "aria-labelledby": "kb-chat-title" });
  var toggle = el("button", {
    type: "button",
    class: "kb-chat__toggle",
    "aria-expanded": "false",
    "aria-controls": "kb-chat-panel"
  }, "Chat met ons");
  var panel = el("div", { id: "kb-chat-panel", class: "kb-chat__panel" });
  panel.hidden = true;
  var title = el("h2", { id: "kb-chat-title", class: "kb-chat__title" }, "Chat");
  var status = el("p", { class: "kb-chat__status", role: "status" }, "Verbinden…");
  var log = el("ol", {
    class: "kb-chat__log",
    "aria-live": "polite",
    "aria-relevant": "additions",
    "aria-label": "Berichten",
    tabindex: "0"
  });
  var typing = el("p", { class: "kb-chat__typing", "aria-live": "polite" });
  var form = el("form", { class: "kb-chat__form" });
  var label = el("label", { for: "kb-chat-input", class: "kb-chat__label" }, "Uw bericht");
  var hint = el("p", { id: "kb-chat-hint", class: "kb-chat__hint" },
    "Enter verstuurt, Shift+Enter begint een nieuwe regel.");
  var input = el("textarea", {
    id: "kb-chat-input",
    class: "kb-chat__input",
    rows: "3",
    maxlength: String(MAX_CHARS),
    "aria-describedby": "kb-chat-hint kb-chat-error"
  });
  var error = el("p", { id: "kb-chat-error", class: "kb-chat__error", role: "alert" });
  var sendButton = el("button", { type: "submit", class: "kb-chat__send" }, "Versturen");
  form.append(label, hint, input, error, sendButton);

  var mail = el("details", { class: "kb-chat__transcript" });
  var mailSummary = el("summary", {}, "Gesprek naar mijn e-mail sturen");
  var mailForm = el("form", { class: "kb-chat__mail" });
  var mailLabel = el("label", { for: "kb-chat-email" }, "Uw e-mailadres");
  var mailInput = el("input", {
    id: "kb-chat-email", type: "email", autocomplete: "email", required: "required"
  });
  var mailButton = el("button", { type: "submit" }, "Gesprek mailen");
  var mailStatus = el("p", { class: "kb-chat__mail-status", role: "status" });
  mailForm.append(mailLabel, mailInput, mailButton, mailStatus);
  mail.append(mailSummary, mailForm);

  panel.append(title, status, log, typing, form, mail);
  root.append(toggle, panel);
  document.body.appendChild(root);

  function open(isOpen, quietly) {
    panel.hidden = !isOpen;
    toggle.setAttribute("aria-expanded", String(isOpen));
    toggle.textContent = isOpen ? "Chat sluiten" : "Chat met ons";
    if (isOpen) {
      if (!quietly) {
        input.focus();
      }
      markRead();
    }
  }
  toggle.addEventListener("click", function () {
    open(panel.hidden);
  });
  root.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !panel.hidden) {
      open(false);
      toggle.focus();
    }
  });

  // --- messages ------------------------------------------------------------------------
  function clock(iso) {
    var date = iso ? new Date(iso) : new Date();
    return date.toLocaleTimeString("nl-NL", { hour: "2-digit", minute: "2-digit" });
  }

  function setState(item, state) {
    var node = item.querySelector(".kb-chat__state");
    if (!node || !STATE_TEXT[state]) {
      return;
    }
    // Never back: a late "afgeleverd" does not undo "gelezen".
    var order = ["verzonden", "afgeleverd", "gelezen"];
    if (order.indexOf(state) < order.indexOf(item.dataset.state)) {
      return;
    }
    item.dataset.state = state;
    node.textContent = STATE_TEXT[state];
  }

  function render(message) {
    var known = shown[message.id] || (message.client_id && shown[message.client_id]);
    if (known) {
      if (message.id) {
        known.dataset.id = message.id;
        shown[message.id] = known;
      }
      if (message.state) {
        setState(known, message.state);
      }
      return known;
    }
    var mine = message.from === "klant";
    var item = el("li", { class: "kb-chat__message kb-chat__message--" + message.from });
    var who = el("span", { class: "kb-chat__who" }, mine ? "U" : message.sender || "Medewerker");
    var text = el("p", { class: "kb-chat__text" }, message.text);
    var meta = el("span", { class: "kb-chat__meta" }, clock(message.at));
    item.append(who, text, meta);
    if (mine) {
      meta.append(" · ", el("span", { class: "kb-chat__state" }));
      item.dataset.state = "verzonden";
      setState(item, message.state || "verzonden");
    } else {
      // An answer means the employee has read what came before.
      log.querySelectorAll(".kb-chat__message--klant").forEach(function (own) {
        setState(own, "gelezen");
      });
    }
    if (message.id) {
      item.dataset.id = message.id;
      shown[message.id] = item;
    }
    if (message.client_id) {
      shown[message.client_id] = item;
    }
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
    if (!mine) {
      markRead();
    }
    return item;
  }

  function markRead() {
    var theirs = log.querySelectorAll(".kb-chat__message--medewerker");
    if (!theirs.length || panel.hidden || document.visibilityState !== "visible") {
      return;
    }
    var last = theirs[theirs.length - 1].dataset.id;
    if (last && last !== lastReadSent && send({ type: "read", up_to: last })) {
      lastReadSent = last;
    }
  }
  document.addEventListener("visibilitychange", markRead);

  function newClientId() {
    if (window.crypto && window.crypto.randomUUID) {
      return window.crypto.randomUUID();
    }
    return String(Date.now()) + "-" + String(Math.random()).slice(2);
  }

  function send(frame) {
    if (socket && socket.readyState === WebSocket.OPEN && stored.session) {
      socket.send(JSON.stringify(frame));
      return true;
    }
    return false;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    error.textContent = "";
    if (!text) {
      error.textContent = "Typ eerst een bericht.";
      return;
    }
    var clientId = newClientId();
    var message = { type: "message", client_id: clientId, text: text };
    stored.pending[clientId] = { text: text, at: new Date().toISOString() };
    save(stored);
    render({ client_id: clientId, from: "klant", text: text, state: "verzonden" });
    send(message); // when offline it goes out after the reconnect
    input.value = "";
    input.focus();
  });

  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  input.addEventListener("input", function () {
    var now = Date.now();
    if (now - lastTypingSent > 2000 && send({ type: "typing" })) {
      lastTypingSent = now;
    }
  });

  function showTyping() {
    typing.textContent = "Medewerker typt…";
    window.clearTimeout(typingTimer);
    typingTimer = window.setTimeout(function () {
      typing.textContent = "";
    }, 5000);
  }

  // --- the socket ----------------------------------------------------------------------
  function socketUrl() {
    var url = new URL("ws/" + encodeURIComponent(organisation) + "/", base);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    return url.href;
  }

  function connect() {
    reconnectTimer = null;
    status.textContent = attempt ? "Opnieuw verbinden…" : "Verbinden…";
    socket = new WebSocket(socketUrl());
    socket.addEventListener("open", function () {
      socket.send(JSON.stringify({
        type: "hello", session: stored.session || "", portal_token: portalToken
      }));
    });
    socket.addEventListener("message", function (event) {
      var frame;
      try {
        frame = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      receive(frame);
    });
    socket.addEventListener("close", function (event) {
      socket = null;
      if (event.code >= 4400 && event.code < 4500) {
        stopped = true;
        status.textContent = "De chat is op dit moment niet beschikbaar.";
        sendButton.disabled = true;
        return;
      }
      scheduleReconnect();
    });
  }

  function scheduleReconnect() {
    if (stopped || reconnectTimer) {
      return;
    }
    attempt += 1;
    // 1, 2, 4 … 30 seconds, with jitter so that many widgets do not return at once.
    var delay = Math.min(30000, 1000 * Math.pow(2, attempt - 1)) * (0.8 + Math.random() * 0.4);
    status.textContent = "Verbinding verbroken. Opnieuw verbinden…";
    reconnectTimer = window.setTimeout(connect, delay);
  }
  window.addEventListener("online", function () {
    if (!socket && reconnectTimer) {
      window.clearTimeout(reconnectTimer);
      connect();
    }
  });

  function resendPending() {
    Object.keys(stored.pending).forEach(function (clientId) {
      send({ type: "message", client_id: clientId, text: stored.pending[clientId].text });
    });
  }

  function receive(frame) {
    if (frame.type === "session") {
      stored.session = frame.session;
      save(stored);
      attempt = 0;
      if (frame.organisatie) {
        title.textContent = "Chat met " + frame.organisatie;
      }
      status.textContent = frame.ingelogd ? "Verbonden (ingelogd)." : "Verbonden.";
    } else if (frame.type === "history") {
      (frame.messages || []).forEach(function (message) {
        render(message);
        delete stored.pending[message.client_id];
      });
      // What we wrote while the connection was down: shown, then sent again.
      Object.keys(stored.pending).forEach(function (clientId) {
        var pending = stored.pending[clientId];
        render({ client_id: clientId, from: "klant", text: pending.text, at: pending.at });
      });
      save(stored);
      resendPending();
      markRead();
    } else if (frame.type === "message") {
      render(frame);
      if (frame.from === "medewerker") {
        typing.textContent = "";
      }
    } else if (frame.type === "ack") {
      var item = shown[frame.client_id];
      delete stored.pending[frame.client_id];
      save(stored);
      if (item) {
        item.dataset.id = frame.id;
        shown[frame.id] = item;
        setState(item, frame.state);
      }
    } else if (frame.type === "typing" && frame.from === "medewerker") {
      showTyping();
    } else if (frame.type === "read") {
      log.querySelectorAll(".kb-chat__message--klant").forEach(function (own) {
        setState(own, "gelezen");
      });
    } else if (frame.type === "error") {
      error.textContent = frame.message || "Er ging iets mis.";
      if (frame.client_id && stored.pending[frame.client_id]) {
        delete stored.pending[frame.client_id];
        save(stored);
        if (shown[frame.client_id]) {
          shown[frame.client_id].dataset.state = "mislukt";
          shown[frame.client_id].querySelector(".kb-chat__state").textContent =
            STATE_TEXT.mislukt;
        }
      }
    }
  }

  // --- transcript ----------------------------------------------------------------------
  mailForm.addEventListener("submit", function (event) {
    event.preventDefault();
    mailStatus.textContent = "Bezig met versturen…";
    var body = new URLSearchParams({
      organisation: organisation,
      session: stored.session || "",
      email: mailInput.value.trim()
    });
    window.fetch(new URL("transcript", base).href, { method: "POST", body: body })
      .then(function (response) {
        return response.json().then(function (data) {
          mailStatus.textContent = response.ok
            ? "Verstuurd. Het gesprek staat zo in uw mailbox."
            : (data.detail || "Versturen lukte niet.");
        });
      })
      .catch(function () {
        mailStatus.textContent = "Versturen lukte niet. Probeer het later opnieuw.";
      });
  });

  if (script.dataset.open === "true") {
    open(true, true);
  }
  connect();
})();
