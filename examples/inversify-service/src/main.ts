/**
 * inversify wiring: load `osauthModule(loadConfig(…))` into the application's container, bind
 * the service, let the container inject the named client. Runs against the emulator.
 */
import { Container } from 'inversify';
import { loadConfig, OSAUTH_CLIENTS, osauthModule } from '@osauth/factory';
import { startEmulator } from '@osauth/testing';
import { toHttpAnswer } from './http-error';
import { SearchService } from './search-service';
import '@osauth/aws'; // registers the `aws` provider (and its config type); bundlers need this one line

async function main(): Promise<void> {
  const emulator = await startEmulator({ service: 'aoss', region: 'us-east-1' });
  const container = new Container();
  container.loadSync(
    osauthModule(
      loadConfig({
        env: {},
        config: {
          clusters: {
            catalog: {
              node: emulator.url,
              auth: {
                provider: 'aws',
                service: 'aoss',
                region: 'us-east-1',
                credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEwJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
              },
            },
          },
        },
      }),
    ),
  );
  container.bind(SearchService).toSelf().inSingletonScope();

  const service = container.get(SearchService);
  try {
    await service.add('dune', 'Dune');
    console.log('GET /search?q=dune →', 200, await service.findTitles('dune'));
    emulator.failNext('gw-helper-deny');
    await service.findTitles('dune');
  } catch (error) {
    const answer = toHttpAnswer(error);
    console.log('GET /search?q=dune →', answer.status, answer.body);
  } finally {
    await container.get(OSAUTH_CLIENTS).closeAll();
    await emulator.close();
  }
}

void main();
