import { useTranscripts } from './transcriptsStore';

/** One polite live region for the transcripts view: "Copy to … failed." and the like. */
export function TranscriptsAnnouncer() {
  const { text, n } = useTranscripts((s) => s.announcement);
  return (
    <p className="visually-hidden" role="status" aria-live="polite" data-testid="transcripts-announcement">
      {/* Keyed by the counter so the same words said twice are announced twice. */}
      <span key={n}>{text}</span>
    </p>
  );
}
