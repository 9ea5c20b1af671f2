import { buildDemoDataset } from "../demo/dataset.js";
import type { Services } from "./context.js";
import { type ImportSummary, importClients, importEngagements, importFeedback } from "./imports.js";

/**
 * Loads the demo firm: recruiters and managers, about a hundred clients with three
 * years of history ending today, and the forum case. Loading it twice changes nothing.
 */
export async function loadDemo(
  services: Services,
  actor: string,
): Promise<{
  people: number;
  clients: ImportSummary;
  engagements: ImportSummary;
  feedback: ImportSummary;
}> {
  const data = buildDemoDataset(services.clock());
  for (const person of data.people) {
    await services.db.prisma.person.upsert({
      where: { slackId: person.slackId },
      create: { slackId: person.slackId, name: person.name, email: person.email },
      update: {},
    });
  }
  const options = { actor };
  const clients = await importClients(services, data.clients, options);
  const engagements = await importEngagements(services, data.engagements, [], options);
  const feedback = await importFeedback(services, data.feedback, [], options);
  return { people: data.people.length, clients, engagements, feedback };
}
