import { type DestinationStream, pino } from "pino";

/**
 * Structured logs. Tokens and secrets are redacted by key and, as a second guard,
 * anything shaped like a Slack token is masked wherever it appears in a message.
 */
const TOKEN_PATTERN = /xox[abepr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+/g;

export function createLogger(level: string, destination?: DestinationStream) {
  return pino(
    {
      level,
      redact: {
        paths: [
          "token",
          "*.token",
          "*.*.token",
          "headers.authorization",
          "*.headers.authorization",
          "signingSecret",
          "*.signingSecret",
        ],
        censor: "[redacted]",
      },
      hooks: {
        logMethod(args, method) {
          method.apply(
            this,
            args.map((arg) => (typeof arg === "string" ? arg.replace(TOKEN_PATTERN, "[redacted]") : arg)) as Parameters<
              typeof method
            >,
          );
        },
      },
    },
    destination,
  );
}

export type Logger = ReturnType<typeof createLogger>;
