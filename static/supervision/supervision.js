// The inspection page's live total: the same rule as supervision.models.weighted_total
// (score / max × weight, rescaled over the applicable indicators; no total while nothing is
// scored), and the proposed outcome of that total: the band whose range of totals, as the
// server renders it from the standard's thresholds (supervision/_band.html), holds it.
(function () {
  // One decimal, half up, as supervision.models.standards.round_total (float noise cut first).
  function roundTotal(value) {
    const exact = Math.round(value * 10000) / 10000;
    return Math.floor(exact * 10 + 0.5 + 1e-9) / 10;
  }
  function showBand(total) {
    document.querySelectorAll("#live-band [data-band]").forEach((badge) => {
      const from = badge.dataset.from;
      const below = badge.dataset.below;
      badge.hidden = total === null
        || (from !== "" && total < parseFloat(from))
        || (below !== "" && total >= parseFloat(below));
    });
  }
  function recompute() {
    const table = document.getElementById("score-table");
    const out = document.getElementById("live-total");
    if (!table || !out) return;
    let earned = 0;
    let weights = 0;
    let scored = false;
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
        scored = true;
      }
    });
    const total = weights && scored ? roundTotal((earned * 100) / weights) : null;
    out.textContent = total === null ? "—" : total.toFixed(1);
    showBand(total);
  }
  document.addEventListener("input", (e) => {
    if (e.target.closest && e.target.closest("#score-table")) recompute();
  });
  document.addEventListener("change", (e) => {
    if (e.target.closest && e.target.closest("#score-table")) recompute();
  });
})();
// Scores typed on a phone survive a dropped connection: every change is kept in localStorage
// (keyed by inspection) until a page from the server shows the same values — that is, the
// server has saved them. A draft that differs from the server's values is restored on load,
// with a notice and a button to discard it.
(function () {
  const form = document.getElementById("score-form");
  if (!form || !form.dataset.draftKey) return;
  const key = form.dataset.draftKey;
  const fields = () => Array.from(form.querySelectorAll("#score-table input[name]"));
  const valueOf = (input) => (input.type === "checkbox" ? input.checked : input.value.trim());
  const same = (input, kept) => {
    if (input.type === "checkbox") return input.checked === kept;
    if (input.type === "number" && kept !== "" && input.value.trim() !== "") {
      return parseFloat(input.value) === parseFloat(kept);
    }
    return input.value.trim() === kept;
  };
  function read() {
    try {
      return JSON.parse(window.localStorage.getItem(key) || "null");
    } catch (e) {
      return null;
    }
  }
  function keep() {
    const values = {};
    fields().forEach((input) => { values[input.name] = valueOf(input); });
    try {
      window.localStorage.setItem(key, JSON.stringify({ values, at: Date.now() }));
    } catch (e) { /* storage full or disabled: the form still posts */ }
  }
  const draft = read();
  if (draft && draft.values) {
    const differs = fields().filter((input) => input.name in draft.values
                                                && !same(input, draft.values[input.name]));
    if (differs.length) {
      differs.forEach((input) => {
        const kept = draft.values[input.name];
        if (input.type === "checkbox") input.checked = kept; else input.value = kept;
      });
      differs[0].dispatchEvent(new Event("change", { bubbles: true }));  // the live total
      const notice = document.getElementById("draft-notice");
      if (notice) notice.hidden = false;
    } else {
      window.localStorage.removeItem(key);  // the server has these values: saved
    }
  }
  form.addEventListener("input", keep);
  form.addEventListener("change", keep);
  const discard = document.getElementById("draft-discard");
  if (discard) {
    discard.addEventListener("click", () => {
      window.localStorage.removeItem(key);
      window.location.reload();
    });
  }
})();
