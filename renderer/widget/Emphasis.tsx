// A translated sentence with one value in bold wherever the language puts it: the message is
// formatted with a marker in the value's place, then split around it (the word order is the
// translation's, the <strong> is ours).
import { Fragment, type ReactNode } from 'react';

/** Pass as the value's argument to t(); then give the result to <Emphasis>. */
export const MARK = '\u2063';

export function Emphasis({ text, value }: { text: string; value: ReactNode }) {
  const parts = text.split(MARK);
  return (
    <>
      {parts.map((p, i) => (
        <Fragment key={i}>
          {i > 0 ? <strong>{value}</strong> : null}
          {p}
        </Fragment>
      ))}
    </>
  );
}
