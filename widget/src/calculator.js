// ---- the calculator offer under a reply -----------------------------------------------------------
/** The hook where a reply whose response carries `calculator` ({name, title, fields}) shows its
 *  offer, under the answer; returns a node or null. The calculators work (issue 18) owns this file
 *  and the form it opens; the rest of the widget only calls this function. */
function calculatorOffer(calculator, widget) {
  if (!calculator || !calculator.title) return null;
  return el("p", { class: "calc" }, "Công cụ tính: " + calculator.title);
}
