import type { EChartsType } from "echarts/core";

/** The part of the plot a drag covers, in pixels from the chart's left edge (for the overlay). */
export interface BrushBand {
  left: number;
  width: number;
}

interface Pointer {
  offsetX: number;
  offsetY: number;
}

/**
 * Brushing across a chart whose x axis is a category axis (one category per time bucket): a drag from one
 * bucket to another calls `onRange(first, last)` (indexes in order, possibly past the ends: the caller
 * clamps), a click calls it with the same index twice. `onBand` follows the drag for the overlay (null when
 * done). Returns the detach function.
 */
export function attachBrush(
  chart: EChartsType,
  onRange: (first: number, last: number) => void,
  onBand: (band: BrushBand | null) => void,
): () => void {
  const zr = chart.getZr();
  let start: { x: number; index: number } | null = null;
  const indexAt = ({ offsetX, offsetY }: Pointer): number => {
    const value = chart.convertFromPixel({ gridIndex: 0 }, [offsetX, offsetY]) as number | number[];
    return Math.round(Array.isArray(value) ? value[0]! : value);
  };
  const down = (e: Pointer) => {
    start = chart.containPixel("grid", [e.offsetX, e.offsetY]) ? { x: e.offsetX, index: indexAt(e) } : null;
  };
  const move = (e: Pointer) => {
    if (start) onBand({ left: Math.min(start.x, e.offsetX), width: Math.abs(e.offsetX - start.x) });
  };
  const up = (e: Pointer) => {
    if (!start) return;
    const first = start.index;
    const last = indexAt(e);
    start = null;
    onBand(null);
    if (Number.isFinite(first) && Number.isFinite(last))
      onRange(Math.min(first, last), Math.max(first, last));
  };
  const out = () => {
    start = null;
    onBand(null);
  };
  zr.on("mousedown", down);
  zr.on("mousemove", move);
  zr.on("mouseup", up);
  zr.on("globalout", out);
  return () => {
    zr.off("mousedown", down);
    zr.off("mousemove", move);
    zr.off("mouseup", up);
    zr.off("globalout", out);
  };
}
