import { ConfigError } from "./config.js";
import { PolicyError } from "./policy/load.js";
import { serve } from "./serve.js";

/** `npm start`: serves Slack with Slack credentials, the local playground without. */
try {
  await serve();
} catch (error) {
  if (error instanceof ConfigError || error instanceof PolicyError) {
    process.stderr.write(`keyholder cannot start: ${error.message}\n`);
    process.exit(1);
  }
  const { code, port } = error as { code?: string; port?: number };
  if (code === "EADDRINUSE") {
    process.stderr.write(
      `keyholder cannot start: port ${port ?? ""} is in use by another program. Stop it, or set PORT to a free port (PORT=3001 npm start).\n`,
    );
    process.exit(1);
  }
  throw error;
}
