import type { Database } from "../client.js";
import { isUniqueViolation } from "../errors.js";

/** Records a Slack event by its event_id; false when it was seen before (a redelivery). */
export async function firstDelivery(db: Database, eventId: string, now: Date): Promise<boolean> {
  try {
    await db.prisma.processedEvent.create({ data: { eventId, receivedAt: now } });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}
