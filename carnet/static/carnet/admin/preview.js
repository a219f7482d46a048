/* The live preview next to a post's body: the server renders and sanitises, this file only asks.
   Loaded as a static file through the ModelAdmin's Media, so it runs under `script-src 'self'`. */
"use strict";
(function () {
  const DELAY_MS = 400;

  function setUp(textarea) {
    const form = textarea.form;
    const token = form.querySelector("input[name=csrfmiddlewaretoken]");
    const watched = [textarea, form.elements.body_format, form.elements.edition].filter(Boolean);

    const editor = document.createElement("div");
    editor.className = "carnet-editor";
    textarea.parentNode.insertBefore(editor, textarea);
    editor.appendChild(textarea);

    const pane = document.createElement("section");
    pane.className = "carnet-preview-pane";
    pane.setAttribute("aria-label", textarea.dataset.previewLabel);
    const heading = document.createElement("p");
    heading.className = "carnet-preview-heading";
    heading.textContent = textarea.dataset.previewLabel;
    const status = document.createElement("span");
    status.className = "carnet-preview-status";
    status.setAttribute("role", "status");
    heading.appendChild(status);
    const body = document.createElement("div");
    body.className = "carnet-preview";
    pane.append(heading, body);
    editor.appendChild(pane);

    let timer = null;
    let latest = 0;

    async function refresh() {
      const request = ++latest;
      const data = new FormData();
      data.append("body", textarea.value);
      if (form.elements.body_format) data.append("body_format", form.elements.body_format.value);
      if (form.elements.edition) data.append("edition", form.elements.edition.value);
      pane.classList.add("carnet-preview-busy");
      try {
        const response = await fetch(textarea.dataset.previewUrl, {
          method: "POST",
          body: data,
          credentials: "same-origin",
          headers: { "X-CSRFToken": token ? token.value : "", "X-Requested-With": "fetch" },
        });
        if (!response.ok) throw new Error(String(response.status));
        const result = await response.json();
        if (request === latest) {
          body.innerHTML = result.html; // rendered and sanitised by Carnet's own pipeline
          status.textContent = "";
        }
      } catch (error) {
        if (request === latest) status.textContent = textarea.dataset.previewFailed;
      } finally {
        if (request === latest) pane.classList.remove("carnet-preview-busy");
      }
    }

    function later() {
      clearTimeout(timer);
      timer = setTimeout(refresh, DELAY_MS);
    }

    watched.forEach((field) => field.addEventListener(field === textarea ? "input" : "change", later));
    refresh();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea[data-preview-url]").forEach(setUp);
  });
})();
