// A tiny inline trend line, x by date and y by value. Decorative: the values and direction are given as text.
export type Point = { date: string; value: number };

export function Sparkline({ points, width = 120, height = 32 }: { points: Point[]; width?: number; height?: number }) {
  if (points.length < 2) return null;
  const pad = 3;
  const xs = points.map((p) => Date.parse(`${p.date}T00:00:00Z`));
  const ys = points.map((p) => p.value);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const sx = (x: number) => (x1 === x0 ? width / 2 : pad + ((x - x0) / (x1 - x0)) * (width - 2 * pad));
  // Flat series sit in the middle rather than on an edge.
  const sy = (y: number) => (y1 === y0 ? height / 2 : height - pad - ((y - y0) / (y1 - y0)) * (height - 2 * pad));
  const coords = points.map((p, i) => `${sx(xs[i]!).toFixed(1)},${sy(p.value).toFixed(1)}`);
  const last = coords[coords.length - 1]!.split(',');
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} aria-hidden="true" focusable="false">
      <polyline points={coords.join(' ')} fill="none" stroke="currentColor" strokeWidth="1.75" strokeLinejoin="round" strokeLinecap="round" />
      <circle cx={last[0]} cy={last[1]} r="2.75" fill="currentColor" />
    </svg>
  );
}
