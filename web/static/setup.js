// Fills a time zone field that still shows the default with this browser's time zone, for the person to
// confirm (the form is sent only when they press its button). Without JavaScript the field keeps the default.
for (const input of document.querySelectorAll("input[data-guess-timezone='yes']")) {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone || zone === input.value) continue;
  input.value = zone;
  const note = document.createElement("p");
  note.className = "setting-guess";
  note.textContent = `Guessed from this browser: ${zone}. Change it if it is wrong, then confirm.`;
  input.closest("form")?.append(note);
}
