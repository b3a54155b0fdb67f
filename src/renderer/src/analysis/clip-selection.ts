/** The clips a click on the Analysis screen picked (a confusion cell or a scatter point), to list and open in review. */
export interface ClipSelection {
  /** What was clicked, e.g. "Run 3 · Surprise: gold 0.2–0.3, predicted 0.1–0.2". */
  title: string;
  clips: { clipId: number; fileId: string; gold: number; predicted: number }[];
}
