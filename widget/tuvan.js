/*! Tư vấn pháp luật lao động — tiện ích nhúng bằng một thẻ <script>.
 * <script src="https://HOST/widget/tuvan.js" data-title="…" data-hotline="…" data-zalo="…" data-email="…" defer></script>
 * or inline: <tuvan-phapluat inline></tuvan-phapluat>. No dependency, no inline script, no eval;
 * server text is only ever set with textContent. */
(function () {
  "use strict";

  // ---- pure logic (unit-tested with node --test) -------------------------------------------
  var ATTRS = ["api", "title", "hotline", "zalo", "email", "placeholder"];
  var HISTORY_KEY = "tuvan-history-v1";
  var MAX_HISTORY = 40;
  var TIMEOUT_MS = 15000;

  function foldChar(c) {
    if (c === "đ" || c === "Đ") return "d";
    var f = c.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    return f.length === 1 ? f : c.toLowerCase();
  }

  function fold(s) {
    var out = "";
    for (var i = 0; i < s.length; i++) out += foldChar(s[i]);
    return out;
  }

  function lower(s) {
    var out = "";
    for (var i = 0; i < s.length; i++) { var c = s[i].toLowerCase(); out += c.length === 1 ? c : s[i]; }
    return out;
  }

  function isWordChar(c) {
    return !!c && /[\p{L}\p{N}]/u.test(c);
  }

  /** Split text into [{text, mark}] so that each term is marked, on word boundaries and
   *  regardless of case; a term typed without diacritics matches any accented form,
   *  one with diacritics only itself (đuổi must not mark dưới). */
  function highlight(text, terms) {
    text = String(text || "");
    var folded = fold(text), lowered = lower(text);
    var ranges = [];
    (terms || []).forEach(function (term) {
      var raw = String(term || "").trim();
      var plain = fold(raw) === raw.toLowerCase();
      var t = plain ? fold(raw) : lower(raw), hay = plain ? folded : lowered;
      if (t.length < 2) return;
      var from = 0, at;
      while ((at = hay.indexOf(t, from)) !== -1) {
        var end = at + t.length;
        if (!isWordChar(hay[at - 1]) && !isWordChar(hay[end])) ranges.push([at, end]);
        from = at + 1;
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    });
    var parts = [], pos = 0;
    merged.forEach(function (r) {
      if (r[0] > pos) parts.push({ text: text.slice(pos, r[0]), mark: false });
      parts.push({ text: text.slice(r[0], r[1]), mark: true });
      pos = r[1];
    });
    if (pos < text.length) parts.push({ text: text.slice(pos), mark: false });
    return parts;
  }

  /** The Vietnamese message a visitor sees for a failed request. */
  function errorMessage(kind, status, serverMessage) {
    if (kind === "timeout") return "Máy chủ tư vấn phản hồi quá lâu. Vui lòng thử lại.";
    if (kind === "network") return "Không kết nối được máy chủ tư vấn. Vui lòng kiểm tra kết nối mạng rồi thử lại.";
    if (status === 429) return "Bạn đã gửi nhiều câu hỏi liên tiếp. Vui lòng đợi một lát rồi hỏi tiếp.";
    if (status === 400 || status === 413) return serverMessage || "Câu hỏi chưa hợp lệ. Vui lòng kiểm tra và gửi lại.";
    if (status === 503) return "Hệ thống tư vấn đang bảo trì. Vui lòng thử lại sau ít phút.";
    return "Hệ thống gặp sự cố. Vui lòng thử lại sau.";
  }

  /** Only known data-* settings, as strings of bounded length. */
  function readSettings(source) {
    var out = {};
    ATTRS.forEach(function (name) {
      var v = source && source["data-" + name];
      if (typeof v === "string" && v.trim()) out[name] = v.trim().slice(0, 300);
    });
    return out;
  }

  /** "45/2019/QH14" → "45-2019-QH14" for /api/provisions. */
  function docSlug(number) {
    return String(number).split("/").join("-");
  }

  function formatDate(iso) {
    var d = new Date(iso + "T00:00:00");
    if (isNaN(d)) return iso;
    return new Intl.DateTimeFormat("vi-VN", { day: "2-digit", month: "2-digit", year: "numeric" }).format(d);
  }

  function pushHistory(list, item) {
    var next = (list || []).concat([item]);
    return next.slice(Math.max(0, next.length - MAX_HISTORY));
  }

  function parseHistory(raw) {
    try {
      var v = JSON.parse(raw || "[]");
      return Array.isArray(v) ? v.filter(function (m) { return m && (m.role === "user" || m.role === "bot"); }) : [];
    } catch (e) {
      return [];
    }
  }

  function safeUrl(kind, value) {
    var v = String(value || "").trim();
    if (kind === "tel") return "tel:" + v.replace(/[^\d+]/g, "");
    if (kind === "email") return /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(v) ? "mailto:" + v : "";
    if (kind === "zalo") return /^https:\/\//.test(v) ? v : "https://zalo.me/" + v.replace(/[^\d]/g, "");
    return "";
  }

  var core = {
    fold: fold, highlight: highlight, errorMessage: errorMessage, readSettings: readSettings,
    docSlug: docSlug, formatDate: formatDate, pushHistory: pushHistory, parseHistory: parseHistory,
    safeUrl: safeUrl, HISTORY_KEY: HISTORY_KEY
  };
  if (typeof module !== "undefined" && module.exports) {
    module.exports = core;
    return;
  }
  if (typeof window === "undefined" || !window.customElements || window.customElements.get("tuvan-phapluat")) return;

  // ---- the element ----------------------------------------------------------------------------
  var script = document.currentScript;
  var scriptSettings = script ? readSettings(Object.fromEntries(Array.prototype.map.call(
    script.attributes, function (a) { return [a.name, a.value]; }))) : {};
  var base = scriptSettings.api || (script ? new URL(script.src, location.href).origin : location.origin);
  var cssHref = script ? new URL("tuvan.css", script.src).href : base + "/widget/tuvan.css";

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text != null) node.textContent = text;
    return node;
  }

  function request(path, options) {
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, TIMEOUT_MS);
    var opts = Object.assign({ signal: controller.signal, credentials: "omit" }, options || {});
    return fetch(base.replace(/\/$/, "") + path, opts).then(function (res) {
      clearTimeout(timer);
      return res.json().catch(function () { return {}; }).then(function (body) {
        if (!res.ok) throw { kind: "http", status: res.status, message: body && body.message };
        return body;
      });
    }, function (err) {
      clearTimeout(timer);
      throw { kind: err && err.name === "AbortError" ? "timeout" : "network" };
    });
  }

  var seq = 0;

  class TuvanElement extends HTMLElement {
    connectedCallback() {
      if (this.shadowRoot) return;
      var own = readSettings(Object.fromEntries(Array.prototype.map.call(
        this.attributes, function (a) { return [a.name, a.value]; })));
      this.settings = Object.assign({}, scriptSettings, own);
      this.inline = this.hasAttribute("inline");
      this.uid = "tv" + (++seq);
      this.history = [];
      var root = this.attachShadow({ mode: "open" });
      root.appendChild(el("link", { rel: "stylesheet", href: cssHref }));
      var wrap = el("div", { class: this.inline ? "wrap inline" : "wrap floating" });
      root.appendChild(wrap);
      var title = this.settings.title || "Hỏi đáp pháp luật";
      if (!this.inline) {
        this.launcher = el("button", { type: "button", class: "launcher", "aria-expanded": "false",
          "aria-controls": this.uid + "-panel" }, title);
        this.launcher.addEventListener("click", () => this.toggle(true));
        wrap.appendChild(this.launcher);
      }
      var panel = el("section", { id: this.uid + "-panel", class: "panel", "aria-label": title });
      if (!this.inline) { panel.setAttribute("role", "dialog"); panel.hidden = true; }
      this.panel = panel;
      var head = el("div", { class: "head" });
      head.appendChild(el("h2", { class: "title" }, title));
      var clear = el("button", { type: "button", class: "clear" }, "Xóa hội thoại");
      clear.addEventListener("click", () => this.clearHistory());
      head.appendChild(clear);
      if (!this.inline) {
        var close = el("button", { type: "button", class: "close", "aria-label": "Đóng khung hỏi đáp" }, "×");
        close.addEventListener("click", () => this.toggle(false));
        head.appendChild(close);
      }
      panel.appendChild(head);
      panel.appendChild(el("p", { class: "disclaimer" },
        "Thông tin pháp luật tham khảo, không thay thế ý kiến tư vấn của luật sư hay tư vấn viên."));
      this.log = el("div", { class: "log", role: "log", "aria-live": "polite", "aria-label": "Hội thoại" });
      panel.appendChild(this.log);
      this.chips = el("div", { class: "chips", "aria-label": "Câu hỏi gợi ý" });
      panel.appendChild(this.chips);
      var form = el("form", { class: "ask" });
      var label = el("label", { for: this.uid + "-q", class: "sr" }, "Câu hỏi của bạn");
      this.input = el("textarea", { id: this.uid + "-q", rows: "2", maxlength: "1000",
        placeholder: this.settings.placeholder || "Nhập câu hỏi, ví dụ: nghỉ thai sản được mấy tháng?" });
      var send = el("button", { type: "submit", class: "send" }, "Gửi");
      form.appendChild(label); form.appendChild(this.input); form.appendChild(send);
      form.addEventListener("submit", (e) => { e.preventDefault(); this.ask(this.input.value); });
      this.input.addEventListener("keydown", (e) => {
        if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); this.ask(this.input.value); }
      });
      this.input.addEventListener("input", () => {
        clearTimeout(this.pendingSuggest);
        this.pendingSuggest = setTimeout(() => this.suggest(this.input.value), 250);
      });
      panel.appendChild(form);
      panel.addEventListener("keydown", (e) => { if (e.key === "Escape" && !this.inline) this.toggle(false); });
      wrap.appendChild(panel);
      this.restore();
      if (this.inline) this.suggest("");
    }

    toggle(open) {
      if (this.inline) return;
      this.panel.hidden = !open;
      this.launcher.setAttribute("aria-expanded", String(open));
      if (open) { this.input.focus(); if (!this.chips.childNodes.length) this.suggest(""); }
      else this.launcher.focus();
    }

    suggest(q) {
      var ticket = this.suggestTicket = (this.suggestTicket || 0) + 1;
      request("/api/suggest?q=" + encodeURIComponent(q.slice(0, 200))).then((body) => {
        if (ticket !== this.suggestTicket) return;  // a newer request, or a question sent since
        this.chips.textContent = "";
        (body.suggestions || []).slice(0, 8).forEach((s) => {
          var chip = el("button", { type: "button", class: "chip" }, s);
          chip.addEventListener("click", () => this.ask(s));
          this.chips.appendChild(chip);
        });
      }, function () { /* suggestions are optional */ });
    }

    save() {
      try { sessionStorage.setItem(HISTORY_KEY, JSON.stringify(this.history)); } catch (e) { /* private mode */ }
    }

    restore() {
      var saved = [];
      try { saved = parseHistory(sessionStorage.getItem(HISTORY_KEY)); } catch (e) { saved = []; }
      saved.forEach((m) => { this.history.push(m); this.render(m, false); });
    }

    clearHistory() {
      this.history = [];
      this.save();
      this.log.textContent = "";
      this.input.focus();
    }

    remember(message) {
      this.history = pushHistory(this.history, message);
      this.save();
      this.render(message, true);
    }

    ask(raw) {
      var question = String(raw || "").trim();
      if (!question || this.busy) return;
      this.busy = true;
      this.input.value = "";
      this.remember({ role: "user", text: question });
      // starter suggestions make way for the answer (and late ones are dropped); typing brings them back
      clearTimeout(this.pendingSuggest);
      this.suggestTicket = (this.suggestTicket || 0) + 1;
      this.chips.textContent = "";
      var typing = el("div", { class: "typing", "aria-hidden": "true" }, "Đang tra cứu…");
      this.log.appendChild(typing);
      var attempt = (retries) => request("/api/ask", {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ question: question })
      }).catch(function (err) {
        if (retries > 0 && (err.kind === "timeout" || err.kind === "network")) return attempt(retries - 1);
        throw err;
      });
      attempt(1).then((body) => {
        this.remember({ role: "bot", response: body });
      }, (err) => {
        this.remember({ role: "bot", error: errorMessage(err.kind, err.status, err.message), retry: question });
      }).then(() => { typing.remove(); this.busy = false; });
    }

    render(message, live) {
      var node;
      if (message.role === "user") node = el("div", { class: "msg user" }, message.text);
      else if (message.error) {
        node = el("div", { class: "msg error", role: "alert" }, message.error);
        if (message.retry) {
          var again = el("button", { type: "button", class: "retry" }, "Thử lại");
          again.addEventListener("click", () => this.ask(message.retry));
          node.appendChild(again);
        }
      } else node = this.answer(message.response || {});
      this.log.appendChild(node);
      // show the start of a new answer (its summary and first card), not its last card
      if (live) node.scrollIntoView({ block: message.role === "bot" ? "start" : "nearest" });
    }

    answer(r) {
      var box = el("div", { class: "msg bot" });
      var answers = Array.isArray(r.answers) ? r.answers : [];
      if (r.notice) box.appendChild(el("p", { class: "notice" }, r.notice));
      if (r.curated && r.curated.answer) {
        // the editors' short answer first; the law's own words follow in the cards
        var summary = el("div", { class: "summary" });
        summary.appendChild(el("p", {}, r.curated.answer));
        if (Array.isArray(r.curated.provisions) && r.curated.provisions.length)
          summary.appendChild(el("p", { class: "basis" }, "Căn cứ: " + r.curated.provisions.join("; ")));
        box.appendChild(summary);
      }
      if (!answers.length) box.appendChild(el("p", {}, "Chưa tìm thấy quy định phù hợp với câu hỏi này."));
      answers.forEach((a, i) => box.appendChild(this.card(a, i === 0 ? r.question_id : null)));
      if (r.handoff) box.appendChild(this.handoff(r.handoff));
      return box;
    }

    card(a, questionId) {
      var card = el("article", { class: "card" });
      card.appendChild(el("p", { class: "citation" }, a.citation));
      card.appendChild(el("h3", { class: "atitle" }, a.title));
      var status = a.status || {};
      card.appendChild(el("p", { class: "status " + (status.code === "in_force" ? "ok" : "warn") }, status.label || ""));
      if (a.notice && a.notice !== "") card.appendChild(el("p", { class: "notice" }, a.notice));
      var quote = el("blockquote", { class: "quote" });
      highlight(a.text, a.highlights).forEach(function (p) {
        quote.appendChild(p.mark ? el("mark", {}, p.text) : document.createTextNode(p.text));
      });
      card.appendChild(quote);
      var full = el("div", { class: "full", hidden: "" });
      var toggle = el("button", { type: "button", class: "more", "aria-expanded": "false" }, "Xem toàn văn");
      toggle.addEventListener("click", () => this.fullText(a, full, toggle));
      card.appendChild(toggle);
      card.appendChild(full);
      if (questionId) card.appendChild(this.feedback(questionId));
      return card;
    }

    fullText(a, full, toggle) {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      toggle.textContent = open ? "Thu gọn" : "Xem toàn văn";
      full.hidden = !open;
      if (!open || full.childNodes.length) return;
      full.appendChild(el("p", {}, "Đang tải…"));
      request("/api/provisions/" + encodeURIComponent(docSlug(a.doc)) + "/" + encodeURIComponent(a.article_label || a.article))
        .then(function (p) {
          full.textContent = "";
          if (p.intro) full.appendChild(el("p", {}, p.intro));
          (p.clauses || []).forEach(function (c) {
            full.appendChild(el("p", { class: "clause" }, c.label + ". " + c.text));
            (c.points || []).forEach(function (pt) { full.appendChild(el("p", { class: "point" }, pt.label + ") " + pt.text)); });
          });
        }, function (err) { full.textContent = errorMessage(err.kind, err.status, err.message); });
    }

    feedback(questionId) {
      var row = el("div", { class: "feedback" });
      row.appendChild(el("span", {}, "Câu trả lời có hữu ích không?"));
      [["Có", true], ["Không", false]].forEach(function (f) {
        var b = el("button", { type: "button", class: "vote", "aria-pressed": "false" }, f[0]);
        b.addEventListener("click", function () {
          request("/api/feedback", { method: "POST", headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ question_id: questionId, helpful: f[1] }) })
            .then(function () { row.textContent = "Cảm ơn bạn đã góp ý!"; },
              function () { row.textContent = "Chưa gửi được góp ý, vui lòng thử lại sau."; });
        });
        row.appendChild(b);
      });
      return row;
    }

    handoff(h) {
      var s = this.settings;
      var box = el("div", { class: "handoff" });
      box.appendChild(el("p", {}, h.message || "Vui lòng liên hệ tư vấn viên pháp luật của Công đoàn."));
      var list = el("ul", {});
      var hotline = s.hotline || h.hotline, zalo = s.zalo || h.zalo, email = s.email || h.email;
      [["Đường dây nóng: ", hotline, "tel"], ["Zalo: ", zalo, "zalo"], ["Thư điện tử: ", email, "email"]].forEach(function (c) {
        var href = c[1] && safeUrl(c[2], c[1]);
        if (!href) return;
        var li = el("li", {}, c[0]);
        li.appendChild(el("a", { href: href, rel: "noopener" }, c[1]));
        list.appendChild(li);
      });
      if (list.childNodes.length) box.appendChild(list);
      return box;
    }
  }

  window.customElements.define("tuvan-phapluat", TuvanElement);
  function mount() {
    // a page that places the widget itself (inline) needs no floating launcher over it
    if (!document.querySelector("tuvan-phapluat")) document.body.appendChild(document.createElement("tuvan-phapluat"));
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
})();
