import type { RejectionCode } from '@stratum/contracts';
import { useReasonsText } from '@/i18n/reasonsText';

/**
 * Why something was refused: the reason's label in the console's language, then the API's own text, which names
 * fields and values and stays as sent (English, left to right inside Arabic). Without a code (refusals noted before
 * codes were kept) the text alone.
 */
export function RejectionReason({ code, detail }: { code: RejectionCode | null | undefined; detail: string | null }) {
  const reasonsText = useReasonsText();
  return (
    <>
      {code ? <span className="font-medium">{reasonsText(code)}</span> : null}
      {code && detail ? ': ' : null}
      {detail ? <bdi dir="ltr">{detail}</bdi> : code ? null : '—'}
    </>
  );
}
