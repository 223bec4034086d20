// Print or copy the recovery codes shown once after enrolment (no inline script: the CSP).
document.addEventListener("DOMContentLoaded", () => {
  const list = document.getElementById("recovery-codes");
  const print = document.querySelector("[data-access-print]");
  const copy = document.querySelector("[data-access-copy]");
  if (print) print.addEventListener("click", () => window.print());
  if (copy && list && navigator.clipboard) {
    copy.addEventListener("click", () => {
      const text = Array.from(list.querySelectorAll("code"), (c) => c.textContent).join("\n");
      navigator.clipboard.writeText(text).then(() => { copy.textContent = copy.dataset.copied; });
    });
  } else if (copy) {
    copy.hidden = true;
  }
});
