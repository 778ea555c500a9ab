/** A form's refusal that belongs to no one field (the server's, or the network's), above the fields. */
export function FormAlert({ message, testId }: { message: string | undefined; testId?: string }) {
  if (!message) return null;
  return (
    <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950/50 dark:text-red-300" data-testid={testId}>
      {message}
    </p>
  );
}
