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
  throw error;
}
