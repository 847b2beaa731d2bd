import type { RequestSignedEvent } from './events';
import { redactText } from './redaction';

/** What a provider hands {@link requestSignedEvent}: the texts as signed, secrets still in them. */
export type SignedTexts = Omit<RequestSignedEvent, 'type'>;

/**
 * The {@link RequestSignedEvent} for what a provider just signed, with every string
 * redacted: live secrets in any of their echo forms, and credential-shaped fragments (a
 * `x-…-security-token:<value>` line of the canonical request or string to sign) even when
 * the value was never held as a `Secret`. `extra` names values to remove as well.
 * Call it only while signing is traced: it costs a scan of each text.
 */
export function requestSignedEvent(texts: SignedTexts, extra: readonly string[] = []): RequestSignedEvent {
  const event: { -readonly [K in keyof RequestSignedEvent]: RequestSignedEvent[K] } = {
    type: 'request-signed',
    provider: texts.provider,
    method: redactText(texts.method, extra),
    path: redactText(texts.path, extra),
    signedHeaders: texts.signedHeaders.map((name) => redactText(name, extra)),
    stringToSign: redactText(texts.stringToSign, extra),
  };
  if (texts.canonicalRequest !== undefined) event.canonicalRequest = redactText(texts.canonicalRequest, extra);
  return event;
}
