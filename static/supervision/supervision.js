// The inspection page's live total: the same rule as supervision.models.weighted_total
// (score / max × weight, rescaled over the applicable indicators).
(function () {
  function recompute() {
    const table = document.getElementById("score-table");
    const out = document.getElementById("live-total");
    if (!table || !out) return;
    let earned = 0;
    let weights = 0;
    table.querySelectorAll("tbody tr[data-weight]").forEach((row) => {
      const na = row.querySelector(".na-input");
      if (na && na.checked) return;
      const weight = parseFloat(row.dataset.weight);
      const max = parseFloat(row.dataset.max);
      const input = row.querySelector(".score-input");
      weights += weight;
      const value = input ? parseFloat(input.value) : NaN;
      if (!Number.isNaN(value)) {
        input.classList.toggle("is-invalid", value < 0 || value > max);
        earned += (value / max) * weight;
      }
    });
    out.textContent = weights ? ((earned * 100) / weights).toFixed(1) : "—";
  }
  document.addEventListener("input", (e) => {
    if (e.target.closest && e.target.closest("#score-table")) recompute();
  });
  document.addEventListener("change", (e) => {
    if (e.target.closest && e.target.closest("#score-table")) recompute();
  });
})();
