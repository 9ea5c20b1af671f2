/**
 * Codes for refusals the domain can explain. Listeners turn each code into
 * friendly text; the context says which client and which user it was about.
 */
export type DomainErrorCode =
  | "PARENT_CYCLE"
  | "NO_ELIGIBLE_VOTER"
  | "ALREADY_OWNER"
  | "NOT_APPROVER"
  | "NOT_CLAIMANT"
  | "NOT_OWNER"
  | "NOT_MANAGER"
  | "CLAIM_DECIDED"
  | "CLAIM_EXPIRED"
  | "CLAIM_PENDING"
  | "REASON_REQUIRED"
  | "UNKNOWN_CLIENT"
  | "AMBIGUOUS_CLIENT"
  | "INVALID_INPUT";

export class DomainError extends Error {
  override readonly name = "DomainError";

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly context: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const isDomainError = (error: unknown, code?: DomainErrorCode): error is DomainError =>
  error instanceof DomainError && (code === undefined || error.code === code);
