// Keeps an import's page up to date while it runs: asks for its progress every two seconds, updates the
// status text (a polite live region) and the bar, and reloads the page once the import has finished.
// Without JavaScript the page's own "Refresh" link does the same.
const box = document.getElementById("import-progress");
if (box) {
  const text = box.querySelector("[data-progress-text]");
  const bar = box.querySelector("progress");
  const poll = async () => {
    try {
      const answer = await fetch(box.dataset.progressUrl, { headers: { Accept: "application/json" } });
      if (!answer.ok) return;
      const progress = await answer.json();
      if (progress.finished) {
        window.location.reload();
        return;
      }
      text.textContent = `${progress.status_label}: ${progress.rows_done.toLocaleString("en-GB")} of ` +
        `${progress.rows_total.toLocaleString("en-GB")} rows checked (${progress.percent}%).`;
      bar.value = progress.percent;
      bar.textContent = `${progress.percent}%`;
    } catch (error) {
      // A dropped connection: try again at the next tick.
    }
    window.setTimeout(poll, 2000);
  };
  window.setTimeout(poll, 2000);
}
