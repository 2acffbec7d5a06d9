// The error line under a form: the hub's refusal or a check's, announced as soon as it appears.

/** `id`: for the field's aria-describedby. */
export function FormError({ error, className, id, testId }: { error: string | null | undefined; className?: string; id?: string; testId?: string }) {
  if (!error) return null;
  return (
    <p id={id} className={className ? `form__error ${className}` : 'form__error'} role="alert" data-testid={testId}>
      {error}
    </p>
  );
}
