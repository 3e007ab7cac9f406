// ---- what a reply looks like (methods of the element, mixed in below) --------------------------
function el(tag, attrs, text) {
  var node = document.createElement(tag);
  Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
  if (text != null) node.textContent = text;
  return node;
}

function marked(tag, cls, text, terms) {
  var node = el(tag, { class: cls });
  highlight(text, terms).forEach(function (p) {
    node.appendChild(p.mark ? el("mark", {}, p.text) : document.createTextNode(p.text));
  });
  return node;
}

var View = {
  /** A reply: confidence, the one notice, hand-off when it matters, the short answer, one card per article. */
  answer: function (r) {
    var box = el("div", { class: "msg bot" });
    var cards = groupByArticle(r.answers);
    var level = confidenceOf(r);
    if (level) {
      var line = el("p", { class: "confidence " + level.level });
      line.appendChild(el("strong", {}, "Độ tin cậy: " + level.words));
      line.appendChild(document.createTextNode(" — " + level.note));
      box.appendChild(line);
    }
    if (r.notice) box.appendChild(el("p", { class: "notice" }, r.notice));
    var handoff = handoffOf(r, cards);
    if (handoff) box.appendChild(this.contactBox(handoff.message ||
      "Câu hỏi của bạn có thể cần tư vấn viên xem xét cụ thể. Vui lòng liên hệ tư vấn viên pháp luật của Công đoàn.", handoff));
    if (r.curated && r.curated.answer) box.appendChild(this.summary(r.curated));
    if (!cards.length) box.appendChild(el("p", {}, "Chưa tìm thấy quy định phù hợp với câu hỏi này."));
    cards.forEach((a) => box.appendChild(this.card(a, r)));
    if (r.calculator) {
      var offer = calculatorOffer(r.calculator, this);
      if (offer) box.appendChild(offer);
    }
    return box;
  },

  /** The editors' short answer; the law's own words follow in the cards. */
  summary: function (c) {
    var box = el("div", { class: "summary" });
    box.appendChild(el("p", {}, c.answer));
    if (Array.isArray(c.provisions) && c.provisions.length)
      box.appendChild(el("p", { class: "basis" }, "Căn cứ: " + c.provisions.join("; ")));
    if (c.review_status && c.review_status !== "reviewed")
      box.appendChild(el("p", { class: "review" }, "Câu trả lời ngắn này đang chờ cán bộ pháp luật Công đoàn duyệt."));
    return box;
  },

  card: function (a, r) {
    var card = el("article", { class: "card" });
    card.appendChild(el("h3", { class: "citation" }, a.citation));
    var status = a.status || {};
    var meta = el("p", { class: "meta" });
    if (a.title) meta.appendChild(el("span", { class: "atitle" }, a.title + " · "));
    meta.appendChild(el("span", { class: "status " + (status.code === "in_force" ? "ok" : "warn") }, status.label || ""));
    card.appendChild(meta);
    // a notice said once above the reply is not repeated on each card
    if (a.notice && a.notice !== r.notice) card.appendChild(el("p", { class: "notice" }, a.notice));
    var snippet = snippetOf(a), others = a.other_clauses || [];
    card.appendChild(marked("blockquote", "quote", snippet, a.highlights));
    var actions = el("div", { class: "actions" });
    if (snippet !== String(a.text || "").trim() || others.length) this.expander(card, actions, a, others);
    var link = new URL(provisionPath(a), this.base + "/").href;
    var copy = el("button", { type: "button", class: "copy" }, "Sao chép");
    copy.addEventListener("click", () => this.copy(copyText(a, link), copy));
    actions.appendChild(copy);
    actions.appendChild(el("a", { class: "link", href: link, target: "_blank", rel: "noopener",
      "aria-label": "Toàn văn Điều " + (a.article_label || a.article) + " " + (a.doc_title || a.doc) + " (mở thẻ mới)" }, "Toàn văn"));
    card.appendChild(actions);
    if (r.question_id) card.appendChild(this.feedback(r.question_id, a.id));
    return card;
  },

  /** The full clause and the article's other matching clauses, one tap away. */
  expander: function (card, actions, a, others) {
    var full = el("div", { class: "full", hidden: "" });
    full.appendChild(marked("blockquote", "quote", a.text, a.highlights));
    others.forEach(function (c) {
      full.appendChild(el("p", { class: "other" }, c.citation));
      full.appendChild(marked("blockquote", "quote", c.text, a.highlights));
    });
    // short enough for one row of actions on a 375 px phone
    var label = others.length ? "Xem cả khoản (+" + others.length + ")" : "Xem cả khoản";
    var toggle = el("button", { type: "button", class: "more", "aria-expanded": "false",
      title: others.length ? "Cả khoản này và " + others.length + " khoản khác của điều" : "Cả khoản này" }, label);
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      toggle.textContent = open ? "Thu gọn" : label;
      full.hidden = !open;
    });
    actions.appendChild(toggle);
    card.appendChild(full);
  },

  copy: function (value, button) {
    var said = function (t) { button.textContent = t; setTimeout(function () { button.textContent = "Sao chép"; }, 2000); };
    var clip = navigator.clipboard;
    (clip ? clip.writeText(value) : Promise.reject()).then(function () { said("Đã sao chép"); },
      function () { said("Chưa sao chép được"); });
  },

  feedback: function (questionId, answerId) {
    var row = el("div", { class: "feedback" });
    row.appendChild(el("span", {}, "Quy định này có giúp ích không?"));
    [["Có", true], ["Không", false]].forEach((f) => {
      var b = el("button", { type: "button", class: "vote" }, f[0]);
      b.addEventListener("click", () => {
        postJson(this.base, "/api/feedback", { question_id: questionId, answer_id: answerId, helpful: f[1] }, this.inflight)
          .then(function () { row.textContent = "Cảm ơn bạn đã góp ý!"; },
            function () { row.textContent = "Chưa gửi được góp ý, vui lòng thử lại sau."; });
      });
      row.appendChild(b);
    });
    return row;
  },

  /** A message and the counsellor's contacts: the portal's own (data-*) first, then the server's. */
  contactBox: function (message, h) {
    var s = this.settings;
    h = h || {};
    var box = el("div", { class: "handoff" });
    box.appendChild(el("p", {}, message));
    var list = el("ul", {});
    [["Đường dây nóng: ", s.hotline || h.hotline, "tel"], ["Zalo: ", s.zalo || h.zalo, "zalo"],
      ["Thư điện tử: ", s.email || h.email, "email"]].forEach(function (c) {
      var href = c[1] && safeUrl(c[2], c[1]);
      if (!href) return;
      var li = el("li", {}, c[0]);
      li.appendChild(el("a", { href: href, rel: "noopener" }, c[1]));
      list.appendChild(li);
    });
    if (h.hours) list.appendChild(el("li", {}, "Giờ làm việc: " + h.hours));
    if (list.childNodes.length) box.appendChild(list);
    else box.appendChild(el("p", {}, "Bạn có thể hỏi trực tiếp Ban Chấp hành Công đoàn cơ sở nơi bạn làm việc."));
    return box;
  },

  /** A failed request: what happened, a retry when it may help, and always a way to reach a person. */
  failure: function (message) {
    var node = el("div", { class: "msg error", role: "alert" });
    node.appendChild(el("p", {}, message.error));
    if (message.retry) {
      var again = el("button", { type: "button", class: "retry" }, "Thử lại");
      again.addEventListener("click", () => this.retry(message, node));
      node.appendChild(again);
    }
    if (message.contacts) node.appendChild(this.contactBox("Liên hệ tư vấn viên pháp luật của Công đoàn:"));
    return node;
  }
};
