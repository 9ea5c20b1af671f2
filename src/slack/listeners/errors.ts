import { isDomainError } from "../../domain/errors.js";
import type { Logger } from "../../logger.js";

/**
 * Turns a refusal into words for the person who clicked or typed. Domain errors
 * carry their own message; anything unexpected is logged with its context and the
 * user still gets an answer.
 */
export function explain(error: unknown, log: Logger, context: Record<string, unknown>): string {
  if (isDomainError(error)) {
    if (error.code === "NOT_APPROVER") return "You are not an approver for this claim.";
    return capitalise(error.message);
  }
  log.error({ err: error, ...context }, "unexpected error while handling a Slack request");
  return "Something went wrong on our side and nothing was changed. Please try again in a minute; if it keeps happening, tell your keyholder administrator.";
}

const capitalise = (s: string) => (s ? s[0]?.toUpperCase() + s.slice(1) : s);
