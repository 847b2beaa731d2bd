import { isExemptFromProxy } from '../src/proxy/no-proxy';

describe('NO_PROXY, by curl rules', () => {
  it.each([
    ['*', 'search.example.com', '443', true],
    ['example.com', 'example.com', '443', true],
    ['example.com', 'search.example.com', '443', true],
    ['.example.com', 'search.example.com', '443', true],
    ['example.com', 'badexample.com', '443', false],
    ['example.com.', 'search.example.com', '443', true],
    ['EXAMPLE.com', 'Search.Example.COM', '443', true],
    [' other.org , example.com ', 'search.example.com', '443', true],
    ['example.com:9200', 'search.example.com', '9200', true],
    ['example.com:9200', 'search.example.com', '443', false],
    ['10.0.0.5', '10.0.0.5', '9200', true],
    ['10.0.0.0/8', '10.1.2.3', '9200', true],
    ['10.0.0.0/8', '11.1.2.3', '9200', false],
    ['0.0.0.0/0', '8.8.8.8', '443', true],
    ['10.0.0.0/8', 'ten.example.com', '443', false],
    ['fd00::/8', '[fd12::1]', '443', true],
    ['fd00::/8', '[fe80::1]', '443', false],
    ['[::1]', '[::1]', '443', true],
    ['[::1]:9200', '[::1]', '9200', true],
    ['0.5', '10.0.0.5', '443', false],
    ['', 'example.com', '443', false],
  ])('NO_PROXY=%j exempts %s:%s: %s', (noProxy, host, port, exempt) => {
    expect(isExemptFromProxy(noProxy, host, port)).toBe(exempt);
  });

  it('nothing is exempt without NO_PROXY', () => {
    expect(isExemptFromProxy(undefined, 'example.com', '443')).toBe(false);
  });
});
