/** A headline figure: a label over its value, with an optional note under it. */
export function Stat(
  { label, value, note, kind }: { label: string; value: string; note?: string; kind?: "date" },
) {
  return (
    <div class="stat">
      <div class="stat-label">{label}</div>
      <div class={kind ? `stat-value ${kind}` : "stat-value"}>{value}</div>
      {note && <div class="stat-note">{note}</div>}
    </div>
  );
}
