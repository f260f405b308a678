/** Ticks for a count axis: whole numbers, 1, 2 or 5 times a power of ten apart, at most ~5 of them. */
export function countTicks(max: number): number[] {
  if (!Number.isFinite(max) || max <= 0) return [0, 1];
  const rough = max / 5;
  const power = 10 ** Math.floor(Math.log10(Math.max(rough, 1)));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power);
  const top = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let v = 0; v <= top; v += step) ticks.push(v);
  return ticks;
}

/** Every n-th day gets a label, so that at most `maxLabels` fit under the bars. */
export const labelEvery = (days: number, maxLabels = 10): number => Math.max(1, Math.ceil(days / maxLabels));
