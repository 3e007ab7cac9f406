// ---- requests to the service -------------------------------------------------------------------
/** One request to the element's own service. Rejects with {kind, status, message}, kind being
 *  "offline" (the device has no network), "network" (the service cannot be reached, or refused
 *  this portal by CORS), "timeout", "cancelled" (the element left the page) or "http".
 *  `inflight` (a Set) holds a cancel function while the request runs. */
function request(base, path, options, inflight) {
  var controller = new AbortController(), timedOut = false, cancelled = false;
  var timer = setTimeout(function () { timedOut = true; controller.abort(); }, TIMEOUT_MS);
  var cancel = function () { cancelled = true; controller.abort(); };
  if (inflight) inflight.add(cancel);
  var done = function () { clearTimeout(timer); if (inflight) inflight.delete(cancel); };
  var failure = function () {
    if (cancelled) return { kind: "cancelled" };
    if (timedOut) return { kind: "timeout" };
    return { kind: navigator.onLine === false ? "offline" : "network" };
  };
  var opts = Object.assign({ signal: controller.signal, credentials: "omit" }, options || {});
  return fetch(base.replace(/\/$/, "") + path, opts).then(function (res) {
    return res.json().catch(function () { return {}; }).then(function (body) {
      done();
      if (timedOut || cancelled) throw failure();
      if (!res.ok) throw { kind: "http", status: res.status, message: body && body.message };
      return body;
    });
  }, function () {
    done();
    throw failure();
  });
}

/** JSON in the body, never in the URL: nothing a worker types travels in an address. */
function postJson(base, path, body, inflight) {
  return request(base, path, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body)
  }, inflight);
}
