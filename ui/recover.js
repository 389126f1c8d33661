// A page that lost a piece of Streamlit's own frontend recovers by itself.
//
// Streamlit loads each kind of widget's code on first use (a dynamic import of one file per kind, such as
// NumberInput.<hash>.js). If that one request fails (a dropped connection, a server that answered an error
// under load), the browser keeps the failure for the life of the document and Streamlit draws a red
// "Failed to fetch dynamically imported module" box in place of every widget of that kind: a dozen boxes
// for one lost request. Nothing but loading the document again fetches it again. So: when such a box
// appears (or the import's rejection or Vite's preload error is seen), reload the page, at most a few
// times in a while (the settings are in the address, so the reader lands on the same view).
(() => {
  if (window.__ceRecover) return;
  window.__ceRecover = true;
  const PATTERN = /dynamically imported module|Importing a module script failed/i;
  const LIMIT = 3; // reloads ...
  const WINDOW_MS = 120000; // ... within this many ms, then the boxes stay (the server is gone)
  const KEY = "ce-recover";
  const recover = () => {
    const now = Date.now();
    let recent = [];
    try {
      recent = JSON.parse(sessionStorage.getItem(KEY) || "[]").filter((at) => now - at < WINDOW_MS);
    } catch (error) {
      recent = [];
    }
    if (recent.length >= LIMIT) return;
    recent.push(now);
    try {
      sessionStorage.setItem(KEY, JSON.stringify(recent));
    } catch (error) {
      return; // no storage: no way to count, so no reload loop either
    }
    window.location.reload();
  };
  const lost = () =>
    [...document.querySelectorAll('[data-testid="stAlertContentError"], [data-testid="stException"]')].some(
      (box) => PATTERN.test(box.textContent || ""),
    );
  let pending = null;
  const check = () => {
    pending = null;
    if (lost()) recover();
  };
  new MutationObserver(() => {
    if (pending === null) pending = setTimeout(check, 200);
  }).observe(document.body, { childList: true, subtree: true });
  window.addEventListener("vite:preloadError", recover);
  window.addEventListener("unhandledrejection", (event) => {
    const reason = event.reason;
    if (reason && PATTERN.test(String(reason.message || reason))) recover();
  });
  check();
})();
