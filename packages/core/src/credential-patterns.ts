// Credential shapes in text osauth did not write (canonical requests echoed by a
// service, signed URLs in library error messages, header dumps, JSON bodies), found
// without backtracking: that text is untrusted and can be megabytes long, and the regular
// expressions this replaces took seconds on a key name followed by a run of spaces.
//
// Each rule below is one of those expressions, applied in the same order, each over
// the output of the one before, so the result is what they produced (one rule is
// widened on purpose, see TEMPLATES). A regex only finds the literal key names; what
// follows a key is scanned by hand, greedily, which is exact because a value cannot
// begin with what a separator consumes (authorizationValue handles the one exception).
//
// The key names are not known here: they are the credential shapes registered by core
// (generic HTTP) and by provider packages (their clouds' names), one rule per kind.

import { type CredentialShapeKind, credentialShapeNames, credentialShapesVersion } from './credential-shapes';

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const DOUBLE_QUOTE = 0x22;
const AMPERSAND = 0x26;
const SINGLE_QUOTE = 0x27;
const PLUS = 0x2b;
const COMMA = 0x2c;
const HYPHEN = 0x2d;
const DOT = 0x2e;
const SLASH = 0x2f;
const COLON = 0x3a;
const SEMICOLON = 0x3b;
const EQUALS = 0x3d;
const BACKSLASH = 0x5c;
const UNDERSCORE = 0x5f;
const CLOSE_BRACE = 0x7d;
const TILDE = 0x7e;

/** What `\s` matches (so values end where they used to). `charCodeAt` past the end gives NaN: false. */
function isSpace(c: number): boolean {
  if (c <= SPACE) return c === SPACE || (c >= TAB && c <= CR);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

function isQuote(c: number): boolean {
  return c === DOUBLE_QUOTE || c === SINGLE_QUOTE;
}

function isAlphanumeric(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** `\w`, for the `\b` before a scheme name (`Bearer`, `Basic`, id:signature schemes). */
function isWordChar(c: number): boolean {
  return isAlphanumeric(c) || c === UNDERSCORE;
}

/** `[A-Za-z0-9+/=]`: base64, and the signature of an id:signature scheme. */
function isBase64(c: number): boolean {
  return isAlphanumeric(c) || c === PLUS || c === SLASH || c === EQUALS;
}

/** `[A-Za-z0-9._~+/=-]`: a bearer token (RFC 6750's token68). */
function isToken68(c: number): boolean {
  return isBase64(c) || c === DOT || c === UNDERSCORE || c === TILDE || c === HYPHEN;
}

function skipSpaces(text: string, at: number): number {
  let i = at;
  while (isSpace(text.charCodeAt(i))) i += 1;
  return i;
}

/** The end of the run of characters from `at` that `inValue` accepts. */
function scanWhile(text: string, at: number, inValue: (c: number) => boolean): number {
  let i = at;
  while (i < text.length && inValue(text.charCodeAt(i))) i += 1;
  return i;
}

/**
 * Where `["']?\s*[:=]\s*["']?` ends when it matches at `at`, else -1; with `spacesFirst`,
 * `\s*["']?\s*[:=]\s*["']?` (the header and query rule has always allowed `key " :`).
 */
function afterSeparator(text: string, at: number, spacesFirst: boolean): number {
  let i = spacesFirst ? skipSpaces(text, at) : at;
  if (isQuote(text.charCodeAt(i))) i += 1;
  i = skipSpaces(text, i);
  const c = text.charCodeAt(i);
  if (c !== COLON && c !== EQUALS) return -1;
  i = skipSpaces(text, i + 1);
  return isQuote(text.charCodeAt(i)) ? i + 1 : i;
}

/** The value to replace, as [start, end), for a key found at [keyStart, keyEnd); undefined when it is no match. @internal */
export type ValueAfterKey = (text: string, keyStart: number, keyEnd: number) => readonly [number, number] | undefined;

/** `key <separator> value`, where the value is a non-empty run of characters that `inValue` accepts. */
function keyValue(inValue: (c: number) => boolean, spacesFirst = false): ValueAfterKey {
  return (text, _keyStart, keyEnd) => {
    const start = afterSeparator(text, keyEnd, spacesFirst);
    if (start < 0) return undefined;
    const end = scanWhile(text, start, inValue);
    return end > start ? [start, end] : undefined;
  };
}

/** `authorization["']?\s*[:=]\s*["']?[^"'\r\n]+`: the rest of the line or up to the closing quote. */
const authorizationValue: ValueAfterKey = (text, _keyStart, keyEnd) => {
  let i = keyEnd;
  if (isQuote(text.charCodeAt(i))) i += 1;
  i = skipSpaces(text, i);
  const c = text.charCodeAt(i);
  if (c !== COLON && c !== EQUALS) return undefined;
  const spacesStart = i + 1;
  const spacesEnd = skipSpaces(text, spacesStart);
  const start = isQuote(text.charCodeAt(spacesEnd)) ? spacesEnd + 1 : spacesEnd;
  const end = scanWhile(text, start, (v) => !isQuote(v) && v !== CR && v !== LF);
  if (end > start) return [start, end];
  // Spaces and tabs are part of such a value, so the regex gave the last one back
  // to it rather than fail (`authorization: ""`). Kept so the output is the same.
  for (let j = spacesEnd - 1; j >= spacesStart; j -= 1) {
    const s = text.charCodeAt(j);
    if (s !== CR && s !== LF) return [j, j + 1];
  }
  return undefined;
};

/** `\bScheme\s+` and a value that `scanValue` measures from its start (returns its end, or -1). */
function scheme(scanValue: (text: string, start: number) => number): ValueAfterKey {
  return (text, keyStart, keyEnd) => {
    if (keyStart > 0 && isWordChar(text.charCodeAt(keyStart - 1))) return undefined;
    const start = skipSpaces(text, keyEnd);
    if (start === keyEnd) return undefined;
    const end = scanValue(text, start);
    return end > start ? [start, end] : undefined;
  };
}

/** `Basic` followed by at least 6 base64 characters, but not the `Basic realm=` of a challenge. */
function basicCredentials(text: string, start: number): number {
  if (text.startsWith('realm', start) && !isWordChar(text.charCodeAt(start + 5))) return -1;
  const end = scanWhile(text, start, isBase64);
  return end - start >= 6 ? end : -1;
}

/** `<SCHEME> <access key id>:<signature>`, the value of an id:signature scheme. */
function idSignatureCredentials(text: string, start: number): number {
  const idEnd = scanWhile(text, start, (c) => c !== COLON && !isSpace(c));
  if (idEnd === start || text.charCodeAt(idEnd) !== COLON) return -1;
  const end = scanWhile(text, idEnd + 1, isBase64);
  return end > idEnd + 1 ? end : -1;
}

/** One pass of the scanner. @internal */
export interface Rule {
  /** Finds the key names: literals only, so finding them cannot backtrack. */
  readonly keys: RegExp;
  readonly value: ValueAfterKey;
}

/** How the names of one kind of credential shape become a rule. */
interface RuleTemplate {
  readonly kind: Exclude<CredentialShapeKind, 'secretHeaders'>;
  /** `i` for the kinds whose names match in any case. */
  readonly flags: 'g' | 'gi';
  /** Literal text every key ends with (the `=` of `Credential=`). */
  readonly suffix?: string;
  readonly value: ValueAfterKey;
}

// In the order the regular expressions were applied; secret header names are not searched.
const TEMPLATES: readonly RuleTemplate[] = [
  // Header lines and query parameters: `x-foo-security-token:VALUE`, `Signature=VALUE`.
  {
    kind: 'tokenKeys',
    flags: 'gi',
    value: keyValue((c) => !isSpace(c) && !isQuote(c) && c !== AMPERSAND && c !== COMMA && c !== SEMICOLON && c !== BACKSLASH, true),
  },
  // `Credential=AKID/20260101/...` in signed headers and query strings: hide the key id, keep the scope.
  {
    kind: 'scopedIdKeys',
    flags: 'g',
    suffix: '=',
    value: (text, _keyStart, keyEnd) => {
      const end = scanWhile(text, keyEnd, (c) => !isSpace(c) && !isQuote(c) && c !== SLASH && c !== AMPERSAND && c !== COMMA);
      return end > keyEnd ? [keyEnd, end] : undefined;
    },
  },
  // Signed URLs. These used to need `=` right after the key; any separator now, so
  // `"AccessKeyId": "..."` in a JSON dump is hidden as well.
  { kind: 'signedUrlParams', flags: 'gi', value: keyValue((c) => !isSpace(c) && !isQuote(c) && c !== AMPERSAND) },
  // `authorization: ...` header dumps, up to the end of the line or the closing quote.
  { kind: 'headerDumpKeys', flags: 'gi', value: authorizationValue },
  { kind: 'tokenSchemes', flags: 'g', value: scheme((text, start) => scanWhile(text, start, isToken68)) },
  { kind: 'basicSchemes', flags: 'g', value: scheme(basicCredentials) },
  { kind: 'idSignatureSchemes', flags: 'g', value: scheme(idSignatureCredentials) },
  // JSON or object dumps with secret-named keys.
  { kind: 'secretKeys', flags: 'gi', value: keyValue((c) => !isSpace(c) && !isQuote(c) && c !== COMMA && c !== CLOSE_BRACE) },
];

function escapeRegExp(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The rule of `template` over the names registered now; undefined when there are none (an
 * empty alternation would match everywhere). Longest names first, so that of two names
 * starting at one place the longer wins, whatever order they were registered in.
 */
function compileRule(template: RuleTemplate): Rule | undefined {
  const names = [...credentialShapeNames(template.kind)].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
  if (names.length === 0) return undefined;
  const suffix = template.suffix === undefined ? '' : escapeRegExp(template.suffix);
  const alternatives = names.map((name) => escapeRegExp(name) + suffix).join('|');
  return { keys: new RegExp(alternatives, template.flags), value: template.value };
}

// Compiled for one version of the registry, and rebuilt on the first call after it moves.
let compiled: { readonly version: number; readonly rules: readonly Rule[] } | undefined;

/**
 * The rules for the credential shapes registered now, one per kind that has names.
 * @internal Exported for tests.
 */
export function currentRules(): readonly Rule[] {
  const version = credentialShapesVersion();
  if (compiled === undefined || compiled.version !== version) {
    const rules: Rule[] = [];
    for (const template of TEMPLATES) {
      const rule = compileRule(template);
      if (rule !== undefined) rules.push(rule);
    }
    compiled = { version, rules };
  }
  return compiled.rules;
}

/** One rule over the whole text, left to right, matches never overlapping (what `replace` with a `g` regex does). */
function applyRule(text: string, rule: Rule, replacement: string): string {
  const { keys } = rule;
  keys.lastIndex = 0;
  let out = '';
  let copied = 0;
  for (let found = keys.exec(text); found !== null; found = keys.exec(text)) {
    const keyStart = found.index;
    const value = rule.value(text, keyStart, keyStart + found[0].length);
    if (value === undefined) {
      // After its key a failed candidate read only spaces, quotes and a separator (no
      // key starts there), or after a scheme name one word at most, which ends where the
      // next scheme's spaces begin: going on from the next character keeps the work linear.
      keys.lastIndex = keyStart + 1;
      continue;
    }
    out += text.slice(copied, value[0]) + replacement;
    copied = value[1];
    keys.lastIndex = copied;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * Replaces the value of every credential-shaped fragment in `text` with `replacement`, for
 * the credential shapes registered now (see `registerCredentialShapes`): secret-named keys
 * followed by `:` or `=` (`Signature=…`, `"password":"…"`), the id of a scoped id
 * (`<key>=<id>/scope`: the scope stays), signed-URL parameters, `Authorization:` header
 * dumps, and `Bearer`, `Basic` and id:signature scheme credentials. Leaves alone what only
 * looks alike: `SignatureDoesNotMatch`, `Basic realm="…"`, a key name in prose with no `:`
 * or `=` after it.
 *
 * Linear in the length of `text` whatever it holds: a fixed number of passes (one per kind
 * of shape), each reading every character a bounded number of times; the bound grows with
 * the registered names, never with the text. Internal to core; `redactText` calls it.
 */
export function redactCredentialPatterns(text: string, replacement: string): string {
  let out = text;
  for (const rule of currentRules()) out = applyRule(out, rule, replacement);
  return out;
}
