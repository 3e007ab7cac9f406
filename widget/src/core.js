/*! Tư vấn pháp luật lao động — tiện ích nhúng bằng một thẻ <script>.
 * <script src="https://HOST/widget/tuvan.js" data-title="…" data-hotline="…" data-zalo="…" data-email="…" defer></script>
 * or inline: <tuvan-phapluat inline></tuvan-phapluat>. No dependency, no inline script, no eval;
 * server text is only ever set with textContent. The server serves widget/src/*.js as one script. */
"use strict";

// ---- pure logic, no DOM (unit-tested with node --test widget/tests/) ---------------------------
var ATTRS = ["api", "title", "hotline", "zalo", "email", "placeholder"];
var HISTORY_KEY = "tuvan-history-v2";
var MAX_HISTORY = 40;
// One try only: answers take well under a second; past 15 s the worker is better served by the message.
var TIMEOUT_MS = 15000;
// Suggestions start at 3 characters (fewer match hundreds of titles) and stop past 80: a longer text
// is a worker's own story, which goes out only when they press Send.
var SUGGEST_MIN = 3, SUGGEST_MAX = 80;
var SNIPPET_MAX = 220;  // about four lines on a 375 px phone
var LEVELS = {
  high: ["cao", "Các quy định dưới đây khớp rõ với câu hỏi của bạn."],
  medium: ["trung bình", "Các quy định có liên quan, nhưng có thể chưa đúng hẳn trường hợp của bạn."],
  low: ["thấp", "Hệ thống chưa chắc chắn: nên hỏi thêm tư vấn viên trước khi dựa vào."]
};
// First view: the topics workers ask most, each phrased as a curated question (corpus/qa) is.
var STARTERS = [
  "Công ty chậm trả lương thì người lao động được gì?",
  "Bị công ty đuổi việc trái luật thì được bồi thường gì?",
  "Nghỉ thai sản được bao lâu?",
  "Tăng ca tối đa bao nhiêu giờ?",
  "Một năm được nghỉ phép bao nhiêu ngày?",
  "Công ty chậm đóng bảo hiểm xã hội thì bị xử lý thế nào?",
  "Bị tai nạn lao động công ty phải làm gì?"
];

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

/** [start, end) of each term in text, on word boundaries and regardless of case; a term typed
 *  without diacritics matches any accented form, one with diacritics only itself. */
function termRanges(text, terms) {
  var folded = fold(text), lowered = lower(text), ranges = [];
  (terms || []).forEach(function (term) {
    var raw = String(term || "").trim();
    var plain = fold(raw) === raw.toLowerCase();
    var t = plain ? fold(raw) : lower(raw), hay = plain ? folded : lowered;
    if (t.length < 2) return;
    for (var at = hay.indexOf(t); at !== -1; at = hay.indexOf(t, at + 1)) {
      if (!isWordChar(hay[at - 1]) && !isWordChar(hay[at + t.length])) ranges.push([at, at + t.length]);
    }
  });
  return ranges.sort(function (a, b) { return a[0] - b[0]; });
}

/** Split text into [{text, mark}] so that each term is marked (đuổi must not mark dưới). */
function highlight(text, terms) {
  text = String(text || "");
  var merged = [];
  termRanges(text, terms).forEach(function (r) {
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

/** The server's snippet, else the line or sentence of the clause with most highlighted terms,
 *  cut at a word boundary. */
function snippetOf(answer) {
  var words = function (p) { return (p.match(/\p{L}+/gu) || []).length >= 3; };  // not a bare label: "1."
  var given = String(answer.snippet || "").trim();
  if (words(given)) return given;
  var text = String(answer.text || "").trim();
  var pieces = text.split(/\n|(?<=[.;:])\s+/).filter(words);
  var best = pieces[0] || text, bestHits = -1;
  pieces.forEach(function (p) {
    var hits = termRanges(p, answer.highlights).length;
    if (hits > bestHits) { best = p; bestHits = hits; }
  });
  if (best.length <= SNIPPET_MAX) return best.trim();
  var cut = best.slice(0, SNIPPET_MAX), space = cut.lastIndexOf(" ");
  return (space > SNIPPET_MAX / 2 ? cut.slice(0, space) : cut) + " …";
}

/** One card per article: a later answer from the same article joins the first one's other clauses. */
function groupByArticle(answers) {
  var cards = [], byKey = {};
  (Array.isArray(answers) ? answers : []).forEach(function (a) {
    if (!a) return;
    var key = a.doc + "|" + (a.article_label || a.article);
    var card = byKey[key];
    if (!card) {
      card = byKey[key] = Object.assign({}, a, { other_clauses: (a.other_clauses || []).slice() });
      cards.push(card);
      return;
    }
    var seen = card.other_clauses.some(function (c) { return c.citation === a.citation; });
    if (!seen && a.citation !== card.citation) card.other_clauses.push({ clause: a.clause, citation: a.citation, text: a.text });
  });
  return cards;
}

/** {level, words, note} for the answer's confidence, or null when the server sent none. */
function confidenceOf(response) {
  var known = LEVELS[response && response.confidence];
  if (!known) return null;
  return { level: response.confidence, words: response.confidence_label || known[0], note: response.confidence_note || known[1] };
}

function changed(answer) {
  var s = (answer && answer.status) || {};
  return s.code === "replaced" || s.code === "expired_version" || (s.amendments_missing || []).length > 0;
}

/** The hand-off to show near the top: the server's, or one of our own when confidence is low or
 *  the first provision was replaced or amended (a server that predates the hand-off rule). */
function handoffOf(response, cards) {
  if (response.handoff) return response.handoff;
  if (response.confidence === "low" || changed(cards[0])) return {};
  return null;
}

/** The Vietnamese message a visitor sees for a failed request. */
function errorMessage(kind, status, serverMessage) {
  if (kind === "offline") return "Thiết bị của bạn đang không có mạng. Khi có mạng trở lại, hãy bấm “Thử lại”.";
  if (kind === "timeout") return "Máy chủ tư vấn chưa trả lời sau " + TIMEOUT_MS / 1000 + " giây. Bạn có thể thử lại hoặc liên hệ tư vấn viên.";
  if (kind === "network") return "Không kết nối được máy chủ tư vấn (mạng của bạn vẫn hoạt động; máy chủ có thể đang gián đoạn). Bạn có thể thử lại hoặc liên hệ tư vấn viên.";
  if (status === 429) return "Bạn đã gửi nhiều câu hỏi liên tiếp. Vui lòng đợi một lát rồi hỏi tiếp.";
  if (status === 400 || status === 413) return serverMessage || "Câu hỏi chưa hợp lệ. Vui lòng kiểm tra và gửi lại.";
  if (status === 503) return "Hệ thống tư vấn đang bảo trì. Vui lòng thử lại sau ít phút.";
  return "Hệ thống gặp sự cố. Vui lòng thử lại sau.";
}

/** Whether a failure should offer the counsellor's contacts (all but the worker's own input). */
function offersContacts(kind, status) {
  return kind !== "http" || !(status === 400 || status === 413 || status === 429);
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

/** "45/2019/QH14" → "45-2019-QH14", as the service's URLs name documents. */
function docSlug(number) {
  return String(number).split("/").join("-");
}

/** Where the provision's full text lives on the service (the server's url, else the known form). */
function provisionPath(a) {
  var path = a.url || "/dieu/" + encodeURIComponent(docSlug(a.doc)) + "/" + encodeURIComponent(a.article_label || a.article);
  return a.clause && path.indexOf("#") < 0 ? path + "#khoan-" + encodeURIComponent(a.clause) : path;
}

/** What "Sao chép" puts on the clipboard: citation, the law's words, where to read it. */
function copyText(a, link) {
  return [a.citation, a.text, "Nguồn: " + link].filter(Boolean).join("\n");
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

/** A random id for one question, kept across a retry so the server logs it once. */
function requestId(random) {
  var bytes = random(new Uint8Array(16));
  return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
}

if (typeof module !== "undefined" && module.exports && typeof window === "undefined") {
  module.exports = {
    fold: fold, highlight: highlight, snippetOf: snippetOf, groupByArticle: groupByArticle,
    confidenceOf: confidenceOf, handoffOf: handoffOf, errorMessage: errorMessage, offersContacts: offersContacts,
    readSettings: readSettings, docSlug: docSlug, provisionPath: provisionPath, copyText: copyText,
    pushHistory: pushHistory, parseHistory: parseHistory, safeUrl: safeUrl, requestId: requestId,
    STARTERS: STARTERS, SUGGEST_MIN: SUGGEST_MIN, SUGGEST_MAX: SUGGEST_MAX, SNIPPET_MAX: SNIPPET_MAX
  };
}
