// An email address that wraps where a reader expects — after its dots, @, hyphens and underscores —
// never in the middle of a word (issue 9: "emails break mid-word"). Copying it gives the address
// unchanged: <wbr> adds no characters.
import { Fragment } from 'react';

export function EmailText({ email, className, testId }: { email: string; className?: string; testId?: string }) {
  const parts = email.split(/(?<=[.@\-_])/);
  return (
    <span className={`email-text${className ? ` ${className}` : ''}`} data-testid={testId}>
      {parts.map((p, i) => (
        <Fragment key={i}>
          {i > 0 ? <wbr /> : null}
          {p}
        </Fragment>
      ))}
    </span>
  );
}
