/**
 * Credentials must never reach a log line, a stored job error or an error body, even when a hostile Hub
 * echoes our token back or an error message quotes a request header. Known secret values are replaced
 * exactly; the shapes below catch the ones we were never told about.
 */
const REDACTED = '[redacted]';

const SHAPES: [RegExp, string][] = [
  // Hugging Face tokens: hf_ and some 34 letters and digits.
  [/\bhf_[A-Za-z0-9]{30,}\b/g, REDACTED],
  // JWTs (Clerk session tokens): base64url JSON header and payload, then the signature.
  [/\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, REDACTED],
  // Whatever follows the Bearer scheme or a Clerk cookie name.
  [/\b(Bearer)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
  [/\b(__session|__client|__clerk_db_jwt)=[^;\s"']+/g, `$1=${REDACTED}`],
];

const SENSITIVE_KEYS = /^(authorization|cookie|set-cookie|x-api-key|token|access_token|hf_token|password|secret)$/i;

const knownSecrets = new Set<string>();

/** A value of the configuration that must be hidden wherever it turns up (HF_TOKEN). */
export function registerSecret(value: string | undefined): void {
  // Short values would blank out ordinary words; real secrets are long.
  if (value && value.length >= 8) knownSecrets.add(value);
}

export function redactText(text: string): string {
  let result = text;
  for (const secret of knownSecrets) result = result.split(secret).join(REDACTED);
  for (const [shape, replacement] of SHAPES) result = result.replace(shape, replacement);
  return result;
}

/** The same for structured values (error details, job errors): strings anywhere, and values under credential-like keys. */
export function redactValue<T>(value: T): T {
  if (typeof value === 'string') return redactText(value) as T;
  if (Array.isArray(value)) return value.map(redactValue) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, SENSITIVE_KEYS.test(key) && item !== null && item !== undefined ? REDACTED : redactValue(item)]),
    ) as T;
  }
  return value;
}
