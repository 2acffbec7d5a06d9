import type { Snippet as SnippetRuns } from '../../../../shared/protocol/transcripts';

/** The hub's snippet as text runs: matched words in <mark>, the rest plain (never HTML from the hub). */
export function Snippet({ runs }: { runs: SnippetRuns }) {
  return (
    <p className="tx-snippet" data-testid="result-snippet">
      {runs.map((r, i) => (r.hit ? <mark key={i}>{r.text}</mark> : <span key={i}>{r.text}</span>))}
    </p>
  );
}
