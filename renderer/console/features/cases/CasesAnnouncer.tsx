import { useCases } from './casesStore';

/** One polite live region per case screen: "RMA-2026-000001: In transit." after each step. */
export function CasesAnnouncer() {
  const { text, n } = useCases((s) => s.announcement);
  return (
    <p className="visually-hidden" role="status" aria-live="polite" data-testid="cases-announcement">
      {/* Keyed by the counter so the same words said twice are announced twice. */}
      <span key={n}>{text}</span>
    </p>
  );
}
