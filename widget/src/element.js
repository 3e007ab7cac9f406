// ---- the element: <tuvan-phapluat> ---------------------------------------------------------------
var script = typeof document !== "undefined" ? document.currentScript : null;
var PHONE = "(max-width: 480px)";  // as in tuvan.css: there the panel fills the screen and is modal
var FOCUSABLE = "button, a[href], textarea, [tabindex='0']";
var GREETING = "Xin chào! Bạn cần hỏi gì về luật lao động?";

function attributesOf(node) {
  return Object.fromEntries(Array.prototype.map.call(node.attributes, function (a) { return [a.name, a.value]; }));
}

/** An http(s) address without a trailing slash, or null. */
function serviceBase(value) {
  try {
    var u = new URL(value, location.href);
    return /^https?:$/.test(u.protocol) ? (u.origin + u.pathname).replace(/\/$/, "") : null;
  } catch (e) {
    return null;
  }
}

if (typeof window !== "undefined" && window.customElements && !window.customElements.get("tuvan-phapluat")) {
  var scriptSettings = script ? readSettings(attributesOf(script)) : {};
  var scriptOrigin = script ? new URL(script.src, location.href).origin : location.origin;
  var cssHref = script ? new URL("tuvan.css", script.src).href : scriptOrigin + "/widget/tuvan.css";
  var seq = 0;

  class TuvanElement extends HTMLElement {
    static get observedAttributes() { return ATTRS.map(function (n) { return "data-" + n; }); }

    connectedCallback() {
      if (this.shadowRoot) return;  // moved within the page: keep the conversation as it is
      this.inflight = new Set();
      this.readSettings();
      this.buildShell();
      this.buildHead();
      this.buildLog();
      this.buildForm();
      this.restore();
    }

    disconnectedCallback() {
      clearTimeout(this.suggestTimer);
      clearInterval(this.progressTimer);
      (this.inflight || new Set()).forEach(function (cancel) { cancel(); });
    }

    attributeChangedCallback() {
      if (!this.shadowRoot) return;
      this.readSettings();
      this.titleNode.textContent = this.heading;
      if (this.launcher) this.launcher.textContent = this.heading;
      this.input.placeholder = this.placeholder;
    }

    /** The element's own data-* over the script tag's; its own data-api names its service. */
    readSettings() {
      this.settings = Object.assign({}, scriptSettings, readSettings(attributesOf(this)));
      this.base = serviceBase(this.settings.api || scriptOrigin) || scriptOrigin;
      this.inline = this.hasAttribute("inline");
      this.heading = this.settings.title || "Hỏi đáp pháp luật";
      this.placeholder = this.settings.placeholder || "Nhập câu hỏi, ví dụ: nghỉ thai sản được mấy tháng?";
    }

    buildShell() {
      this.uid = "tv" + (++seq);
      var place = Array.prototype.indexOf.call(document.querySelectorAll("tuvan-phapluat"), this);
      this.historyKey = HISTORY_KEY + ":" + (this.id || "tv" + place);  // two widgets, two conversations
      var root = this.attachShadow({ mode: "open" });
      var css = el("link", { rel: "stylesheet", href: cssHref });
      css.addEventListener("load", () => this.showLatest());
      root.appendChild(css);
      var wrap = el("div", { class: this.inline ? "wrap inline" : "wrap floating" });
      root.appendChild(wrap);
      if (!this.inline) {
        this.launcher = el("button", { type: "button", class: "launcher", "aria-expanded": "false",
          "aria-controls": this.uid + "-panel" }, this.heading);
        this.launcher.addEventListener("click", () => this.toggle(true));
        wrap.appendChild(this.launcher);
      }
      this.panel = el("section", { id: this.uid + "-panel", class: "panel", "aria-label": this.heading });
      if (!this.inline) { this.panel.setAttribute("role", "dialog"); this.panel.hidden = true; }
      this.panel.addEventListener("keydown", (e) => this.onKey(e));
      wrap.appendChild(this.panel);
    }

    buildHead() {
      var head = el("div", { class: "head" });
      this.titleNode = head.appendChild(el("h2", { class: "title" }, this.heading));
      var clear = el("button", { type: "button", class: "clear" }, "Xóa hội thoại");
      clear.addEventListener("click", () => this.clearHistory());
      head.appendChild(clear);
      if (!this.inline) {
        var close = el("button", { type: "button", class: "close", "aria-label": "Đóng khung hỏi đáp" }, "×");
        close.addEventListener("click", () => this.toggle(false));
        head.appendChild(close);
      }
      this.panel.appendChild(head);
      this.panel.appendChild(el("p", { class: "disclaimer" },
        "Thông tin pháp luật tham khảo, không thay thế ý kiến của luật sư hay tư vấn viên."));
    }

    buildLog() {
      // focusable so that a keyboard can scroll it
      this.log = el("div", { class: "log", role: "log", "aria-live": "polite", "aria-label": "Hội thoại", tabindex: "0" });
      this.panel.appendChild(this.log);
      this.chips = el("div", { class: "chips", "aria-label": "Câu hỏi gợi ý" });
      this.panel.appendChild(this.chips);
    }

    buildForm() {
      var form = el("form", { class: "ask" });
      form.appendChild(el("label", { for: this.uid + "-q", class: "sr" }, "Câu hỏi của bạn"));
      this.input = el("textarea", { id: this.uid + "-q", rows: "2", maxlength: "1000", placeholder: this.placeholder });
      this.send = el("button", { type: "submit", class: "send", "aria-disabled": "false" }, "Gửi");
      form.appendChild(this.input);
      form.appendChild(this.send);
      form.addEventListener("submit", (e) => { e.preventDefault(); this.ask(this.input.value); });
      this.input.addEventListener("keydown", (e) => {
        if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); this.ask(this.input.value); }
      });
      this.input.addEventListener("input", () => {
        clearTimeout(this.suggestTimer);
        this.suggestTimer = setTimeout(() => this.suggest(this.input.value), 250);
      });
      this.panel.appendChild(form);
      this.hintNode = el("p", { class: "hint", role: "status" });
      this.panel.appendChild(this.hintNode);
    }

    onKey(e) {
      if (e.key === "Escape" && !this.inline) this.toggle(false);
      else if (e.key === "Tab" && this.isModal()) this.trapTab(e);
    }

    isModal() {
      return !this.inline && !this.panel.hidden && window.matchMedia(PHONE).matches;
    }

    /** Full screen on a phone, the panel is modal: Tab and Shift+Tab cycle through its controls. */
    trapTab(e) {
      var items = Array.prototype.filter.call(this.panel.querySelectorAll(FOCUSABLE),
        function (n) { return n.getClientRects().length > 0; });
      if (!items.length) return;
      e.preventDefault();
      var at = items.indexOf(this.shadowRoot.activeElement), step = e.shiftKey ? -1 : 1;
      items[at < 0 ? (step > 0 ? 0 : items.length - 1) : (at + step + items.length) % items.length].focus();
    }

    toggle(open) {
      if (this.inline) return;
      this.panel.hidden = !open;
      this.launcher.setAttribute("aria-expanded", String(open));
      if (!open) { this.launcher.focus(); return; }
      this.panel.setAttribute("aria-modal", String(this.isModal()));
      this.input.focus();
      this.showLatest();
    }

    /** After a reload, the conversation opens on the start of its latest answer. */
    showLatest() {
      var answers = this.log.querySelectorAll(".msg.bot");
      if (answers.length) this.log.scrollTop = answers[answers.length - 1].offsetTop - 8;
    }

    greet() {
      this.greeting = el("div", { class: "greeting" });
      this.greeting.appendChild(el("p", {}, GREETING));
      this.greeting.appendChild(this.chipList(STARTERS));
      this.log.appendChild(this.greeting);
    }

    chipList(list) {
      var box = el("div", { class: "starters" });
      list.forEach((s) => {
        var chip = el("button", { type: "button", class: "chip" }, s);
        chip.addEventListener("click", () => this.ask(s));
        box.appendChild(chip);
      });
      return box;
    }

    suggest(q) {
      var ticket = this.suggestTicket = (this.suggestTicket || 0) + 1;
      q = q.trim();
      if (q.length < SUGGEST_MIN || q.length > SUGGEST_MAX) { this.chips.textContent = ""; return; }
      postJson(this.base, "/api/suggest", { q: q }, this.inflight).then((body) => {
        if (ticket !== this.suggestTicket) return;  // a newer request, or a question sent since
        this.chips.textContent = "";
        var list = (body.suggestions || []).slice(0, 8).filter(function (s) { return typeof s === "string"; });
        if (list.length) this.chips.appendChild(this.chipList(list));
      }, function () { /* suggestions are optional */ });
    }

    save() {
      try { sessionStorage.setItem(this.historyKey, JSON.stringify(this.history)); } catch (e) { /* private mode */ }
    }

    restore() {
      var saved = [];
      try { saved = parseHistory(sessionStorage.getItem(this.historyKey)); } catch (e) { saved = []; }
      this.history = saved;
      if (!saved.length) this.greet();
      saved.forEach((m) => this.render(m, false));
    }

    clearHistory() {
      this.history = [];
      this.save();
      this.log.textContent = "";
      this.greet();
      this.input.focus();
    }

    remember(message) {
      this.history = pushHistory(this.history, message);
      this.save();
      this.render(message, true);
    }

    hint(text) {
      this.hintNode.textContent = text;
    }

    ask(raw) {
      var question = String(raw || "").trim();
      if (!question) return;
      if (this.busy) { this.hint("Vui lòng đợi câu trả lời cho câu hỏi trước rồi gửi tiếp."); return; }
      this.input.value = "";
      if (this.greeting) { this.greeting.remove(); this.greeting = null; }
      // typing suggestions make way for the answer (late ones are dropped); typing brings them back
      clearTimeout(this.suggestTimer);
      this.suggestTicket = (this.suggestTicket || 0) + 1;
      this.chips.textContent = "";
      this.remember({ role: "user", text: question });
      this.post(question, requestId(crypto.getRandomValues.bind(crypto)));
    }

    /** Retry a failed question under its first request id: the server logs a question once. */
    retry(message, node) {
      if (this.busy) { this.hint("Vui lòng đợi câu trả lời cho câu hỏi trước rồi gửi tiếp."); return; }
      this.history = this.history.filter(function (m) { return m !== message; });
      this.save();
      node.remove();
      this.post(message.retry.question, message.retry.id);
    }

    post(question, id) {
      var done = this.pending();
      postJson(this.base, "/api/ask", { question: question, request_id: id }, this.inflight).then((body) => {
        this.remember({ role: "bot", response: body });
      }, (err) => {
        if (err.kind === "cancelled") return;
        var again = err.kind !== "http" || err.status >= 500 || err.status === 429;
        this.remember({ role: "bot", error: errorMessage(err.kind, err.status, err.message),
          retry: again ? { question: question, id: id } : null, contacts: offersContacts(err.kind, err.status) });
      }).then(done);
    }

    /** While a question is out: Send disabled (still focusable), a visible progress line. */
    pending() {
      this.busy = true;
      this.send.setAttribute("aria-disabled", "true");
      var box = el("div", { class: "pending", role: "status" });
      box.appendChild(el("span", { class: "bar", "aria-hidden": "true" }));
      var label = box.appendChild(el("span", {}, "Đang tra cứu…"));
      var started = Date.now();
      this.progressTimer = setInterval(function () {
        label.textContent = "Đang tra cứu… " + Math.round((Date.now() - started) / 1000) + " giây";
      }, 1000);
      this.log.appendChild(box);
      this.log.scrollTop = this.log.scrollHeight;
      return () => {
        clearInterval(this.progressTimer);
        box.remove();
        this.busy = false;
        this.send.setAttribute("aria-disabled", "false");
        this.hint("");
      };
    }

    render(message, live) {
      var node;
      if (message.role === "user") node = el("div", { class: "msg user" }, message.text);
      else if (message.error) node = this.failure(message);
      else node = this.answer(message.response || {});
      this.log.appendChild(node);
      // a new answer shows its start (confidence, hand-off, first card), not its last card
      if (live) this.log.scrollTop = message.role === "bot" ? node.offsetTop - 8 : this.log.scrollHeight;
    }
  }

  Object.assign(TuvanElement.prototype, View);
  window.customElements.define("tuvan-phapluat", TuvanElement);
  var mount = function () {
    // a page that places the widget itself (inline) needs no floating launcher over it
    if (!document.querySelector("tuvan-phapluat")) document.body.appendChild(document.createElement("tuvan-phapluat"));
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
}
