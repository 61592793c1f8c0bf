/** A run's, stage's or model version's status as a coloured pill (colours in styles.css). */
export function StatusBadge({ status, label }: { status: string; label?: string }) {
  return <span class={`badge status-${status}`}>{label ?? status}</span>;
}
