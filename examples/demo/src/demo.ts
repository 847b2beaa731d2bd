/**
 * The README's first command. Starts a local OpenSearch Serverless emulator, builds a signed
 * client from a plain config object, indexes and searches a few books, then triggers two
 * real auth failures and shows what osauth tells you about each.
 */
import { createClient, OsAuthError } from '@osauth/factory';
import { startEmulator } from '@osauth/testing';
import '@osauth/aws'; // registers the `aws` provider (and its config type); bundlers need this one line

// Obviously fake keys; the emulator knows them.
const KEYS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEwJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY' };
const EXPIRED = {
  accessKeyId: 'ASIAFAKEEXPIREDDEMO1',
  secretAccessKey: 'FAKEexpiredSECRETwJalrXUtnFEMIK7MDENG',
  sessionToken: 'FAKEexpiredSESSIONtokenIQoJb3JpZ2luX2Vj',
};

const BOOKS = [
  { id: 'dune', title: 'Dune', author: 'Frank Herbert', year: 1965 },
  { id: 'hyperion', title: 'Hyperion', author: 'Dan Simmons', year: 1989 },
  { id: 'left-hand', title: 'The Left Hand of Darkness', author: 'Ursula K. Le Guin', year: 1969 },
];

function heading(text: string): void {
  console.log(`\n== ${text} ${'='.repeat(Math.max(0, 70 - text.length))}`);
}

function explain(error: unknown): void {
  if (!(error instanceof OsAuthError)) throw error;
  console.log(`  ${error.name}: ${error.message}`);
  console.log(`  code:        ${error.code}`);
  console.log(`  hint:        ${error.hint ?? '(none)'}`);
  console.log(`  status:      ${error.statusCode ?? '(none)'}   request id: ${error.requestId ?? '(none)'}`);
  console.log('  remediation:');
  for (const line of error.remediation.split('\n')) console.log(`    ${line}`);
  console.log(`  docs:        ${error.docsUrl}`);
}

async function main(): Promise<void> {
  const emulator = await startEmulator({
    service: 'aoss',
    region: 'us-east-1',
    credentials: [KEYS, { ...EXPIRED, expiresAt: new Date(Date.now() - 60_000) }],
  });
  console.log(`OpenSearch Serverless emulator listening on ${emulator.url} (SigV4 checked on every request)`);

  const client = createClient({
    node: emulator.url,
    // Against a real collection, the node is https://<id>.<region>.aoss.amazonaws.com and
    // service/region are inferred from it; the emulator's loopback URL needs them spelled out.
    auth: { provider: 'aws', service: 'aoss', region: 'us-east-1', credentials: KEYS },
  });

  try {
    heading('Index three books');
    await client.indices.create({ index: 'books' });
    await client.bulk({
      refresh: true,
      body: BOOKS.flatMap(({ id, ...book }) => [{ index: { _index: 'books', _id: id } }, book]),
    });
    for (const book of BOOKS) console.log(`  indexed  ${book.id.padEnd(10)} ${book.title} (${book.year})`);

    heading('Search: match title "darkness"');
    const { body } = await client.search({ index: 'books', body: { query: { match: { title: 'darkness' } } } });
    const hits = (body as { hits: { total: { value: number }; hits: { _id: string; _source: { title: string; author: string } }[] } }).hits;
    console.log(`  ${hits.total.value} hit(s)`);
    for (const hit of hits.hits) console.log(`  found    ${hit._id.padEnd(10)} ${hit._source.title} by ${hit._source.author}`);

    heading('Failure 1: a client whose session token has expired');
    const expired = createClient({
      node: emulator.url,
      auth: { provider: 'aws', service: 'aoss', region: 'us-east-1', credentials: EXPIRED },
    });
    try {
      await expired.search({ index: 'books', body: { query: { match_all: {} } } });
      console.log('  unexpected: the request succeeded');
    } catch (error) {
      explain(error);
      console.log('  (aoss never says "expired": it answers gw-helper-deny, so osauth lists the causes in order.)');
    } finally {
      await expired.close();
    }

    heading("Failure 2: the collection's network policy does not admit this network");
    emulator.failNext('network-policy-deny');
    try {
      await client.search({ index: 'books', body: { query: { match_all: {} } } });
      console.log('  unexpected: the request succeeded');
    } catch (error) {
      explain(error);
    }
  } finally {
    await client.close();
    await emulator.close();
  }
  console.log('\nDone. Secrets never appear above: osauth redacts keys and tokens from every error.');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
