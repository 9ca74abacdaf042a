/**
 * Removes what could identify a person from error text before it is stored or sent anywhere:
 * email addresses, bearer and API tokens, long hex or base64 secrets, query strings, IP addresses.
 * Errors quote their input; this assumes any of it may be personal.
 */
const REPLACEMENTS: [RegExp, string][] = [
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '[email]'],
  [/\b(Bearer|Basic)\s+[^\s"',]+/gi, '$1 [token]'],
  [/\b([A-Za-z_-]*(?:token|secret|password|passwd|api[_-]?key|authorization|cookie|session)[A-Za-z_-]*)(["']?\s*[=:]\s*["']?)[^\s"'&,;]+/gi, '$1$2[redacted]'],
  // A query string names search words, emails, reset tokens…: none of it is kept.
  [/\?[^\s"'#)]+/g, '?[query]'],
  [/\b(?:sk|pk|rk|whsec)_[A-Za-z0-9_]{8,}/g, '[token]'],
  [/\b[A-Fa-f0-9]{32,}\b/g, '[token]'],
  [/\b[A-Za-z0-9_-]{40,}\b/g, '[token]'],
  [/\b(?:\d{1,3}\.){3}\d{1,3}\b/g, '[ip]'],
  [/\b(?:[A-Fa-f0-9]{1,4}:){4,7}[A-Fa-f0-9]{1,4}\b/g, '[ip]'],
];

export function scrubPersonalData(text: string): string {
  let scrubbed = text;
  for (const [pattern, replacement] of REPLACEMENTS) scrubbed = scrubbed.replace(pattern, replacement);
  return scrubbed;
}
