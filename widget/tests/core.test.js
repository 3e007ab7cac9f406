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
