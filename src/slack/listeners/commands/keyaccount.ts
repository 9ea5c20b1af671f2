import type { AllMiddlewareArgs, RespondArguments, SlackCommandMiddlewareArgs } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { DomainError } from "../../../domain/errors.js";
import {
  addClient,
  clientHistory,
  currentRatings,
  isManager,
  logEngagement,
  myAccounts,
  pendingClaimRef,
  pendingFor,
} from "../../../services/accounts.js";
import { resolveClient } from "../../../services/resolve-client.js";
import { scoreAll, scoreOne } from "../../../services/score.js";
import type { SlackDeps } from "../../app.js";
import {
  clientAddedMessage,
  errorMessage,
  helpMessage,
  historyMessage,
  listMessage,
  loggedMessage,
  mineMessage,
  pendingMessage,
  pickListMessage,
  policyMessage,
  releaseConfirmMessage,
  unknownClientMessage,
} from "../../blocks/messages.js";
import { claimModal, rateModal, revokeModal } from "../../blocks/modals.js";
import { scoreCardMessage } from "../../blocks/score-card.js";
import type { BlockMessage } from "../../blocks/text.js";
import { explain } from "../errors.js";
import { LOG_FORM, parseCommand } from "./parse.js";

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

const ephemeral = (message: BlockMessage): RespondArguments => ({ response_type: "ephemeral", ...message });

/**
 * `/keyaccount …`: parse → one service call → build blocks → answer. Quick answers
 * go back in the acknowledgement itself; modals open right after it, while the
 * trigger is fresh.
 */
export function keyaccountCommand(deps: SlackDeps) {
  const { services, log } = deps;
  const timezone = () => services.policy.policy.timezone;

  return async ({ command, ack: boltAck, respond, client }: Args): Promise<void> => {
    const user = command.user_id;
    // Once acknowledged (or once the acknowledgement failed, e.g. too late), answers go to the response URL.
    let acked = false;
    const ack = async (message?: RespondArguments) => {
      acked = true;
      await boltAck(message as never);
    };
    const parsed = parseCommand(command.text ?? "");
    try {
      switch (parsed.sub) {
        case "help":
          return await ack(ephemeral(helpMessage()));
        case "invalid":
          return await ack(ephemeral(errorMessage(parsed.problem, parsed.rightForm)));
        case "policy":
          return await ack(ephemeral(policyMessage(services.policy.policy, services.policy.version)));
        case "score":
        case "history":
        case "claim":
        case "rate":
        case "revoke":
        case "release":
        case "log": {
          const found = await resolve(parsed.client, parsed.sub);
          if ("message" in found) return await ack(ephemeral(found.message));
          if (parsed.sub === "claim" || parsed.sub === "rate" || parsed.sub === "revoke") {
            await ack();
            return await openClientModal(client, command.trigger_id, parsed.sub, found.id, user, respond);
          }
          if (parsed.sub === "log") {
            const logged = await logEngagement(services, {
              clientId: found.id,
              client: found.name,
              recruiter: user,
              fee: parsed.fee,
              date: parsed.date,
              kind: parsed.kind,
              requestKey: `${command.trigger_id}`,
            });
            const score = await scoreOne(services, found.id);
            return await ack(
              ephemeral(
                loggedMessage({
                  client: found.name,
                  kind: logged.kind,
                  feeCents: logged.feeCents,
                  date: logged.date,
                  timezone: timezone(),
                  score: score ? { score: score.card.score, verdict: score.card.verdict } : null,
                }),
              ),
            );
          }
          return await ack(ephemeral(await clientMessage(parsed.sub, found.id, user)));
        }
        case "mine":
          return await ack(ephemeral(mineMessage(await myAccounts(services, user), timezone())));
        case "pending": {
          const pending = await pendingFor(services, user);
          return await ack(
            ephemeral(
              pendingMessage({ awaitingMyVote: pending.awaitingMyVote, myClaims: pending.myClaims }, new Map()),
            ),
          );
        }
        case "list": {
          const all = await scoreAll(services);
          const { filter } = parsed;
          const chosen =
            filter === "key"
              ? all.filter((s) => s.owner !== null)
              : filter === "candidates"
                ? all.filter((s) => s.owner === null && s.card.verdict !== "NOT_KEY")
                : filter === "lapsing"
                  ? all.filter(
                      (s) =>
                        s.owner !== null &&
                        s.owner.reviewDueAt.getTime() - services.clock().getTime() <
                          services.policy.policy.lapseWarningDays * 86_400_000,
                    )
                  : all;
          const titles = {
            all: "Every client by score",
            key: "Key Accounts",
            candidates: "Open clients that qualify or nearly do",
            lapsing: "Key Accounts due for review soon",
          };
          return await ack(ephemeral(listMessage(titles[filter], chosen, timezone())));
        }
        case "add": {
          let parentId: number | null = null;
          if (parsed.parent) {
            const parent = await resolve(parsed.parent, "score");
            if ("message" in parent) return await ack(ephemeral(parent.message));
            parentId = parent.id;
          }
          const created = await addClient(services, { name: parsed.client, parentId, actor: user });
          return await ack(ephemeral(clientAddedMessage({ client: created.name, parent: parsed.parent })));
        }
      }
    } catch (error) {
      const problem = explain(error, log, { user, command: parsed.sub });
      const rightForm = parsed.sub === "log" ? LOG_FORM : undefined;
      const answer = ephemeral(errorMessage(problem, rightForm));
      if (!acked) return await ack(answer);
      await respond(answer).catch((failure) =>
        log.warn({ err: failure, user }, "could not answer through the response URL"),
      );
    }
  };

  async function resolve(
    query: string,
    sub: string,
  ): Promise<{ id: number; name: string } | { message: BlockMessage }> {
    const result = await resolveClient(services.db, query);
    if (result.kind === "found") return result.client;
    if (result.kind === "ambiguous") return { message: pickListMessage(query, result.candidates, sub) };
    return {
      message: unknownClientMessage(
        query,
        result.suggestions.map((s) => s.name),
      ),
    };
  }

  /** The answer for a sub-command about one client that needs no modal. */
  async function clientMessage(
    sub: "score" | "history" | "release",
    clientId: number,
    user: string,
  ): Promise<BlockMessage> {
    if (sub === "history") {
      const score = await scoreOne(services, clientId);
      return historyMessage(score?.card.client ?? "this client", await clientHistory(services, clientId), timezone());
    }
    const score = await scoreOne(services, clientId);
    if (!score) throw new DomainError("UNKNOWN_CLIENT", "that client no longer exists");
    if (sub === "release") {
      if (score.owner?.via !== "self" || score.owner.owner !== user) {
        throw new DomainError(
          "NOT_OWNER",
          `you do not own ${score.card.client} as a Key Account, so there is nothing to release`,
        );
      }
      return releaseConfirmMessage({ clientId, client: score.card.client });
    }
    const pending = await pendingClaimRef(services, clientId);
    let permalink: string | null = null;
    if (pending?.root) {
      permalink = `https://slack.com/archives/${pending.root.channel}/p${pending.root.ts.replace(".", "")}`;
    }
    return scoreCardMessage(score, {
      timezone: timezone(),
      pendingClaim: pending ? { claimId: pending.claimId, claimant: pending.claimant, permalink } : null,
      viewer: user,
    });
  }

  async function openClientModal(
    client: WebClient,
    triggerId: string,
    sub: "claim" | "rate" | "revoke",
    clientId: number,
    user: string,
    respond: Args["respond"],
  ): Promise<void> {
    const score = await scoreOne(services, clientId);
    if (!score) {
      await respond(ephemeral(errorMessage("That client no longer exists.")));
      return;
    }
    if (sub === "revoke") {
      if (!isManager(services, user)) {
        await respond(
          ephemeral(errorMessage("Only the managers named in the policy may ask to revoke a Key Account.")),
        );
        return;
      }
      if (score.owner?.via !== "self") {
        await respond(
          ephemeral(
            errorMessage(`${score.card.client} has no Key Account owner of its own, so there is nothing to revoke.`),
          ),
        );
        return;
      }
      await client.views.open({
        trigger_id: triggerId,
        view: revokeModal({ clientId, client: score.card.client, owner: score.owner.owner }),
      });
      return;
    }
    if (sub === "rate") {
      if (!isManager(services, user)) {
        await respond(ephemeral(errorMessage("Only the managers named in the policy may set ratings.")));
        return;
      }
      const view = rateModal({
        clientId,
        client: score.card.client,
        current: await currentRatings(services, clientId),
      });
      await client.views.open({ trigger_id: triggerId, view });
      return;
    }
    const view = claimModal({
      clientId,
      client: score.card.client,
      score: score.card.score,
      verdict: score.card.verdict,
      verdictReasons: score.card.reasons,
    });
    await client.views.open({ trigger_id: triggerId, view });
  }
}

export type ClientModalOpener = ReturnType<typeof keyaccountCommand>;
