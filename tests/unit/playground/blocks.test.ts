import { describe, expect, it } from "vitest";
import {
  type RenderContext,
  renderBlocks,
  renderConfirmText,
  renderMessageBody,
} from "../../../src/playground/web/render/blocks.js";
import type { Directory } from "../../../src/playground/web/render/mrkdwn.js";
import { approvalRootMessage } from "../../../src/slack/blocks/approval.js";
import { appHome } from "../../../src/slack/blocks/home.js";
import {
  helpMessage,
  listMessage,
  pickListMessage,
  releaseConfirmMessage,
} from "../../../src/slack/blocks/messages.js";
import { claimModal, rateModal } from "../../../src/slack/blocks/modals.js";
import { scoreCardMessage } from "../../../src/slack/blocks/score-card.js";
import { ACTIONS, BLOCKS, FIELDS } from "../../../src/slack/ids.js";
import { claimView, forumScore, keyScore, ownedAccount, ownedBy } from "../slack/fixtures.js";

const dir: Directory = {
  userName: (id) => ({ U0DEMOREC1: "Maya Okafor", U0CLAIMANT: "Chris Claimant" })[id],
  channelName: (id) => (id === "C0APPROVALS" ? "key-account-approvals" : undefined),
};

const message: RenderContext = { dir, surface: "message" };
const modal: RenderContext = { dir, surface: "modal" };
const render = (blocks: unknown[], ctx: RenderContext = message): string => renderBlocks(blocks, ctx);

const plain = (text: string) => ({ type: "plain_text", text, emoji: true });
const md = (text: string) => ({ type: "mrkdwn", text });

describe("renderBlocks: layout blocks", () => {
  it("renders a header with its block id", () => {
    expect(render([{ type: "header", block_id: "h1", text: plain("Acme :tada:") }])).toBe(
      '<div class="bk-block bk-header" data-block-id="h1"><h3 class="bk-header">Acme 🎉</h3></div>',
    );
  });

  it("renders a divider", () => {
    expect(render([{ type: "divider" }])).toBe('<div class="bk-block bk-divider"><hr class="bk-divider"></div>');
  });

  it("renders section text as mrkdwn and plain_text as text", () => {
    expect(render([{ type: "section", text: md("*Owner:* <@U0DEMOREC1>") }])).toBe(
      '<div class="bk-block bk-section"><div class="bk-section-main"><div class="bk-section-text">' +
        '<strong>Owner:</strong> <span class="bk-mention" data-user-id="U0DEMOREC1">@Maya Okafor</span>' +
        "</div></div></div>",
    );
    expect(render([{ type: "section", text: plain("*literal*") }])).toContain(
      '<div class="bk-section-text">*literal*</div>',
    );
  });

  it("does not replace emoji in plain text with emoji: false", () => {
    expect(render([{ type: "header", text: { type: "plain_text", text: ":x:", emoji: false } }])).toContain(
      '<h3 class="bk-header">:x:</h3>',
    );
  });

  it("renders section fields in a grid", () => {
    const html = render([{ type: "section", fields: [md("*Score*\n42"), plain("Owner")] }]);
    expect(html).toContain(
      '<div class="bk-fields"><div class="bk-field"><strong>Score</strong><br>42</div><div class="bk-field">Owner</div></div>',
    );
  });

  it("renders a context row of text and images, dropping non-web image URLs", () => {
    const html = render([
      {
        type: "context",
        elements: [
          md("Policy _v1_"),
          { type: "image", image_url: "https://x.y/a.png", alt_text: "logo" },
          { type: "image", image_url: "javascript:alert(1)", alt_text: "bad" },
        ],
      },
    ]);
    expect(html).toContain('<div class="bk-block bk-context">');
    expect(html).toContain('<span class="bk-context-text">Policy <em>v1</em></span>');
    expect(html).toContain('<img class="bk-context-image" src="https://x.y/a.png" alt="logo">');
    expect(html).not.toContain("javascript:");
    expect(html).toContain('<span class="bk-image-missing">bad</span>');
  });

  it("renders an image block with its title", () => {
    const html = render([
      { type: "image", image_url: "https://x.y/chart.png", alt_text: "a chart", title: plain("Scores") },
    ]);
    expect(html).toBe(
      '<div class="bk-block bk-image"><div class="bk-image-title">Scores</div>' +
        '<img class="bk-image" src="https://x.y/chart.png" alt="a chart"></div>',
    );
  });

  it("renders unknown and malformed blocks as a muted line without throwing", () => {
    const html = render([{ type: "video", block_id: "v" }, null, "text", { type: "section", text: 42, fields: "x" }]);
    expect(html).toContain('<div class="bk-block bk-unsupported" data-block-id="v">[unsupported block: video]</div>');
    expect(html).toContain("[unsupported block: object]");
    expect(html).toContain("[unsupported block: string]");
    expect(html).toContain('<div class="bk-block bk-section">');
    expect(renderBlocks("not an array", message)).toBe("");
    expect(renderBlocks(undefined, message)).toBe("");
  });

  it("escapes an unknown block type", () => {
    expect(render([{ type: "<img src=x>" }])).toContain("[unsupported block: &lt;img src=x&gt;]");
  });
});

describe("renderBlocks: interactive elements", () => {
  it("renders buttons with style, value, url and confirm attributes", () => {
    const confirm = { title: plain("Sure?"), text: md("It's *final*"), confirm: plain("Do it"), deny: plain("No") };
    const html = render([
      {
        type: "actions",
        block_id: "acts",
        elements: [
          { type: "button", action_id: "ok", text: plain("Approve"), value: "42", style: "primary" },
          { type: "button", action_id: "no", text: plain("Reject"), value: "42", style: "danger", confirm },
          { type: "button", action_id: "go", text: plain("Open"), url: "https://x.y/p?a=1&b=2" },
          { type: "button", action_id: "bad", text: plain("Bad"), url: "javascript:alert(1)", style: "weird" },
        ],
      },
    ]);
    expect(html).toContain(
      '<button type="button" class="bk-button bk-button--primary" data-interactive="button" data-block-id="acts" data-action-id="ok" data-value="42">Approve</button>',
    );
    expect(html).toContain(
      `data-action-id="no" data-value="42" data-confirm="${JSON.stringify(confirm).replace(/"/g, "&quot;").replace(/'/g, "&#39;")}">Reject</button>`,
    );
    expect(html).toContain('class="bk-button bk-button--danger"');
    expect(html).toContain('data-url="https://x.y/p?a=1&amp;b=2">Open</button>');
    expect(html).toContain(
      'class="bk-button bk-button--default" data-interactive="button" data-block-id="acts" data-action-id="bad">Bad',
    );
    expect(html).not.toContain("javascript:");
  });

  it("gives elements of a block without block_id a placeholder from its index", () => {
    const html = render([{ type: "divider" }, { type: "actions", elements: [{ type: "button", text: plain("X") }] }]);
    expect(html).toContain('data-block-id="b1" data-action-id="a0"');
    expect(html).toContain('<div class="bk-block bk-actions">');
  });

  it("renders a section accessory button beside the text", () => {
    const html = render([
      {
        type: "section",
        block_id: "pick",
        text: md("*Acme*"),
        accessory: { type: "button", action_id: "client_pick", text: plain("Choose"), value: "7" },
      },
    ]);
    expect(html).toContain(
      '<div class="bk-section-main"><div class="bk-section-text"><strong>Acme</strong></div></div><div class="bk-accessory"><button',
    );
    expect(html).toContain('data-block-id="pick" data-action-id="client_pick" data-value="7"');
  });

  it("renders a static select accessory with its initial option", () => {
    const options = [
      { text: plain("Low"), value: "1" },
      { text: plain("High"), value: "5" },
    ];
    const html = render([
      {
        type: "section",
        block_id: "s",
        text: md("Rate"),
        accessory: { type: "static_select", action_id: "r", options, initial_option: options[1] },
      },
    ]);
    expect(html).toContain(
      '<select class="bk-select" data-interactive="static_select" data-block-id="s" data-action-id="r">' +
        '<option value="">Choose…</option><option value="1">Low</option><option value="5" selected>High</option></select>',
    );
  });

  it("renders an overflow menu as small buttons with values", () => {
    const html = render([
      {
        type: "section",
        block_id: "o",
        text: md("More"),
        accessory: {
          type: "overflow",
          action_id: "more",
          options: [
            { text: plain("Edit"), value: "edit" },
            { text: plain("Delete"), value: "delete" },
          ],
        },
      },
    ]);
    expect(html).toContain(
      '<div class="bk-overflow"><button type="button" class="bk-overflow-option" data-interactive="overflow" data-block-id="o" data-action-id="more" data-value="edit">Edit</button>',
    );
    expect(html).toContain('data-value="delete">Delete</button></div>');
  });

  it("renders a datepicker in an actions block", () => {
    const html = render([
      {
        type: "actions",
        block_id: "d",
        elements: [{ type: "datepicker", action_id: "when", initial_date: "2025-06-15" }],
      },
    ]);
    expect(html).toContain(
      '<input type="date" class="bk-datepicker" data-interactive="datepicker" data-block-id="d" data-action-id="when" value="2025-06-15">',
    );
  });

  it("renders an accessory image only for web URLs", () => {
    const html = render([
      { type: "section", text: md("x"), accessory: { type: "image", image_url: "http://x.y/i.png", alt_text: "i" } },
    ]);
    expect(html).toContain('<img class="bk-image-element" src="http://x.y/i.png" alt="i">');
  });

  it("marks an unknown element as unsupported", () => {
    const html = render([{ type: "actions", elements: [{ type: "workflow_button" }] }]);
    expect(html).toContain('<span class="bk-unsupported">[unsupported element: workflow_button]</span>');
  });
});

describe("renderBlocks: input blocks", () => {
  const reason = {
    type: "input",
    block_id: "reason",
    label: plain("Why?"),
    hint: plain("Kept in the audit trail."),
    element: {
      type: "plain_text_input",
      action_id: "reason_input",
      multiline: true,
      min_length: 1,
      max_length: 2000,
      placeholder: plain("Your history"),
    },
  };

  it("renders a required multiline text input with label, hint and limits", () => {
    expect(render([reason], modal)).toBe(
      '<div class="bk-block bk-input" data-block-id="reason">' +
        '<label class="bk-label" for="bk-reason-reason_input">Why?</label>' +
        '<textarea class="bk-textarea" rows="4" id="bk-reason-reason_input" name="reason/reason_input" data-block-id="reason" ' +
        'data-action-id="reason_input" data-element-type="plain_text_input" required placeholder="Your history" ' +
        'minlength="1" maxlength="2000"></textarea>' +
        '<div class="bk-hint">Kept in the audit trail.</div></div>',
    );
  });

  it("shows the error for its block and marks the control invalid", () => {
    const html = renderBlocks([reason], { ...modal, errors: { reason: "Give a <reason>", other: "x" } });
    expect(html).toContain('<div class="bk-error" role="alert">Give a &lt;reason&gt;</div>');
    expect(html).toContain('aria-invalid="true"');
    expect(html).not.toContain(">x</div>");
  });

  it("renders an optional single-line input with its initial value and no required", () => {
    const html = render(
      [
        {
          type: "input",
          block_id: "note",
          optional: true,
          label: plain("Note"),
          element: { type: "plain_text_input", action_id: "n", initial_value: 'say "hi"' },
        },
      ],
      modal,
    );
    expect(html).toContain(
      '<label class="bk-label" for="bk-note-n">Note<span class="bk-optional"> (optional)</span></label>',
    );
    expect(html).toContain(
      '<input type="text" class="bk-textinput" id="bk-note-n" name="note/n" data-block-id="note" data-action-id="n" data-element-type="plain_text_input" value="say &quot;hi&quot;">',
    );
    expect(html).not.toContain("required");
  });

  it("renders a select with placeholder, option groups and the initial option selected", () => {
    const html = render(
      [
        {
          type: "input",
          block_id: "rating",
          label: plain("Rating"),
          element: {
            type: "static_select",
            action_id: "rating_select",
            placeholder: plain("Not rated"),
            option_groups: [
              { label: plain("Low"), options: [{ text: plain("0 – none"), value: "0" }] },
              { label: plain("High"), options: [{ text: plain("5 – highest"), value: "5" }] },
            ],
            initial_option: { text: plain("5 – highest"), value: "5" },
          },
        },
      ],
      modal,
    );
    expect(html).toContain('name="rating/rating_select"');
    expect(html).toContain('data-element-type="static_select" required>');
    expect(html).toContain('<option value="">Not rated</option>');
    expect(html).toContain('<optgroup label="Low"><option value="0">0 – none</option></optgroup>');
    expect(html).toContain('<option value="5" selected>5 – highest</option>');
  });

  it("renders a date input, a number input and a multi-select", () => {
    const html = render(
      [
        {
          type: "input",
          block_id: "d",
          label: plain("Date"),
          element: { type: "datepicker", action_id: "a", initial_date: "2025-06-15" },
        },
        {
          type: "input",
          block_id: "n",
          label: plain("Fee"),
          element: {
            type: "number_input",
            action_id: "a",
            is_decimal_allowed: false,
            min_value: "0",
            initial_value: "5",
          },
        },
        {
          type: "input",
          block_id: "m",
          label: plain("Lines"),
          element: {
            type: "multi_static_select",
            action_id: "a",
            options: [
              { text: plain("Temp"), value: "temp" },
              { text: plain("Perm"), value: "perm" },
            ],
            initial_options: [{ text: plain("Perm"), value: "perm" }],
          },
        },
      ],
      modal,
    );
    expect(html).toContain('<input type="date" class="bk-datepicker" id="bk-d-a" name="d/a"');
    expect(html).toContain('data-element-type="datepicker" required value="2025-06-15">');
    expect(html).toContain('<input type="number" class="bk-textinput" id="bk-n-a" name="n/a"');
    expect(html).toContain('step="1" min="0" value="5">');
    expect(html).toContain('data-element-type="multi_static_select" required multiple>');
    expect(html).toContain('<option value="temp">Temp</option><option value="perm" selected>Perm</option>');
    expect(html).not.toContain("Choose…");
  });

  it("renders checkboxes and radio buttons as groups of inputs with values", () => {
    const options = [
      { text: md("*A*"), value: "a", description: plain("first") },
      { text: plain("B"), value: "b" },
    ];
    const html = render(
      [
        {
          type: "input",
          block_id: "c",
          label: plain("Pick"),
          element: { type: "checkboxes", action_id: "x", options, initial_options: [options[0]] },
        },
        {
          type: "input",
          block_id: "r",
          label: plain("One"),
          element: { type: "radio_buttons", action_id: "y", options },
        },
      ],
      modal,
    );
    expect(html).toContain(
      '<label class="bk-choice"><input type="checkbox" name="c/x" data-block-id="c" data-action-id="x" data-element-type="checkboxes" value="a" checked>' +
        '<span class="bk-choice-text"><strong>A</strong><span class="bk-choice-description">first</span></span></label>',
    );
    expect(html).toContain(
      '<input type="radio" name="r/y" data-block-id="r" data-action-id="y" data-element-type="radio_buttons" required value="b">',
    );
    expect(html).toContain('<label class="bk-label">Pick</label>');
  });

  it("gives an input block without block_id a placeholder id", () => {
    const html = render([{ type: "input", label: plain("X"), element: { type: "plain_text_input", action_id: "v" } }]);
    expect(html).toContain('<div class="bk-block bk-input" data-block-id="b0">');
    expect(html).toContain('name="b0/v"');
  });
});

describe("renderBlocks: rich text", () => {
  it("renders styled text, links, mentions, emoji and lists", () => {
    const html = render([
      {
        type: "rich_text",
        elements: [
          {
            type: "rich_text_section",
            elements: [
              { type: "text", text: "Hi ", style: { bold: true } },
              { type: "user", user_id: "U0DEMOREC1" },
              { type: "text", text: " <b>" },
              { type: "link", url: "https://x.y", text: "site" },
              { type: "emoji", name: "tada" },
            ],
          },
          {
            type: "rich_text_list",
            style: "bullet",
            elements: [{ type: "rich_text_section", elements: [{ type: "text", text: "item" }] }],
          },
        ],
      },
    ]);
    expect(html).toContain(
      '<div class="bk-rich-section"><strong>Hi </strong><span class="bk-mention" data-user-id="U0DEMOREC1">@Maya Okafor</span> &lt;b&gt;' +
        `<a class="bk-link" href="https://x.y" target="_blank" rel="noopener noreferrer">site</a>🎉</div>`,
    );
    expect(html).toContain('<ul class="bk-list"><li>item</li></ul>');
  });
});

describe("renderMessageBody", () => {
  it("renders the text as mrkdwn when there are no blocks", () => {
    expect(renderMessageBody({ text: "Hi *there*", blocks: [] }, message)).toBe(
      '<div class="bk-section-text">Hi <strong>there</strong></div>',
    );
    expect(renderMessageBody({}, message)).toBe('<div class="bk-section-text"></div>');
  });

  it("renders blocks when there are some", () => {
    expect(renderMessageBody({ text: "fallback", blocks: [{ type: "divider" }] }, message)).toBe(
      '<div class="bk-block bk-divider"><hr class="bk-divider"></div>',
    );
  });
});

describe("renderConfirmText", () => {
  it("renders each part, keeping a valid style", () => {
    expect(
      renderConfirmText(
        {
          title: plain("Release?"),
          text: md("*Acme* opens"),
          confirm: plain("Release"),
          deny: plain("Keep"),
          style: "danger",
        },
        dir,
      ),
    ).toEqual({
      title: "Release?",
      text: "<strong>Acme</strong> opens",
      confirm: "Release",
      deny: "Keep",
      style: "danger",
    });
  });

  it("falls back to Slack's defaults", () => {
    expect(renderConfirmText({ style: "odd" }, dir)).toEqual({
      title: "Are you sure?",
      text: "",
      confirm: "Yes",
      deny: "Cancel",
    });
    expect(renderConfirmText("nonsense", dir).confirm).toBe("Yes");
  });
});

describe("the app's own messages and views", () => {
  const expectSupported = (html: string) => {
    expect(html).not.toContain("[unsupported");
  };

  it("renders the score card with its text, bars and buttons", () => {
    const card = scoreCardMessage(forumScore(), { timezone: "UTC", pendingClaim: null, viewer: "U0VIEWER" });
    const html = renderMessageBody(card, message);
    expectSupported(html);
    expect(html).toContain('<h3 class="bk-header">Northwind Logistics</h3>');
    expect(html).toContain("Open — no Key Account owner");
    expect(html).toContain("does not qualify as a Key Account");
    expect(html).toContain('<ul class="bk-list"><li>no engagement in 24 months');
    expect(html).toContain('<code class="bk-code">');
    expect(html).toContain("Parent: <strong>Northwind Holdings</strong>");
    expect(html).toContain(
      `class="bk-button bk-button--primary" data-interactive="button" data-block-id="${BLOCKS.scoreCardActions}" data-action-id="${ACTIONS.claimButton}" data-value="7">Claim as Key Account</button>`,
    );
    expect(html).toContain(`data-action-id="${ACTIONS.historyButton}" data-value="7">History</button>`);
  });

  it("renders a pending approval thread with the claimant's quoted reason and vote buttons", () => {
    const root = approvalRootMessage(claimView({ reason: "They asked for <more> & better" }), "UTC");
    const html = renderMessageBody(root, message);
    expectSupported(html);
    expect(html).toContain('<span class="bk-mention" data-user-id="U0CLAIMANT">@Chris Claimant</span> claims');
    expect(html).toContain('<blockquote class="bk-quote">They asked for &lt;more&gt; &amp; better</blockquote>');
    expect(html).toContain("Override needed");
    expect(html).toContain(
      `class="bk-button bk-button--primary" data-interactive="button" data-block-id="${BLOCKS.approvalActions}" data-action-id="${ACTIONS.approve}" data-value="42">Approve</button>`,
    );
    expect(html).toContain(`class="bk-button bk-button--danger"`);
    expect(html).toContain(`data-action-id="${ACTIONS.reject}" data-value="42">Reject</button>`);
  });

  it("renders the help, pick-list and release-confirm messages", () => {
    const help = renderMessageBody(helpMessage(), message);
    expectSupported(help);
    expect(help).toContain('<code class="bk-code">/keyaccount &lt;client&gt;</code>');
    const pick = renderMessageBody(pickListMessage("acme", [{ id: 3, name: "Acme Labs" }], "claim"), message);
    expectSupported(pick);
    expect(pick).toContain(`data-action-id="${ACTIONS.pickClient}"`);
    expect(pick).toContain("<strong>Acme Labs</strong>");
    const release = renderMessageBody(releaseConfirmMessage({ clientId: 3, client: "Acme Labs" }), message);
    expect(release).toContain(`data-action-id="${ACTIONS.releaseConfirm}" data-value="3">Release it</button>`);
  });

  it("renders a ranking as a numbered list with owners named", () => {
    const scores = [keyScore(1, "Acme Labs", ownedBy("U0DEMOREC1")), forumScore()];
    const html = renderMessageBody(listMessage("Top clients", scores, "UTC"), message);
    expectSupported(html);
    expect(html).toContain('<ol class="bk-list"><li><strong>Acme Labs</strong> · ');
    expect(html).toContain(
      '<span class="bk-mention" data-user-id="U0DEMOREC1">@Maya Okafor</span>, review due 2025-01-02',
    );
    expect(html).toContain("<li><strong>Northwind Logistics</strong> · ");
  });

  it("renders the claim modal's reason input", () => {
    const view = claimModal({
      clientId: 7,
      client: "Acme",
      score: 42,
      verdict: "BORDERLINE",
      verdictReasons: ["fees low"],
    });
    const html = renderBlocks(view.blocks, { ...modal, errors: { [FIELDS.reason.block]: "Say why." } });
    expectSupported(html);
    expect(html).toContain("<strong>Client:</strong> Acme");
    expect(html).toContain(`name="${FIELDS.reason.block}/${FIELDS.reason.action}"`);
    expect(html).toContain('maxlength="2000"');
    expect(html).toContain(" required ");
    expect(html).toContain('<div class="bk-error" role="alert">Say why.</div>');
  });

  it("renders the rate modal's optional selects with the current rating chosen", () => {
    const view = rateModal({
      clientId: 7,
      client: "Acme",
      current: { strategicImportance: 4, longTermPotential: null, exclusivity: 0 },
    });
    const html = renderBlocks(view.blocks, modal);
    expectSupported(html);
    expect(html.match(/<span class="bk-optional"> \(optional\)<\/span>/g)).toHaveLength(3);
    expect(html).toContain(`name="${FIELDS.ratings.strategicImportance.block}/rating_select"`);
    expect(html).toContain('<option value="4" selected>4 – high</option>');
    expect(html).toContain('<option value="0" selected>0 – none</option>');
    expect(html).toContain('<option value="" selected>Not rated</option>');
    expect(html).not.toContain(" required");
  });

  it("renders the App Home tab", () => {
    const home = appHome({
      mine: [ownedAccount("Acme Labs", true)],
      awaitingVote: [claimView()],
      myClaims: [],
      timezone: "UTC",
      permalinks: new Map([[42, "https://example.slack.com/archives/C0APPROVALS/p1"]]),
    });
    const html = renderBlocks(home.blocks, { dir, surface: "home" });
    expectSupported(html);
    expect(html).toContain('<h3 class="bk-header">Your Key Accounts</h3>');
    expect(html).toContain("Acme Labs");
    expect(html).toContain('<hr class="bk-divider">');
    expect(html).toContain("You have no open claims.");
  });
});

describe("emoji from code points", () => {
  it("escapes what the code points spell, so they cannot carry markup", () => {
    const html = renderBlocks(
      [
        {
          type: "rich_text",
          elements: [
            {
              type: "rich_text_section",
              elements: [
                // "<img src=x onerror=alert(1)>" spelled as code points
                {
                  type: "emoji",
                  name: "evil",
                  unicode: "3c-69-6d-67-20-73-72-63-3d-78-20-6f-6e-65-72-72-6f-72-3d-61-6c-65-72-74-28-31-29-3e",
                },
                { type: "emoji", name: "tada", unicode: "1f389" },
              ],
            },
          ],
        },
      ],
      { dir: { userName: () => undefined, channelName: () => undefined }, surface: "message" },
    );
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain("🎉");
  });
});
