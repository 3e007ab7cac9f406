// ---- the calculator offer under a reply -----------------------------------------------------------
/** The hook where a reply whose response carries `calculator` ({name, title, fields}) shows its
 *  offer, under the answer; returns a node or null. The calculators work (issue 18) owns this file
 *  and the form it opens; the rest of the widget only calls this function. */
var calcSeq = 0;

function calculatorOffer(calculator, widget) {
  if (!calculator || !calculator.title || !Array.isArray(calculator.fields)) return null;
  var box = el("section", { class: "calc", "aria-label": calculator.title });
  var open = box.appendChild(el("button", { type: "button" }, "Mở công cụ: " + calculator.title));
  open.addEventListener("click", function () {
    open.remove();
    box.appendChild(calculatorForm(calculator, widget)).querySelector("input, select").focus();
  });
  return box;
}

/** One labelled input per field (its unit in the label), a real submit button, the answer below. */
function calculatorForm(calculator, widget) {
  var form = el("form", { class: "calc-form" }), id = (widget.uid || "tv") + "-c" + (++calcSeq), inputs = [];
  form.appendChild(el("p", { class: "calc-title" }, calculator.title));
  calculator.fields.forEach(function (f, i) {
    var row = form.appendChild(el("p", {})), input;
    var label = row.appendChild(el("label", { for: id + i }, f.label + (f.unit ? " (" + f.unit + ")" : "") +
      (f.required === false ? " — không bắt buộc" : "")));
    if (f.type === "choice") {
      input = el("select", { id: id + i });
      (f.options || []).forEach(function (o, k) { input.appendChild(el("option", { value: String(k) }, o.label)); });
    } else if (f.type === "boolean") {
      input = el("input", { id: id + i, type: "checkbox" });
      row.insertBefore(input, label);
    } else {
      input = el("input", f.type === "integer" || f.type === "number"
        ? { id: id + i, type: "number", min: "0", step: f.type === "integer" ? "1" : "any", inputmode: "decimal" }
        : { id: id + i, type: f.type === "month" ? "month" : "date", placeholder: f.unit });
    }
    if (f.required !== false && f.type !== "boolean") input.required = true;
    if (f.type !== "boolean") row.appendChild(input);
    inputs.push([f, input]);
  });
  var send = form.appendChild(el("button", { type: "submit", class: "send" }, "Tính"));
  var out = form.appendChild(el("div", { "aria-live": "polite" }));
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    if (send.hasAttribute("aria-disabled")) return;   // one calculation at a time
    var body = {};
    inputs.forEach(function (p) {
      var f = p[0], input = p[1];
      if (f.type === "boolean") body[f.name] = input.checked;
      else if (f.type === "choice") body[f.name] = f.options[Number(input.value)].value;
      else if (input.value !== "") body[f.name] = f.type === "integer" || f.type === "number" ? Number(input.value) : input.value;
    });
    send.setAttribute("aria-disabled", "true");
    out.textContent = "Đang tính…";
    postJson(widget.base, "/api/calc/" + encodeURIComponent(calculator.name), body, widget.inflight).then(function (r) {
      out.textContent = "";
      out.appendChild(calculatorResult(r));
    }, function (err) {
      out.textContent = err.kind === "http" && err.message && (err.status === 400 || err.status === 404)
        ? err.message : errorMessage(err.kind, err.status, err.message);
    }).then(function () { send.removeAttribute("aria-disabled"); });
  });
  return form;
}

/** The result, each step as a list item, the provisions applied and the notice: as text only. */
function calculatorResult(r) {
  var box = el("div", { class: "calc-result" }), v = r.result;
  var shown = v && typeof v === "object"
    ? v.years + " tuổi" + (v.months ? " " + v.months + " tháng" : "") + ", đủ tuổi ngày " + v.date.split("-").reverse().join("/")
    : Number(v).toLocaleString("vi-VN") + " " + r.unit;
  if (r.duration_months != null) shown += ", hưởng trong " + r.duration_months + " tháng";
  box.appendChild(el("p", {})).appendChild(el("strong", {}, "Kết quả: " + shown));
  var steps = box.appendChild(el("ol", {}));
  (r.breakdown || []).forEach(function (line) { steps.appendChild(el("li", {}, line)); });
  if (r.provisions && r.provisions.length) box.appendChild(el("p", { class: "basis" }, "Căn cứ: " + r.provisions.join("; ")));
  if (r.notice) box.appendChild(el("p", { class: "notice" }, r.notice));
  return box;
}
