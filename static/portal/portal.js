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
