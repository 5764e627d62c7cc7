// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Put the error summary in front of keyboard and screen-reader users after a failed submit.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }

  var source = document.querySelector(".copy-source");
  if (!source) { return; }
  var list = document.querySelector(".share-links");

  function addButton(label, onClick) {
    var item = document.createElement("li");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button";
    button.textContent = label;
    button.addEventListener("click", onClick);
    item.appendChild(button);
    list.insertBefore(item, list.firstChild);
    return button;
  }

  if (navigator.clipboard && window.isSecureContext) {
    var copy = addButton(document.documentElement.lang === "es" ? "Copiar enlace" : "Copy link", function () {
      navigator.clipboard.writeText(source.value).then(function () {
        copy.textContent = document.documentElement.lang === "es" ? "¡Copiado!" : "Copied!";
      });
    });
  }
  if (navigator.share) {
    addButton(document.documentElement.lang === "es" ? "Compartir…" : "Share…", function () {
      navigator.share({ title: document.title, url: source.value.replace("s=copy", "s=webshare") })
        .catch(function () { /* the person closed the share sheet */ });
    });
  }
})();
