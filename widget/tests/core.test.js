// Logic of the widget that needs no DOM: node --test widget/tests/
const test = require("node:test");
const assert = require("node:assert");
const core = require("../src/core.js");

test("highlight marks terms regardless of case and diacritics, on word boundaries", () => {
  const parts = core.highlight("Lao động nữ được nghỉ thai sản 06 tháng", ["thai sản", "nghi"]);
  assert.deepStrictEqual(parts.filter((p) => p.mark).map((p) => p.text), ["nghỉ", "thai sản"]);
  assert.strictEqual(parts.map((p) => p.text).join(""), "Lao động nữ được nghỉ thai sản 06 tháng");
});

test("an accented term marks only itself; an unaccented one marks every accented form", () => {
  const marked = (text, terms) => core.highlight(text, terms).filter((p) => p.mark).map((p) => p.text);
  assert.deepStrictEqual(marked("con dưới 12 tháng, bị đuổi việc", ["đuổi"]), ["đuổi"]);
  assert.deepStrictEqual(marked("con dưới 12 tháng, bị đuổi việc", ["duoi"]), ["dưới", "đuổi"]);
  assert.deepStrictEqual(marked("Nghỉ Thai Sản", ["thai sản"]), ["Thai Sản"]);
});

test("highlight ignores a term inside a longer word", () => {
  const parts = core.highlight("nghỉ hằng năm", ["hằng nă"]);
  assert.ok(parts.every((p) => !p.mark));
});

test("highlight keeps markup as plain text parts", () => {
  const parts = core.highlight("<img src=x onerror=alert(1)> thai sản", ["thai sản"]);
  assert.strictEqual(parts[0].text, "<img src=x onerror=alert(1)> ");
  assert.strictEqual(parts[0].mark, false);
});

test("fold removes Vietnamese marks and đ", () => {
  assert.strictEqual(core.fold("Đình công ở Hòa Bình"), "dinh cong o hoa binh");
});

test("error messages are Vietnamese and specific", () => {
  assert.match(core.errorMessage("network"), /Không kết nối được máy chủ/);
  assert.match(core.errorMessage("offline"), /không có mạng/);
  assert.doesNotMatch(core.errorMessage("network"), /kiểm tra kết nối mạng/);
  assert.match(core.errorMessage("timeout"), /chưa trả lời sau 15 giây/);
  assert.match(core.errorMessage("http", 429), /đợi một lát/);
  assert.strictEqual(core.errorMessage("http", 400, "Vui lòng nhập câu hỏi."), "Vui lòng nhập câu hỏi.");
  assert.match(core.errorMessage("http", 503), /bảo trì/);
  assert.match(core.errorMessage("http", 500), /sự cố/);
});

test("settings are allow-listed and bounded", () => {
  const s = core.readSettings({ "data-hotline": " 1900 1234 ", "data-onload": "x", "data-title": "a".repeat(500), src: "y" });
  assert.deepStrictEqual(Object.keys(s).sort(), ["hotline", "title"]);
  assert.strictEqual(s.hotline, "1900 1234");
  assert.strictEqual(s.title.length, 300);
});

test("document numbers become URL slugs", () => {
  assert.strictEqual(core.docSlug("12/2022/NĐ-CP"), "12-2022-NĐ-CP");
});

test("history is bounded and tolerant of garbage", () => {
  let h = [];
  for (let i = 0; i < 50; i++) h = core.pushHistory(h, { role: "user", text: String(i) });
  assert.strictEqual(h.length, 40);
  assert.strictEqual(h[0].text, "10");
  assert.deepStrictEqual(core.parseHistory("{not json"), []);
  assert.deepStrictEqual(core.parseHistory('[{"role":"evil"},{"role":"user","text":"a"}]'), [{ role: "user", text: "a" }]);
});

test("contact links are safe", () => {
  assert.strictEqual(core.safeUrl("tel", "1900 1234"), "tel:19001234");
  assert.strictEqual(core.safeUrl("email", "tuvan@ldld.vn"), "mailto:tuvan@ldld.vn");
  assert.strictEqual(core.safeUrl("email", "javascript:alert(1)"), "");
  assert.strictEqual(core.safeUrl("zalo", "0912 345 678"), "https://zalo.me/0912345678");
  assert.strictEqual(core.safeUrl("zalo", "javascript:alert(1)"), "https://zalo.me/1");
});

test("the snippet is the server's, else the clause's line with most of the question's terms, cut short", () => {
  assert.strictEqual(core.snippetOf({ snippet: " Trích đoạn này. ", text: "x" }), "Trích đoạn này.");
  assert.strictEqual(core.snippetOf({ snippet: "1.", text: "1. Số ngày nghỉ hằng năm." }), "Số ngày nghỉ hằng năm.");
  const a = { text: "1. Mở đầu.\na) Không liên quan.\nb) Được trả lương làm thêm giờ.", highlights: ["làm thêm giờ", "trả lương"] };
  assert.strictEqual(core.snippetOf(a), "b) Được trả lương làm thêm giờ.");
  const long = core.snippetOf({ text: "từ ".repeat(200), highlights: [] });
  assert.ok(long.length <= core.SNIPPET_MAX + 2 && long.endsWith(" …"));
  assert.strictEqual(core.snippetOf({ text: "Chỉ một câu", highlights: ["không có"] }), "Chỉ một câu");
});

test("answers from one article become one card with the other clauses", () => {
  const a = (article, clause) => ({ doc: "45/2019/QH14", article, article_label: String(article), clause,
    citation: `Khoản ${clause} Điều ${article}`, text: `khoản ${clause}` });
  const cards = core.groupByArticle([a(25, "1"), a(26, "1"), a(25, "2"), a(25, "2"), { ...a(25, "3"), doc: "12/2022/NĐ-CP" }]);
  assert.deepStrictEqual(cards.map((c) => c.citation), ["Khoản 1 Điều 25", "Khoản 1 Điều 26", "Khoản 3 Điều 25"]);
  assert.deepStrictEqual(cards[0].other_clauses, [{ clause: "2", citation: "Khoản 2 Điều 25", text: "khoản 2" }]);
  assert.deepStrictEqual(core.groupByArticle(null), []);
});

test("confidence in words, the server's when it sends them", () => {
  assert.deepStrictEqual(core.confidenceOf({ confidence: "medium" }).words, "trung bình");
  const own = core.confidenceOf({ confidence: "high", confidence_label: "cao", confidence_note: "Khớp." });
  assert.deepStrictEqual([own.words, own.note], ["cao", "Khớp."]);
  assert.strictEqual(core.confidenceOf({ confidence: "weird" }), null);
});

test("hand-off when the server sends one, when confidence is low or the first text changed", () => {
  const inForce = { status: { code: "in_force", amendments_missing: [] } };
  assert.strictEqual(core.handoffOf({ confidence: "high" }, [inForce]), null);
  assert.deepStrictEqual(core.handoffOf({ confidence: "high", handoff: { message: "m" } }, [inForce]), { message: "m" });
  assert.ok(core.handoffOf({ confidence: "low" }, []));
  assert.ok(core.handoffOf({ confidence: "high" }, [{ status: { code: "replaced" } }]));
  assert.ok(core.handoffOf({ confidence: "high" }, [{ status: { code: "in_force", amendments_missing: ["113/2025/QH15"] } }]));
});

test("contacts for every failure but the worker's own input", () => {
  assert.ok(core.offersContacts("network") && core.offersContacts("offline") && core.offersContacts("http", 503));
  assert.ok(!core.offersContacts("http", 400) && !core.offersContacts("http", 429));
});

test("the full-text link and what Sao chép copies", () => {
  const a = { doc: "12/2022/NĐ-CP", article: 39, article_label: "39", clause: "2", citation: "Khoản 2 Điều 39", text: "Phạt tiền." };
  assert.strictEqual(core.provisionPath(a), "/dieu/12-2022-N%C4%90-CP/39#khoan-2");
  assert.strictEqual(core.provisionPath({ ...a, url: "/dieu/x/39" }), "/dieu/x/39#khoan-2");
  assert.strictEqual(core.provisionPath({ ...a, clause: null, url: "/dieu/x/39" }), "/dieu/x/39");
  assert.strictEqual(core.copyText(a, "https://h/dieu"), "Khoản 2 Điều 39\nPhạt tiền.\nNguồn: https://h/dieu");
});

test("request ids are 32 hex digits", () => {
  const id = core.requestId((b) => b.fill(171));
  assert.strictEqual(id, "ab".repeat(16));
  assert.match(core.requestId(require("node:crypto").getRandomValues), /^[0-9a-f]{32}$/);
});
