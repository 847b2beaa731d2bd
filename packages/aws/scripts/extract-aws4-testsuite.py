"""Extracts AWS's published SigV4 test suite (as shipped in botocore's
tests/unit/auth/aws4_testsuite) into a JSON fixture for our differential tests.

Usage: python3 extract-aws4-testsuite.py <path to aws4_testsuite> > aws4-testsuite.json

Each vector: the request as the .req file states it (method, path, query, headers, body;
plus the session token header the signer adds, taken from the .sreq)
and the expected Authorization header (.authz). Vectors whose .req relies on raw HTTP
parsing that a Node client never produces (header continuation lines, a header repeated
on several lines) are skipped and listed under "skipped" with the reason.
"""
import json
import os
import sys

root = sys.argv[1]
vectors, skipped = [], []
for dirpath, _dirs, files in sorted(os.walk(root)):
    for name in sorted(f[:-4] for f in files if f.endswith('.req')):
        req = open(os.path.join(dirpath, name + '.req'), encoding='utf-8').read()
        authz = open(os.path.join(dirpath, name + '.authz'), encoding='utf-8').read().strip()
        head, _, body = req.partition('\n\n')
        lines = head.split('\n')
        method, _, rest = lines[0].partition(' ')
        target = rest.rsplit(' ', 1)[0]
        path, _, query = target.partition('?')
        headers, seen, reason = [], set(), None
        for line in lines[1:]:
            if line == '':
                continue
            if line.startswith((' ', '\t')):
                reason = 'header continuation lines'
                break
            key, _, value = line.partition(':')
            if key.lower() in seen:
                reason = 'a header repeated on several lines'
                break
            seen.add(key.lower())
            headers.append([key, value])
        if reason:
            skipped.append({'name': name, 'reason': reason})
            continue
        # The session token is added by the signer, so it is in the signed request (.sreq) only.
        sreq = open(os.path.join(dirpath, name + '.sreq'), encoding='utf-8').read()
        for line in sreq.split('\n'):
            key, _, value = line.partition(':')
            if key.lower() == 'x-amz-security-token' and 'x-amz-security-token' not in seen and 'SignedHeaders=' in authz and 'x-amz-security-token' in authz:
                headers.append([key, value])
        vectors.append({'name': name, 'method': method, 'path': path, 'query': query, 'headers': headers, 'body': body, 'authorization': authz})
print(json.dumps({'source': 'botocore tests/unit/auth/aws4_testsuite (AWS SigV4 test suite)', 'vectors': vectors, 'skipped': skipped}, indent=1, ensure_ascii=False))
