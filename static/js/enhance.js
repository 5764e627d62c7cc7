// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Put the error summary in front of keyboard and screen-reader users after a failed submit.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
  // Or the one follow-up question a ZIP code needs (which district, which state).
  var question = !summary && document.getElementById("question");
  if (question) { question.focus(); }

  // A running count under each text box with a limit; the text itself is never cut.
  Array.prototype.forEach.call(document.querySelectorAll("textarea[data-limit]"), function (box) {
    var counter = document.getElementById(box.id + "_counter");
    if (!counter) { return; }
    var limit = parseInt(box.getAttribute("data-limit"), 10);
    var es = document.documentElement.lang === "es";
    counter.setAttribute("aria-live", "polite");
    var words = box.getAttribute("data-unit") === "words";
    function update() {
      var trimmed = box.value.trim();
      var n = words ? (trimmed ? trimmed.split(/\s+/).length : 0) : box.value.length;
      var unit = words ? (es ? " palabras" : " words") : (es ? " caracteres" : " characters");
      var text = es ? n + " de " + limit + unit : n + " of " + limit + unit;
      if (n > limit) {
        text += es ? ": sobran " + (n - limit) : ": " + (n - limit) + " too many";
      }
      counter.textContent = text;
      counter.classList.toggle("over", n > limit);
    }
    box.addEventListener("input", update);
    update();
  });

  // A copy button beside each text a person takes elsewhere (a call script, a comment).
  if (navigator.clipboard && window.isSecureContext) {
    Array.prototype.forEach.call(document.querySelectorAll("[data-copy]"), function (box) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button secondary";
      button.textContent = document.documentElement.lang === "es" ? "Copiar el texto" : "Copy the text";
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(box.value || box.textContent).then(function () {
          button.textContent = document.documentElement.lang === "es" ? "¡Copiado!" : "Copied!";
        });
      });
      box.parentNode.insertBefore(button, box.nextSibling);
    });
  }

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

// Proof of work for the sign form (ALTCHA v1 format), solved in the background once the
// person starts filling the form in. Without JavaScript the form works just the same.
(function () {
  "use strict";
  var form = document.querySelector("form[data-challenge]");
  var field = form && form.querySelector("input[name=altcha]");
  if (!field || !window.crypto || !window.crypto.subtle || !window.fetch) { return; }
  var started = false;

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function solve(c) {
    var encoder = new TextEncoder();
    var n = 0;
    function step() {
      var batch = [];
      for (var i = 0; i < 200 && n <= c.maxnumber; i++, n++) {
        batch.push(crypto.subtle.digest("SHA-256", encoder.encode(c.salt + n)));
      }
      return Promise.all(batch).then(function (hashes) {
        for (var j = 0; j < hashes.length; j++) {
          if (hex(hashes[j]) === c.challenge) { return n - hashes.length + j; }
        }
        return n <= c.maxnumber ? step() : null;
      });
    }
    return step();
  }

  form.addEventListener("focusin", function () {
    if (started) { return; }
    started = true;
    fetch(form.getAttribute("data-challenge"), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (c) {
        return solve(c).then(function (number) {
          if (number === null) { return; }
          field.value = btoa(JSON.stringify({
            algorithm: c.algorithm, challenge: c.challenge, number: number,
            salt: c.salt, signature: c.signature
          }));
        });
      })
      .catch(function () { /* no proof of work: the signature is still taken */ });
  });
})();
