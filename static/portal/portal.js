// Portal behaviour that needs script: confirmation before destructive actions.
// Inline scripts are forbidden by the Content-Security-Policy, so all of it lives here.
document.addEventListener("submit", (event) => {
  const form = event.target;
  const message = form.dataset.confirm || (event.submitter && event.submitter.dataset.confirm);
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});
document.addEventListener("change", (event) => {
  const el = event.target;
  if (el.matches("select[data-autosubmit], input[data-autosubmit]")) {
    el.form.requestSubmit();
  }
});
// Tables wider than the screen (.scroll-x around a .table-responsive): classes that show a
// shadow on the side that scrolls, and the width of a sticky first column to start it after.
(function () {
  function update(box) {
    const inner = box.querySelector(".table-responsive");
    if (!inner) return;
    const scrollable = inner.scrollWidth > inner.clientWidth + 1;
    box.classList.toggle("is-scrollable", scrollable);
    box.classList.toggle("at-start", inner.scrollLeft <= 1);
    box.classList.toggle("at-end", inner.scrollLeft + inner.clientWidth >= inner.scrollWidth - 1);
    const sticky = inner.querySelector("th:first-child");
    if (sticky && getComputedStyle(sticky).position === "sticky") {
      box.style.setProperty("--sticky-width", sticky.offsetWidth + "px");
    }
  }
  function updateAll() {
    document.querySelectorAll(".scroll-x").forEach(update);
  }
  document.addEventListener("DOMContentLoaded", () => {
    updateAll();
    document.querySelectorAll(".scroll-x .table-responsive").forEach((inner) => {
      inner.addEventListener("scroll", () => update(inner.closest(".scroll-x")), { passive: true });
    });
  });
  window.addEventListener("resize", updateAll);
})();
// Multi-selects over hundreds of rows (portal.widgets.SearchSelectMultiple) search as you
// type. Without script (or without htmx) they stay the plain select; here the select gives
// way to the widget's template: the chosen rows as checkboxes of the field's name, and a
// search box (labelled by the field's label, through the select's id) whose results htmx
// fetches from the widget's search address.
(function () {
  function enhance(box) {
    const fallback = box.querySelector("[data-search-fallback]");
    const template = box.querySelector("template");
    const select = fallback && fallback.querySelector("select");
    if (!select || !template || !window.htmx) return;
    const live = template.content.firstElementChild.cloneNode(true);
    const id = select.id;
    fallback.remove();
    template.remove();
    live.querySelector("[data-search-input]").id = id;
    box.appendChild(live);
    window.htmx.process(live);
  }
  function chosenInput(box, value) {
    return Array.from(box.querySelectorAll("[data-search-chosen] input"))
      .find((input) => input.value === value);
  }
  function markChosen(box) {
    box.querySelectorAll("[data-choose]").forEach((button) => {
      const input = chosenInput(box, button.dataset.choose);
      const chosen = Boolean(input && input.checked);
      button.classList.toggle("active", chosen);
      button.setAttribute("aria-pressed", chosen ? "true" : "false");
    });
  }
  function choose(box, button) {  // add the result's row, or take it out again
    const value = button.dataset.choose;
    const label = button.dataset.label;
    let input = chosenInput(box, value);
    if (!input) {
      const list = box.querySelector("[data-search-chosen]");
      const search = box.querySelector("[data-search-input]");
      const item = document.createElement("li");
      item.className = "form-check border rounded px-2 py-1 mb-0";
      input = document.createElement("input");
      input.type = "checkbox";
      input.className = "form-check-input ms-0 me-1";
      input.name = box.dataset.name;
      input.value = value;
      input.id = search.id + "-chosen-" + value;
      const text = document.createElement("label");
      text.className = "form-check-label";
      text.htmlFor = input.id;
      text.textContent = label;
      item.append(input, text);
      list.appendChild(item);
      list.querySelectorAll("[data-search-none]").forEach((none) => none.remove());
    }
    // A result is a toggle: pressed while its row is chosen.
    const adding = !input.checked;
    input.checked = adding;
    markChosen(box);
    const status = box.querySelector("[data-search-status]");
    const said = adding ? box.dataset.added : box.dataset.removed;
    if (status) status.textContent = (said || "{label}").replace("{label}", label);
  }
  function results(box) {
    return Array.from(box.querySelectorAll("[data-search-results] button"));
  }
  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-search-select]").forEach(enhance);
  });
  document.addEventListener("htmx:configRequest", (event) => {
    const elt = event.detail.elt;
    if (elt.matches && elt.matches("[data-search-input]")) {
      event.detail.parameters.q = elt.value;
    }
  });
  document.addEventListener("htmx:afterSwap", (event) => {
    // Dispatched on the new content (the results, or the next page in place of "More…").
    const box = event.target.closest && event.target.closest("[data-search-select]");
    if (!box) return;
    markChosen(box);
    const pages = box.querySelectorAll("[data-search-page]");
    const status = box.querySelector("[data-search-status]");
    if (status && pages.length) status.textContent = pages[pages.length - 1].dataset.status;
    if (box.dataset.focusAt) {  // "More…" was pressed: on to the first of the next ones
      const next = results(box)[Number(box.dataset.focusAt)];
      delete box.dataset.focusAt;
      if (next) next.focus();
    }
  });
  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest("[data-choose], [data-search-more]");
    const box = button && button.closest("[data-search-select]");
    if (!box) return;
    if (button.matches("[data-search-more]")) {
      box.dataset.focusAt = String(results(box).indexOf(button));
    } else {
      choose(box, button);
    }
  });
  document.addEventListener("change", (event) => {
    const box = event.target.closest && event.target.closest("[data-search-chosen]");
    if (box) markChosen(box.closest("[data-search-select]"));
  });
  document.addEventListener("keydown", (event) => {
    const box = event.target.closest && event.target.closest("[data-search-select]");
    if (!box) return;
    const search = box.querySelector("[data-search-input]");
    const buttons = results(box);
    const at = buttons.indexOf(event.target);
    if (event.target === search) {
      if (event.key === "Enter") event.preventDefault();  // not the whole form's submission
      if ((event.key === "ArrowDown" || event.key === "Enter") && buttons.length) {
        event.preventDefault();
        buttons[0].focus();
      }
    } else if (at >= 0) {
      if (event.key === "ArrowDown" && at < buttons.length - 1) {
        event.preventDefault();
        buttons[at + 1].focus();
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        (at > 0 ? buttons[at - 1] : search).focus();
      } else if (event.key === "Escape") {
        search.focus();
      }
    }
  });
})();
