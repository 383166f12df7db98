// "Copy invitation": copies the invitation text shown below the button. Without JavaScript the text is
// still there to select and copy by hand.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const source = document.getElementById(button.dataset.copy);
  const status = document.getElementById(button.dataset.status);
  try {
    await navigator.clipboard.writeText(source.value);
    status.textContent = "Invitation copied.";
  } catch {
    source.closest("details").open = true;
    source.select();
    status.textContent = "Copying is not allowed here: the invitation is selected, copy it by hand.";
  }
});
