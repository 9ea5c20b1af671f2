/**
 * The app's modules the benchmark drives, loaded only by the steps that measure the
 * app (step.ts imports this lazily), so the raw baselines' processes do not carry them.
 */
export { openDatabase } from "../src/db/client.js";
export { migrate } from "../src/db/migrate.js";
export { recordPolicyVersion } from "../src/db/repositories/policies.js";
export { loadAllClientFacts, loadClientFacts } from "../src/db/repositories/scoring-facts.js";
export { scoreClient } from "../src/domain/scoring.js";
export { parseImportFile } from "../src/imports/csv.js";
export { parsePolicy } from "../src/policy/load.js";
export { systemClock } from "../src/services/clock.js";
export type { Services } from "../src/services/context.js";
export { importEngagements } from "../src/services/imports.js";
export { scoreAll, scoreOne, scoreToJson } from "../src/services/score.js";
