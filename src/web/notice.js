// The page-level message line: what just happened, or what went wrong.

export function notify(message, { error = false } = {}) {
  const el = document.getElementById("notice");
  el.textContent = message;
  el.classList.toggle("is-error", error);
  el.setAttribute("role", error ? "alert" : "status");
  el.hidden = !message;
}

export function notifyError(err) {
  notify(err?.message || String(err), { error: true });
}

// Inside a modal dialog the page notice is hidden behind the backdrop: show it there.
export function dialogError(dialog, err) {
  const el = dialog.querySelector("[data-testid=dialog-error]");
  el.textContent = err ? err.message || String(err) : "";
  el.hidden = !err;
}
