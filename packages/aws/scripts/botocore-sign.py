"""Reference SigV4 signatures from botocore, AWS's own Python implementation.

Reads a JSON list of requests on stdin, each as received by a server:
  {method, path, query, headers: {name: value}, bodyBase64, signedHeaders: [..],
   amzDate, region, service, accessKeyId, secretAccessKey, sessionToken?}
and prints a JSON list of {canonicalRequest, signature} computed by botocore for
exactly the headers the request claims to have signed.

osauth uses this only to check its own signatures (never to produce them).
"""
import base64
import json
import sys
from urllib.parse import quote, unquote

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


def rfc3986_query(raw):
    # A server decodes the query it receives and re-encodes each name and value per
    # RFC 3986 (AWS's documented canonical form); botocore signs its query as given,
    # so hand it that form. '+' is a literal plus to AWS, not a space.
    pairs = []
    for pair in raw.split('&') if raw else []:
        if pair == '':
            continue
        key, _, value = pair.partition('=')
        pairs.append(quote(unquote(key), safe='-_.~') + '=' + quote(unquote(value), safe='-_.~'))
    return '&'.join(pairs)


def sign(item):
    body = base64.b64decode(item['bodyBase64'])
    signed = set(item['signedHeaders'])
    headers = {k: v for k, v in item['headers'].items() if k.lower() in signed}
    query = rfc3986_query(item['query'])
    host = headers['host']
    url = 'http://' + host + item['path'] + ('?' + query if query else '')
    request = AWSRequest(method=item['method'], url=url, data=body, headers=headers)
    credentials = Credentials(item['accessKeyId'], item['secretAccessKey'], item.get('sessionToken'))
    auth = SigV4Auth(credentials, item['service'], item['region'])
    request.context['timestamp'] = item['amzDate']
    canonical = auth.canonical_request(request)
    string_to_sign = auth.string_to_sign(request, canonical)
    return {'canonicalRequest': canonical, 'signature': auth.signature(string_to_sign, request)}


print(json.dumps([sign(item) for item in json.load(sys.stdin)]))
