// Staff pages, progressive enhancement only: the campaign form's preview follows the typing.
// Without this file the "Preview" button does the same with a page load.
(function () {
  "use strict";
  var form = document.querySelector("form[data-preview]");
  var pane = document.getElementById("preview");
  if (!form || !pane || !window.fetch || !window.FormData) { return; }
  var timer = null;

  function refresh() {
    var data = new FormData(form);
    data.set("action", "preview");
    // form.action would be the buttons named "action": read the attribute instead.
    fetch(form.getAttribute("action") || window.location.href, {
      method: "POST", body: data, credentials: "same-origin", headers: { "X-Preview": "1" }
    }).then(function (response) {
      return response.ok ? response.text() : null;
    }).then(function (html) {
      if (html === null) { return; }
      var heading = pane.querySelector("h2");
      pane.innerHTML = "";
      pane.appendChild(heading);
      pane.insertAdjacentHTML("beforeend", html);  // our own server's sanitized rendering
    }).catch(function () { /* offline: the Preview button still works */ });
  }

  form.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 500);
  });
})();
