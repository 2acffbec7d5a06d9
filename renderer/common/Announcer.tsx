// One polite live region per screen, present from the start so screen readers pick up every change
// of its text: "RMA-2026-000001: In transit.", "Whisper sent.", "Offer lapsed."…
export interface Announcement {
  text: string;
  /** Counts announcements, so the same words said twice are announced twice. */
  n: number;
}

export function Announcer({ announcement, testId }: { announcement: Announcement; testId: string }) {
  return (
    <p className="visually-hidden" role="status" aria-live="polite" data-testid={testId}>
      {/* Keyed by the counter: the same sentence again is a new node, so it is read again. */}
      <span key={announcement.n}>{announcement.text}</span>
    </p>
  );
}
