// The week and day calendar: opens scrolled to the morning (or the first meeting before it), and keeps
// the "now" line moving. Without JavaScript the calendar opens at midnight and scrolls by hand.
(() => {
  const body = document.getElementById("calendar-body");
  if (!body) return;
  const blocks = [...body.querySelectorAll(".block")];
  const first = Math.min(...blocks.map((b) => parseFloat(b.style.top)), 100);
  const eight = (8 / 24) * 100;
  body.scrollTop = (Math.min(first, eight) / 100) * body.scrollHeight - 16;
  const now = body.querySelector(".now");
  if (now) {
    // A minute further each minute, from where the server put it in the person's time zone.
    setInterval(() => {
      const minutes = (parseFloat(now.style.top) / 100) * 1440 + 1;
      now.style.top = `${(Math.min(minutes, 1440) / 1440) * 100}%`;
    }, 60_000);
  }
})();
