import { didYouMean } from '@osauth/core';

describe('didYouMean: the known name a slip is nearest to', () => {
  it.each<[string, readonly string[], string | undefined]>([
    ['awss', ['basic', 'none', 'aws', 'alibaba'], 'aws'],
    ['AWS', ['basic', 'none', 'aws'], 'aws'],
    ['Region', ['service', 'region'], 'region'],
    ['regoin', ['service', 'region'], 'region'],
    ['serivce', ['service', 'region'], 'service'],
    ['alibab', ['aws', 'alibaba'], 'alibaba'],
    ['usrname', ['username', 'password'], 'username'],
    ['nodes', ['node', 'auth', 'client'], 'node'],
    // Too far, or too short for two edits to mean anything.
    ['gcp', ['basic', 'none', 'aws', 'alibaba'], undefined],
    ['ab', ['es', 'aws'], undefined],
    ['amazon', ['basic', 'none', 'aws', 'alibaba'], undefined],
    ['credentialz', ['provider', 'region'], undefined],
    // A known name needs no suggestion.
    ['aws', ['aws', 'awss'], undefined],
  ])('%s among %j → %s', (name, known, expected) => {
    expect(didYouMean(name, known)).toBe(expected);
  });

  it('prefers a case-only difference, then the fewest edits, then the first known', () => {
    expect(didYouMean('Mode', ['node', 'mode'])).toBe('mode');
    expect(didYouMean('nodx', ['node', 'mode'])).toBe('node');
    expect(didYouMean('xode', ['node', 'mode'])).toBe('node');
  });
});
