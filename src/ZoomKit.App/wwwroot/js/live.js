// Live status: the server pushes which of the person's meetings are running (Zoom's meeting.started and
// meeting.ended webhooks) and when their meetings changed elsewhere. Without JavaScript the badges are
// as the page was served, and a reload shows the rest.
(() => {
  if (!window.EventSource) return;
  const badges = () => document.querySelectorAll("[data-live]");
  const show = (id, live) => {
    for (const badge of badges()) {
      if (badge.dataset.live === String(id)) badge.hidden = !live;
    }
  };
  const source = new EventSource("/meetings/live");
  source.addEventListener("snapshot", (event) => {
    const running = new Set(JSON.parse(event.data).map(String));
    for (const badge of badges()) badge.hidden = !running.has(badge.dataset.live);
    document.body.dataset.listening = "true";
  });
  source.addEventListener("live", (event) => {
    const change = JSON.parse(event.data);
    show(change.id, change.live);
  });
  source.addEventListener("changed", () => {
    const notice = document.getElementById("meetings-changed");
    if (notice) notice.hidden = false;
  });
  // The browser reconnects on its own after a network error; a page that leaves closes the stream.
  window.addEventListener("pagehide", () => source.close());
})();
