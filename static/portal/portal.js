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
