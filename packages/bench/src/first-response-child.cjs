// One fresh process of the first-response row: load a client, send one request to the loopback
// server, print one JSON line and exit at once. Plain Node (no TypeScript loader), modules
// resolved from packages/bench as an application would resolve them.
//   node first-response-child.cjs osauth|anchor|node <url>
// osauth: @osauth/factory's createClient with static keys.
// anchor: what opensearch-js documents: Client + AwsSigv4Signer + @aws-sdk/credential-providers
//         (fromNodeProviderChain; the parent puts static keys in the environment, so the chain
//         stops at fromEnv and nothing reaches the network).
// node:   no client at all: node:http, one unsigned GET (process start + one round trip).
'use strict';
const { performance } = require('node:perf_hooks');

const scriptStartMs = performance.now(); // since the process's time origin
const [variant, node] = process.argv.slice(2);
const requireMs = {};

function timed(label, load) {
  const start = performance.now();
  const loaded = load();
  requireMs[label] = performance.now() - start;
  return loaded;
}

async function firstResponse() {
  if (variant === 'osauth') {
    const { createClient } = timed('@osauth/factory', () => require('@osauth/factory'));
    const client = createClient({
      node,
      auth: { provider: 'aws', service: 'es', region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEwJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' } },
    });
    return (await client.info()).statusCode;
  }
  if (variant === 'anchor') {
    const { Client } = timed('@opensearch-project/opensearch', () => require('@opensearch-project/opensearch'));
    const { AwsSigv4Signer } = timed('@opensearch-project/opensearch/aws', () => require('@opensearch-project/opensearch/aws'));
    const { fromNodeProviderChain } = timed('@aws-sdk/credential-providers', () => require('@aws-sdk/credential-providers'));
    const credentials = fromNodeProviderChain();
    const client = new Client({ ...AwsSigv4Signer({ region: 'us-east-1', service: 'es', getCredentials: () => credentials() }), node });
    return (await client.info()).statusCode;
  }
  if (variant === 'node') {
    const http = timed('node:http', () => require('node:http'));
    return new Promise((resolve, reject) => {
      http
        .get(node, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode));
        })
        .on('error', reject);
    });
  }
  throw new Error(`unknown variant ${variant}`);
}

firstResponse().then(
  (statusCode) => {
    process.stdout.write(`${JSON.stringify({ variant, statusCode, scriptStartMs, firstResponseMs: performance.now(), requireMs })}\n`);
    process.exit(statusCode === 200 ? 0 : 1);
  },
  (error) => {
    process.stderr.write(`${variant}: ${error && error.stack ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
