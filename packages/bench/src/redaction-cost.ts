// What redactText costs per MB of hostile text (a key name followed by thousands of spaces,
// runs of quotes and of `=`, header prefixes and auth schemes repeated, the shapes that made
// the old regular expressions quadratic), at two sizes: equal cost per MB means linear.
import { redactText } from '@osauth/core';
// A client has its providers loaded, and with them their credential shapes: core alone knows no cloud.
import '@osauth/aws';
import '@osauth/alibaba';
import { alternate, median, QUICK, report } from './measure';

const MB = 1024 * 1024;
// One kind of name a line.
// prettier-ignore
const KEYS = [
  'x-amz-security-token', 'x-opensearch-security-token', 'x-acs-security-token', 'SecurityToken', 'X-Amz-Signature', 'Signature',
  'AccessKeyId', 'AccessKeySecret', 'X-Amz-Credential', 'secretAccessKey', 'aws_session_token', 'sessionToken', 'apiKey', 'password',
  'Authorization', 'proxy-authorization',
];
const SPACES = ' '.repeat(256);
// One block (about 20 KB) of every hostile shape, and a few (fake) credentials so that
// matches happen too; small, so that even --quick's 0.1 MB holds the whole mix several times.
const BLOCK = [
  ...KEYS.map((key) => key + SPACES),
  ...KEYS.map((key) => `${key} "${SPACES}`),
  ...KEYS.map((key) => `${key}:${SPACES}"`),
  ...KEYS.map((key) => key + '"'.repeat(64)),
  ...KEYS.map((key) => `${key}${'='.repeat(64)} `),
  KEYS.join(''),
  'x-amz-security-token: '.repeat(50),
  'Authorization: \n'.repeat(50),
  'Bearer '.repeat(100),
  'Basic '.repeat(100),
  'Basic realm '.repeat(50),
  'OPENSEARCH '.repeat(50),
  `OPENSEARCH ${'a'.repeat(256)} `.repeat(4),
  'Credential='.repeat(50),
  '\nx-amz-security-token:FAKEtokenBENCH01\n{"sessionToken":"FAKEtokenBENCH02"}\nBearer FAKEtokenBENCH03\nCredential=AKIDEXAMPLE/20260101/us-east-1/es/aws4_request\n',
].join('');

function hostile(bytes: number): string {
  return BLOCK.repeat(Math.ceil(bytes / BLOCK.length)).slice(0, bytes);
}

async function main(): Promise<void> {
  // --quick: smaller, still a tenfold step.
  const sizes = QUICK ? [0.5, 5] : [1, 10];
  const texts = sizes.map((size) => hostile(Math.round(size * MB)));
  const variants = Object.fromEntries(
    sizes.map((size, index) => {
      const text = texts[index] as string;
      return [
        `${size} MB`,
        () => {
          const start = process.hrtime.bigint();
          const out = redactText(text);
          const ms = Number(process.hrtime.bigint() - start) / 1e6;
          if (out.includes('FAKEtokenBENCH')) throw new Error('a planted credential survived redaction');
          return Promise.resolve(ms / (text.length / MB));
        },
      ];
    }),
  );
  for (const run of Object.values(variants)) await run(); // warm-up
  const samples = await alternate(variants, QUICK ? 3 : 7);
  const medians = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
  const [small, large] = sizes.map((size) => medians[`${size} MB`] as number) as [number, number];
  const ratio = large / small;
  process.stderr.write(
    [
      '| hostile input | ms per MB (median) |',
      '|---|---|',
      ...Object.entries(medians).map(([name, ms]) => `| ${name} | ${ms.toFixed(2)} |`),
      `${sizes[1]} MB / ${sizes[0]} MB cost per MB: ${ratio.toFixed(2)} (≈ 1 means linear)`,
      '',
    ].join('\n'),
  );
  report({
    comparison: 'redaction-cost',
    unit: 'ms per MB of hostile text, redactText',
    medians,
    ratios: { [`${sizes[1]} MB / ${sizes[0]} MB cost per MB`]: ratio },
    goal: '≈ 1 (linear)',
  });
}

void main();
