import { join } from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { FORUM_PARENT, FORUM_SUBSIDIARY } from "../../src/demo/dataset.js";
import { collectPageErrors, launchChromium, screenshot } from "../support/browser.js";
import { freshDatabase } from "../support/databases.js";
import { exitCode, type Instance, startInstance } from "../support/instances.js";

/**
 * The playground as a firm evaluating keyholder uses it: `npm start` without Slack
 * credentials, then the forum case in Chromium, from the score card to the decided
 * claim, with people switched in the page as they would take turns in Slack.
 */

const MAYA = "U0DEMOREC1"; // recruiter who claims
const DANIEL = "U0DEMOREC2"; // recruiter, not a manager
const GRACE = "U0DEMOMGR1";
const MARCUS = "U0DEMOMGR2";
const APPROVALS = "C0APPROVALS";
const SHOTS = "playground";
const WAIT = { timeout: 15_000 };

describe("the playground in a browser", () => {
  let db: { url: string; dispose: () => Promise<void> };
  let app: Instance;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let base: string;

  beforeAll(async () => {
    db = await freshDatabase("sqlite", "playground");
    app = await startInstance({
      DATABASE_URL: db.url,
      POLICY_FILE: join(db.url.slice("file:".length), "..", "no-policy-file.json"),
    });
    base = `http://localhost:${app.port}/`;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    errors = collectPageErrors(page);
    await page.goto(base);
    await page.waitForSelector("body[data-ready=true]");
  });

  afterAll(async () => {
    await browser?.close();
    if (app && app.child.exitCode === null) {
      app.child.kill("SIGTERM");
      await exitCode(app.child);
    }
    await db?.dispose();
  });

  const as = async (userId: string) => {
    await page.selectOption("#user-switcher", userId);
  };
  const openChannel = async (channelId: string) => {
    await page.click(`a[data-channel="${channelId}"]`);
    await page.locator(`#channel-title`).waitFor(WAIT);
  };
  const type = async (text: string) => {
    await page.fill("#composer", text);
    await page.press("#composer", "Enter");
  };
  const message = (within: string, text: string | RegExp): Locator =>
    page.locator(`${within} .pg-message`).filter({ hasText: text }).last();
  const modal = () => page.locator("#modal-layer [role=dialog]");

  /** A manager approves from the thread root; approving a NOT_KEY client asks for the override's reason. */
  const approve = async (managerId: string, reason: string) => {
    await as(managerId);
    await openChannel(APPROVALS);
    const root = message("#messages", FORUM_SUBSIDIARY);
    await root.getByRole("button", { name: "Approve" }).click();
    await modal().waitFor(WAIT);
    expect(await modal().textContent()).toMatch(/overrid/i);
    await modal().locator("textarea").fill(reason);
    await modal()
      .getByRole("button", { name: /approve|submit|vote/i })
      .click();
    await modal().waitFor({ state: "detached", ...WAIT });
  };

  it("starts with the demo firm: people to switch between and the channels of the policy", async () => {
    const people = await page.locator("#user-switcher option").allInnerTexts();
    expect(people).toContain("Maya Okafor (recruiter)");
    expect(people).toContain("Grace Whitfield (manager)");
    const channels = await page.locator("#channel-list a").allInnerTexts();
    expect(channels).toEqual(["# general", "# key-account-approvals", "# key-account-review"]);

    const stored = openDatabase(db.url);
    try {
      expect(await stored.prisma.client.count()).toBeGreaterThanOrEqual(90);
    } finally {
      await stored.close();
    }
  });

  it("answers a recruiter's look-up of the forum subsidiary with NOT_KEY and the reason, to her alone", async () => {
    await as(MAYA);
    await openChannel("C0GENERAL");
    await type(`/keyaccount ${FORUM_SUBSIDIARY}`);
    const card = message("#messages", "Only visible to you");
    await card.waitFor(WAIT);
    const text = await card.textContent();
    expect(text).toContain(FORUM_SUBSIDIARY);
    expect(text).toContain("NOT_KEY");
    expect(text).toContain("no engagement in 24 months");
    expect(text).toContain(FORUM_PARENT);
    expect(await card.getByRole("heading").textContent()).toBe(FORUM_SUBSIDIARY);
    await screenshot(page, SHOTS, "01-score-card");

    // Someone else does not see another person's ephemeral answer.
    await as(DANIEL);
    await expect.poll(() => page.locator("#messages .pg-message--ephemeral").count()).toBe(0);
    await as(MAYA);
    await card.waitFor(WAIT);
  });

  it("lets her claim it in a modal that insists on a reason and warns of the override", async () => {
    await message("#messages", FORUM_SUBSIDIARY).getByRole("button", { name: "Claim as Key Account" }).click();
    await modal().waitFor(WAIT);
    expect(await modal().locator("h2").textContent()).toBe("Claim Key Account");
    expect(await modal().textContent()).toContain("Override needed");

    await modal().getByRole("button", { name: "Submit claim" }).click();
    await modal().getByText("Please complete this required field.").waitFor(WAIT);
    await screenshot(page, SHOTS, "02-claim-modal-required");

    await modal()
      .locator("textarea")
      .fill("I placed their new warehouse team last month and the parent's contract is up.");
    await modal().getByRole("button", { name: "Submit claim" }).click();
    await modal().getByText("Your claim on").waitFor(WAIT);
    await screenshot(page, SHOTS, "03-claim-opened");
    await modal().getByRole("button", { name: "Close" }).click();
    await modal().waitFor({ state: "detached", ...WAIT });

    await openChannel(APPROVALS);
    const root = message("#messages", FORUM_SUBSIDIARY);
    await root.waitFor(WAIT);
    expect(await root.textContent()).toContain("NOT_KEY");
    expect(await root.getByRole("button", { name: "Approve" }).count()).toBe(1);
  });

  it("refuses a recruiter's vote, telling him why, and counts nothing", async () => {
    await as(DANIEL);
    await openChannel(APPROVALS);
    await message("#messages", FORUM_SUBSIDIARY).getByRole("button", { name: "Approve" }).click();
    const refusal = message("#messages", "not an approver");
    await refusal.waitFor(WAIT);
    expect(await refusal.textContent()).toContain("Only visible to you");
    await screenshot(page, SHOTS, "04-non-manager-refused");

    const stored = openDatabase(db.url);
    try {
      expect(await stored.prisma.vote.count()).toBe(0);
    } finally {
      await stored.close();
    }
  });

  it("records two managers' approvals with reasons and shows the decision in the thread", async () => {
    // Maya watches the approvals channel in a window of her own, which nobody reloads.
    const watcherContext = await browser.newContext({ viewport: { width: 1200, height: 800 } });
    const watcher = await watcherContext.newPage();
    const watcherErrors = collectPageErrors(watcher);
    await watcher.goto(`${base}#${APPROVALS}`);
    await watcher.waitForSelector("body[data-ready=true]");
    await watcher.selectOption("#user-switcher", MAYA);
    const watched = watcher.locator("#messages .pg-message").filter({ hasText: FORUM_SUBSIDIARY });
    await watched.waitFor(WAIT);
    expect(await watched.textContent()).toContain("0 of 2 approvals");

    await approve(GRACE, "Harbor's group spend justifies an exception; Maya has the relationship.");
    await approve(MARCUS, "Agreed: the parent's renewal is Maya's to win.");

    await watched.filter({ hasText: "Approved on" }).waitFor(WAIT);
    await watcherContext.close();
    expect(watcherErrors).toEqual([]);

    const root = message("#messages", FORUM_SUBSIDIARY);
    await root.filter({ hasText: "Approved on" }).waitFor(WAIT);
    await root.locator(".pg-replies").click();
    const thread = page.locator("#thread");
    await thread.filter({ hasText: `Approved: ` }).waitFor(WAIT);
    const text = await thread.textContent();
    expect(text).toContain("Grace Whitfield");
    expect(text).toContain("Harbor's group spend justifies an exception");
    expect(text).toContain("Marcus Chen");
    expect(text).toMatch(/Approved: .*Maya Okafor.* now owns .*Harbor Freight Solutions/);
    await screenshot(page, SHOTS, "05-decided-claim-thread");

    const stored = openDatabase(db.url);
    try {
      const claim = await stored.prisma.claim.findFirstOrThrow({ include: { votes: true } });
      expect(claim.status).toBe("APPROVED");
      expect(claim.votes.map((v) => v.voter).sort()).toEqual([GRACE, MARCUS]);
    } finally {
      await stored.close();
    }
  });

  it("sends the claimant a direct message with the decision", async () => {
    await as(MAYA);
    // Unread in bold, as in Slack: the app's direct message to her is new.
    await page.locator('a[data-channel^="D"].pg-nav-link--unread').waitFor(WAIT);
    await page.click('a[data-channel^="D"]');
    await page.click("#tab-messages");
    const dm = message("#messages", "was approved");
    await dm.waitFor(WAIT);
    expect(await dm.textContent()).toContain(FORUM_SUBSIDIARY);
    await screenshot(page, SHOTS, "06-claimant-dm");

    // Its link leads to the approval thread, as a Slack permalink does.
    await dm.getByRole("link", { name: "Open the approval thread" }).click();
    await page.locator("#thread").filter({ hasText: "Approved: " }).waitFor(WAIT);
    expect(await page.locator("#channel-title").textContent()).toBe("# key-account-approvals");
  });

  it("shows the App Home the app publishes for the person who opens it", async () => {
    await page.click('a[data-channel^="D"]');
    await page.click("#tab-home");
    const home = page.locator("#home");
    await home.filter({ hasText: FORUM_SUBSIDIARY }).waitFor(WAIT);
    await screenshot(page, SHOTS, "07-app-home");
  });

  it("lets a manager rate a client in a modal of selects, showing the current ratings next time", async () => {
    await as(GRACE);
    await openChannel("C0GENERAL");
    await type(`/keyaccount rate ${FORUM_SUBSIDIARY}`);
    await modal().waitFor(WAIT);
    const selects = modal().locator("select");
    expect(await selects.count()).toBe(3);
    expect(await selects.first().locator("option").allTextContents()).toContain("5 – highest");
    await selects.nth(0).selectOption("4");
    await selects.nth(1).selectOption("2");
    await screenshot(page, SHOTS, "08-rate-modal");
    await modal().getByRole("button", { name: "Save ratings" }).click();
    await modal().waitFor({ state: "detached", ...WAIT });

    const stored = openDatabase(db.url);
    try {
      const ratings = await stored.prisma.rating.findMany({ where: { client: { name: FORUM_SUBSIDIARY } } });
      expect(Object.fromEntries(ratings.map((r) => [r.criterion, r.value]))).toEqual({
        strategicImportance: 4,
        longTermPotential: 2,
      });
    } finally {
      await stored.close();
    }
    await type(`/keyaccount rate ${FORUM_SUBSIDIARY}`);
    await modal().waitFor(WAIT);
    expect(await modal().locator("select").nth(0).inputValue()).toBe("4");
    expect(await modal().locator("select").nth(2).inputValue()).toBe("");
    await modal().getByRole("button", { name: "Cancel" }).click();
    await modal().waitFor({ state: "detached", ...WAIT });
  });

  it("runs the weekly reminder on demand, and asks a manager to confirm before releasing a Key Account", async () => {
    await as(GRACE);
    await page.click("#run-reminder");
    const reminder = message("#messages", "Key Accounts due for review (1)");
    await reminder.waitFor(WAIT);
    expect(await reminder.textContent()).toContain("Kestrel Aerospace Ltd");

    await reminder.getByRole("button", { name: "Release" }).click();
    const dialog = page.locator("#confirm-layer [role=alertdialog]");
    await dialog.waitFor(WAIT);
    expect(await dialog.textContent()).toContain("Release this Key Account?");
    expect(await dialog.textContent()).toContain("Priya Natarajan");
    await screenshot(page, SHOTS, "09-release-confirm");
    await dialog.getByRole("button", { name: "Keep it" }).click();
    await dialog.waitFor({ state: "detached", ...WAIT });
    const current = async () => {
      const stored = openDatabase(db.url);
      try {
        const kestrel = await stored.prisma.client.findFirstOrThrow({ where: { name: "Kestrel Aerospace Ltd" } });
        return await stored.prisma.ownership.count({ where: { clientId: kestrel.id, currentFor: { not: null } } });
      } finally {
        await stored.close();
      }
    };
    expect(await current()).toBe(1);

    await reminder.getByRole("button", { name: "Release" }).click();
    await dialog.getByRole("button", { name: "Release" }).click();
    const done = message("#messages", "Not renewed");
    await done.waitFor(WAIT);
    expect(await done.textContent()).toContain("Kestrel Aerospace Ltd");
    expect(await current()).toBe(0);
  });

  it("opens from a malformed link where it was, live updates and all", async () => {
    await page.goto(`${base}#%E0%A4`);
    await page.waitForSelector("body[data-ready=true]");
    const version = Number(await page.getAttribute("body", "data-version"));
    await type("/keyaccount help");
    await expect.poll(async () => Number(await page.getAttribute("body", "data-version"))).toBeGreaterThan(version);
  });

  it("reported no errors in the page", () => {
    expect(errors).toEqual([]);
  });
});
