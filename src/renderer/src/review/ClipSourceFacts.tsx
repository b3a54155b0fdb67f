/**
 * Where a clip's sound comes from when it is a sidecar .wav (the player plays the video file, which has
 * none), and the metadata its labels file carried (Age, Country, …). Nothing when there is neither.
 */
interface Props {
  audioPath: string | null;
  metadata: Record<string, string>;
}

export function ClipSourceFacts({ audioPath, metadata }: Props) {
  const entries = Object.entries(metadata);
  if (!audioPath && entries.length === 0) return null;
  return (
    <p className="muted" aria-label="clip sources">
      {audioPath ? <>Audio analysed from {audioPath} (the video has no sound of its own; the player is silent). </> : null}
      {entries.length > 0 ? <>Metadata: {entries.map(([key, value]) => `${key} ${value}`).join(' · ')}</> : null}
    </p>
  );
}
