import { Container } from 'inversify';
import { OSAUTH_CLIENTS, osauthModule } from '@osauth/factory';
import { type Emulator, startEmulator } from '@osauth/testing';
import { toHttpAnswer } from '../src/http-error';
import { SearchService } from '../src/search-service';
import '@osauth/aws'; // registers the `aws` provider (and its config type); bundlers need this one line

const KEYS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEwJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

describe('SearchService with an injected client', () => {
  let emulator: Emulator;
  let container: Container;
  beforeAll(async () => {
    emulator = await startEmulator({ service: 'aoss', region: 'us-east-1', credentials: [KEYS] });
    container = new Container();
    container.loadSync(osauthModule({ clusters: { catalog: { node: emulator.url, auth: { provider: 'aws', service: 'aoss', region: 'us-east-1', credentials: KEYS } } } }));
    container.bind(SearchService).toSelf();
  });
  afterAll(async () => {
    await container.get(OSAUTH_CLIENTS).closeAll();
    await emulator.close();
  });

  it('searches through the injected, signed client', async () => {
    const service = container.get(SearchService);
    await service.add('dune', 'Dune');
    await expect(service.findTitles('dune')).resolves.toEqual(['Dune']);
  });

  it.each([
    ['gw-helper-deny', 503, 'ACCESS_DENIED'],
    ['network-policy-deny', 503, 'NETWORK_POLICY_DENIED'],
    ['unsigned-content-sha256', 502, 'SIGNATURE_MISMATCH'],
  ] as const)('maps %s to HTTP %i', async (failure, status, code) => {
    emulator.failNext(failure);
    const answer = toHttpAnswer(
      await container
        .get(SearchService)
        .findTitles('dune')
        .catch((e: unknown) => e),
    );
    expect(answer.status).toBe(status);
    expect(answer.body.code).toBe(code);
  });
});
