// "Copy invitation" and "Copy address": copy the text of the element the button names. Without
// JavaScript the text is still there to select and copy by hand.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const source = document.getElementById(button.dataset.copy);
  const status = document.getElementById(button.dataset.status);
  try {
    await navigator.clipboard.writeText(source.value);
    status.textContent = button.dataset.copied ?? "Invitation copied.";
  } catch {
    const details = source.closest("details");
    if (details) details.open = true;
    source.select();
    status.textContent = "Copying is not allowed here: the text is selected, copy it by hand.";
  }
});
