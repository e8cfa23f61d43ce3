/* The progress page of a background job (webapp/templates/jobs/show.html): every second,
   read /jobs/<id>.json and show the figures; when the job has ended, reload the page, which
   then shows the download or the errors. A separate file: the CSP forbids inline scripts. */
(function () {
  "use strict";
  var box = document.querySelector("[data-poll]");
  if (!box) { return; }
  var url = box.getAttribute("data-poll");
  var fields = ["status_label", "done", "total", "errors", "percent", "elapsed_text", "eta_text", "message"];

  function show(job) {
    fields.forEach(function (name) {
      var value = job[name];
      if (name === "total" && (value === null || value === undefined)) { value = "—"; }
      document.querySelectorAll('[data-field="' + name + '"]').forEach(function (el) {
        el.textContent = value === null || value === undefined ? "" : String(value);
      });
    });
    var bar = document.querySelector('[data-field="bar"]');
    if (bar) {
      if (job.total) { bar.max = job.total; bar.value = job.done; } else { bar.removeAttribute("value"); }
    }
    box.setAttribute("data-state", job.status);
  }

  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (job) {
        if (job) {
          show(job);
          if (job.ended) { window.location.reload(); return; }
        }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 2000); });  /* the server away for a moment */
  }
  window.setTimeout(poll, 1000);
})();
