// The error line under a form: the hub's refusal or a check's, announced as soon as it appears.

export function FormError({ error, className, testId }: { error: string | null | undefined; className?: string; testId?: string }) {
  if (!error) return null;
  return (
    <p className={className ? `form__error ${className}` : 'form__error'} role="alert" data-testid={testId}>
      {error}
    </p>
  );
}
