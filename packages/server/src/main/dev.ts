/** `npm run dev`: start from source with demo data (tsx watch). */
import { loadConfig } from '../config.ts';
import { startServer } from './start.ts';

const running = await startServer(loadConfig(), { demo: true });
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => void running.stop().then(() => process.exit(0)));
