// Runs the echo server in its own process, as a remote cluster would be: its parsing
// and answering do not compete with the client being measured. Prints its URL.
import { startEchoServer } from './loopback';

void startEchoServer().then((server) => {
  process.stdout.write(`${server.url}\n`);
  process.on('disconnect', () => void server.close().then(() => process.exit(0)));
});
