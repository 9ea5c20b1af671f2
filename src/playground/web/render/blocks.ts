/**
 * Slack Block Kit JSON as HTML strings, for the playground. Pure string functions
 * (no DOM). Input is untrusted JSON: anything unexpected renders as a muted
 * "[unsupported …]" line and never throws. Interactive elements carry `data-*`
 * attributes naming their block, action and value; controls in input blocks carry
 * `name="block_id/action_id"`.
 */
import { type Directory, escapeHtml, mrkdwn, plainText } from "./mrkdwn.js";

/** Where blocks are shown. */
export type Surface = "message" | "modal" | "home";

/** What rendering needs besides the blocks: names for mentions and, in a modal, input errors by block_id. */
export interface RenderContext {
  dir: Directory;
  surface: Surface;
  errors?: Record<string, string>;
}

type Json = Record<string, unknown>;
type AttrValue = string | number | boolean | undefined;
type Attrs = Record<string, AttrValue>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const objects = (v: unknown): Json[] => list(v).filter(isObject);
const finite = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const numeric = (v: unknown): string | undefined =>
  finite(v) !== undefined ? String(v) : typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v) ? v : undefined;

/** Attributes as ` name="value"`, escaped; `true` gives a bare name, `false` and `undefined` nothing. */
function attrs(values: Attrs): string {
  let out = "";
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined || value === false) continue;
    out += value === true ? ` ${name}` : ` ${name}="${escapeHtml(String(value))}"`;
  }
  return out;
}

const HTTP_URL = /^https?:\/\/[^\s<>"]+$/i;
const httpUrl = (v: unknown): string | undefined => {
  const url = str(v);
  return url !== undefined && HTTP_URL.test(url) ? url : undefined;
};

/** A text object (mrkdwn or plain_text; a bare string counts as plain text) as HTML. */
function text(value: unknown, dir: Directory): string {
  if (typeof value === "string") return plainText(value, dir);
  if (!isObject(value)) return "";
  const raw = str(value.text) ?? "";
  if (value.type === "mrkdwn") return mrkdwn(raw, dir);
  return value.emoji === false ? escapeHtml(raw).replace(/\n/g, "<br>") : plainText(raw, dir);
}

/** A text object's raw string, for attributes such as placeholders. */
const rawText = (value: unknown): string | undefined =>
  typeof value === "string" ? value : isObject(value) ? str(value.text) : undefined;

/** Text for places that take no markup (options): one line, escaped, emoji replaced. */
const oneLine = (value: unknown, dir: Directory): string => plainText((rawText(value) ?? "").replace(/\s+/g, " "), dir);

const unsupported = (what: string, type: string): string =>
  `<span class="bk-unsupported">[unsupported ${what}: ${escapeHtml(type)}]</span>`;

/** Where an element sits: `form` for a control in an input block, else an interactive element. */
interface Target {
  blockId: string;
  actionId: string;
  form?: { id: string; required: boolean; invalid: boolean };
}

function baseAttrs(type: string, target: Target): Attrs {
  const { blockId, actionId, form } = target;
  if (form === undefined) return { "data-interactive": type, "data-block-id": blockId, "data-action-id": actionId };
  return {
    name: `${blockId}/${actionId}`,
    "data-block-id": blockId,
    "data-action-id": actionId,
    "data-element-type": type,
    required: form.required,
    "aria-invalid": form.invalid ? "true" : undefined,
  };
}

const confirmAttr = (el: Json, target: Target): Attrs =>
  target.form === undefined && isObject(el.confirm) ? { "data-confirm": JSON.stringify(el.confirm) } : {};

function button(el: Json, target: Target, dir: Directory): string {
  const style = el.style === "primary" || el.style === "danger" ? el.style : "default";
  const attributes = attrs({
    type: "button",
    class: `bk-button bk-button--${style}`,
    ...baseAttrs("button", target),
    "data-value": str(el.value),
    "data-url": httpUrl(el.url),
    ...confirmAttr(el, target),
    "aria-label": str(el.accessibility_label),
  });
  return `<button${attributes}>${text(el.text, dir)}</button>`;
}

function overflow(el: Json, target: Target, dir: Directory): string {
  const buttons = objects(el.options).map((option) => {
    const attributes = attrs({
      type: "button",
      class: "bk-overflow-option",
      ...baseAttrs("overflow", target),
      "data-value": str(option.value),
      "data-url": httpUrl(option.url),
      ...confirmAttr(el, target),
    });
    return `<button${attributes}>${oneLine(option.text, dir)}</button>`;
  });
  return `<div class="bk-overflow">${buttons.join("")}</div>`;
}

const optionValue = (option: unknown): string | undefined => (isObject(option) ? str(option.value) : undefined);

function selectedValues(el: Json): Set<string> {
  const values = [optionValue(el.initial_option), ...list(el.initial_options).map(optionValue)];
  for (const key of ["initial_user", "initial_conversation", "initial_channel"]) values.push(str(el[key]));
  for (const key of ["initial_users", "initial_conversations", "initial_channels"]) {
    values.push(...list(el[key]).map(str));
  }
  return new Set(values.filter((v): v is string => v !== undefined));
}

function optionHtml(option: Json, selected: Set<string>, dir: Directory): string {
  const value = str(option.value) ?? "";
  return `<option${attrs({ value, selected: selected.has(value) })}>${oneLine(option.text, dir)}</option>`;
}

/** Options of a static select, or for user and channel selects the initially chosen ones. */
function selectOptions(el: Json, selected: Set<string>, dir: Directory): string {
  const type = str(el.type) ?? "";
  if (/users_select$/.test(type) || /(conversations|channels)_select$/.test(type)) {
    const name = (id: string) => (type.includes("users") ? dir.userName(id) : dir.channelName(id)) ?? id;
    return [...selected].map((id) => optionHtml({ value: id, text: name(id) }, selected, dir)).join("");
  }
  const groups = objects(el.option_groups);
  if (groups.length === 0)
    return objects(el.options)
      .map((o) => optionHtml(o, selected, dir))
      .join("");
  return groups
    .map((group) => {
      const options = objects(group.options).map((o) => optionHtml(o, selected, dir));
      return `<optgroup${attrs({ label: rawText(group.label) ?? "" })}>${options.join("")}</optgroup>`;
    })
    .join("");
}

function select(el: Json, type: string, target: Target, dir: Directory): string {
  const multiple = type.startsWith("multi_");
  const selected = selectedValues(el);
  const placeholder = multiple
    ? ""
    : `<option${attrs({ value: "", selected: selected.size === 0 })}>${oneLine(el.placeholder ?? "Choose…", dir)}</option>`;
  const attributes = attrs({
    class: "bk-select",
    ...(target.form ? { id: target.form.id } : {}),
    ...baseAttrs(type, target),
    multiple,
    ...confirmAttr(el, target),
  });
  return `<select${attributes}>${placeholder}${selectOptions(el, selected, dir)}</select>`;
}

function dateOrTime(el: Json, type: "datepicker" | "timepicker", target: Target): string {
  const attributes = attrs({
    type: type === "datepicker" ? "date" : "time",
    class: `bk-${type}`,
    ...(target.form ? { id: target.form.id } : {}),
    ...baseAttrs(type, target),
    value: str(type === "datepicker" ? el.initial_date : el.initial_time),
    ...confirmAttr(el, target),
  });
  return `<input${attributes}>`;
}

/** Checkboxes or radio buttons: one input per option, each carrying the element's attributes. */
function choices(el: Json, type: "checkboxes" | "radio_buttons", target: Target, dir: Directory): string {
  const selected = selectedValues(el);
  const base = baseAttrs(type, target);
  if (type === "checkboxes") base.required = undefined;
  const items = objects(el.options).map((option) => {
    const value = str(option.value) ?? "";
    const input = attrs({
      type: type === "checkboxes" ? "checkbox" : "radio",
      ...base,
      value,
      checked: selected.has(value),
      ...confirmAttr(el, target),
    });
    const description =
      option.description === undefined
        ? ""
        : `<span class="bk-choice-description">${text(option.description, dir)}</span>`;
    return `<label class="bk-choice"><input${input}><span class="bk-choice-text">${text(option.text, dir)}${description}</span></label>`;
  });
  return `<div class="bk-choices" role="${type === "checkboxes" ? "group" : "radiogroup"}">${items.join("")}</div>`;
}

function imageElement(el: Json, className: string): string {
  const src = httpUrl(el.image_url);
  const alt = str(el.alt_text) ?? "";
  if (src === undefined) return `<span class="bk-image-missing">${escapeHtml(alt || "image")}</span>`;
  return `<img${attrs({ class: className, src, alt })}>`;
}

/** An interactive element of an actions block or a section accessory. */
function element(el: Json, blockId: string, index: number, dir: Directory): string {
  const type = str(el.type) ?? "unknown";
  const target: Target = { blockId, actionId: str(el.action_id) ?? `a${index}` };
  switch (type) {
    case "button":
      return button(el, target, dir);
    case "overflow":
      return overflow(el, target, dir);
    case "image":
      return imageElement(el, "bk-image-element");
    default:
      return pickerOrChoice(el, type, target, dir);
  }
}

/** The elements that work both in messages and in modal inputs: dates, times, choices and selects. */
function pickerOrChoice(el: Json, type: string, target: Target, dir: Directory): string {
  switch (type) {
    case "datepicker":
    case "timepicker":
      return dateOrTime(el, type, target);
    case "checkboxes":
    case "radio_buttons":
      return choices(el, type, target, dir);
    default:
      return /_select$/.test(type) ? select(el, type, target, dir) : unsupported("element", type);
  }
}

function textInput(el: Json, target: Target): string {
  const common: Attrs = {
    ...(target.form ? { id: target.form.id } : {}),
    ...baseAttrs("plain_text_input", target),
    placeholder: rawText(el.placeholder),
    minlength: finite(el.min_length),
    maxlength: finite(el.max_length),
  };
  const initial = str(el.initial_value);
  if (el.multiline === true) {
    const body = escapeHtml(initial ?? "");
    return `<textarea${attrs({ class: "bk-textarea", rows: 4, ...common })}>${body.startsWith("\n") ? "\n" : ""}${body}</textarea>`;
  }
  return `<input${attrs({ type: "text", class: "bk-textinput", ...common, value: initial })}>`;
}

function typedInput(el: Json, type: string, target: Target): string {
  const inputType = type === "number_input" ? "number" : type === "email_text_input" ? "email" : "url";
  const number =
    type === "number_input"
      ? { step: el.is_decimal_allowed === true ? "any" : "1", min: numeric(el.min_value), max: numeric(el.max_value) }
      : {};
  const attributes = attrs({
    type: inputType,
    class: "bk-textinput",
    ...(target.form ? { id: target.form.id } : {}),
    ...baseAttrs(type, target),
    placeholder: rawText(el.placeholder),
    ...number,
    value: type === "number_input" ? numeric(el.initial_value) : str(el.initial_value),
  });
  return `<input${attributes}>`;
}

/** The form control of an input block. */
function control(el: Json, target: Target, dir: Directory): string {
  const type = str(el.type) ?? "unknown";
  switch (type) {
    case "plain_text_input":
      return textInput(el, target);
    case "number_input":
    case "email_text_input":
    case "url_text_input":
      return typedInput(el, type, target);
    default:
      return pickerOrChoice(el, type, target, dir);
  }
}

type BlockRenderer = (block: Json, blockId: string, ctx: RenderContext) => string;

function section(block: Json, blockId: string, ctx: RenderContext): string {
  const parts: string[] = [];
  if (block.text !== undefined) parts.push(`<div class="bk-section-text">${text(block.text, ctx.dir)}</div>`);
  const fields = list(block.fields).map((field) => `<div class="bk-field">${text(field, ctx.dir)}</div>`);
  if (fields.length > 0) parts.push(`<div class="bk-fields">${fields.join("")}</div>`);
  const main = `<div class="bk-section-main">${parts.join("")}</div>`;
  if (!isObject(block.accessory)) return main;
  return `${main}<div class="bk-accessory">${element(block.accessory, blockId, 0, ctx.dir)}</div>`;
}

const header: BlockRenderer = (block, _id, ctx) => `<h3 class="bk-header">${text(block.text, ctx.dir)}</h3>`;

const divider: BlockRenderer = () => `<hr class="bk-divider">`;

function contextBlock(block: Json, _id: string, ctx: RenderContext): string {
  return objects(block.elements)
    .map((el) =>
      el.type === "image"
        ? imageElement(el, "bk-context-image")
        : `<span class="bk-context-text">${text(el, ctx.dir)}</span>`,
    )
    .join("");
}

function actions(block: Json, blockId: string, ctx: RenderContext): string {
  return objects(block.elements)
    .map((el, index) => element(el, blockId, index, ctx.dir))
    .join("");
}

function image(block: Json, _id: string, ctx: RenderContext): string {
  const title = block.title === undefined ? "" : `<div class="bk-image-title">${text(block.title, ctx.dir)}</div>`;
  return `${title}${imageElement(block, "bk-image")}`;
}

function input(block: Json, blockId: string, ctx: RenderContext): string {
  const el = isObject(block.element) ? block.element : {};
  const optional = block.optional === true;
  const error = ctx.errors !== undefined && Object.hasOwn(ctx.errors, blockId) ? ctx.errors[blockId] : undefined;
  const hasError = typeof error === "string";
  const actionId = str(el.action_id) ?? "a0";
  const id = `bk-${blockId}-${actionId}`.replace(/[^A-Za-z0-9_-]/g, "_");
  const grouped = el.type === "checkboxes" || el.type === "radio_buttons";
  const target: Target = { blockId, actionId, form: { id, required: !optional, invalid: hasError } };
  const optionalMark = optional ? `<span class="bk-optional"> (optional)</span>` : "";
  return [
    `<label${attrs({ class: "bk-label", for: grouped ? undefined : id })}>${text(block.label, ctx.dir)}${optionalMark}</label>`,
    control(el, target, ctx.dir),
    block.hint === undefined ? "" : `<div class="bk-hint">${text(block.hint, ctx.dir)}</div>`,
    hasError ? `<div class="bk-error" role="alert">${escapeHtml(error)}</div>` : "",
  ].join("");
}

const SAFE_ID = /^[A-Z0-9]+$/i;
const slackEscape = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function richStyled(html: string, style: unknown): string {
  if (!isObject(style)) return html;
  let out = html;
  if (style.code === true) out = `<code class="bk-code">${out}</code>`;
  if (style.strike === true) out = `<del>${out}</del>`;
  if (style.italic === true) out = `<em>${out}</em>`;
  if (style.bold === true) out = `<strong>${out}</strong>`;
  return out;
}

function emojiFromCodes(hex: string): string | undefined {
  const points = hex.split("-").map((h) => Number.parseInt(h, 16));
  return points.every((p) => Number.isInteger(p) && p > 0 && p <= 0x10ffff)
    ? String.fromCodePoint(...points)
    : undefined;
}

/** One element of a rich text section: styled text, a link, a mention or an emoji. */
function richInline(el: Json, dir: Directory): string {
  const asText = (s: string) => escapeHtml(s).replace(/\n/g, "<br>");
  const id = str(el.user_id) ?? str(el.channel_id) ?? "";
  switch (el.type) {
    case "text":
      return richStyled(asText(str(el.text) ?? ""), el.style);
    case "link": {
      const url = str(el.url) ?? "";
      const label = str(el.text) ?? url;
      const safe = /^(?:https?:\/\/|mailto:)[^\s<>|"]+$/i.test(url);
      return richStyled(safe ? mrkdwn(`<${slackEscape(url)}|${slackEscape(label)}>`, dir) : asText(label), el.style);
    }
    case "user":
      return SAFE_ID.test(id) ? mrkdwn(`<@${id}>`, dir) : "";
    case "channel":
      return SAFE_ID.test(id) ? mrkdwn(`<#${id}>`, dir) : "";
    case "broadcast":
      return `<span class="bk-mention">@${escapeHtml(str(el.range) ?? "here")}</span>`;
    case "emoji": {
      const name = str(el.name) ?? "";
      const emoji = emojiFromCodes(str(el.unicode) ?? "");
      return emoji === undefined ? plainText(`:${name}:`, dir) : escapeHtml(emoji);
    }
    case "date":
      return asText(str(el.fallback) ?? "");
    default:
      return "";
  }
}

const richInlines = (el: Json, dir: Directory): string =>
  objects(el.elements)
    .map((child) => richInline(child, dir))
    .join("");

function richElement(el: Json, dir: Directory): string {
  switch (el.type) {
    case "rich_text_section":
      return `<div class="bk-rich-section">${richInlines(el, dir)}</div>`;
    case "rich_text_quote":
      return `<blockquote class="bk-quote">${richInlines(el, dir)}</blockquote>`;
    case "rich_text_preformatted":
      return `<pre class="bk-pre">${objects(el.elements)
        .map((child) => escapeHtml(str(child.text) ?? str(child.url) ?? ""))
        .join("")}</pre>`;
    case "rich_text_list": {
      const tag = el.style === "ordered" ? "ol" : "ul";
      const items = objects(el.elements).map((item) => `<li>${richInlines(item, dir)}</li>`);
      return `<${tag} class="bk-list">${items.join("")}</${tag}>`;
    }
    default:
      return unsupported("element", str(el.type) ?? "unknown");
  }
}

const richText: BlockRenderer = (block, _id, ctx) =>
  objects(block.elements)
    .map((el) => richElement(el, ctx.dir))
    .join("");

const RENDERERS = new Map<string, BlockRenderer>([
  ["section", section],
  ["header", header],
  ["divider", divider],
  ["context", contextBlock],
  ["actions", actions],
  ["image", image],
  ["input", input],
  ["rich_text", richText],
]);

function unsupportedBlock(type: string, blockId: string | undefined): string {
  const attributes = attrs({ class: "bk-block bk-unsupported", "data-block-id": blockId });
  return `<div${attributes}>[unsupported block: ${escapeHtml(type)}]</div>`;
}

function renderBlock(block: unknown, index: number, ctx: RenderContext): string {
  if (!isObject(block)) return unsupportedBlock(typeof block, undefined);
  const type = str(block.type) ?? "unknown";
  const blockId = str(block.block_id);
  const render = RENDERERS.get(type);
  if (render === undefined) return unsupportedBlock(type, blockId);
  const effectiveId = blockId ?? `b${index}`;
  let inner: string;
  try {
    inner = render(block, effectiveId, ctx);
  } catch {
    return unsupportedBlock(type, blockId);
  }
  const shownId = type === "input" ? effectiveId : blockId;
  return `<div${attrs({ class: `bk-block bk-${type}`, "data-block-id": shownId })}>${inner}</div>`;
}

/** Block Kit blocks as HTML; anything but an array renders as nothing. */
export function renderBlocks(blocks: unknown, ctx: RenderContext): string {
  return list(blocks)
    .map((block, index) => renderBlock(block, index, ctx))
    .join("");
}

/** A message: blocks when present, else its `text` as mrkdwn. */
export function renderMessageBody(message: { text?: string; blocks?: unknown }, ctx: RenderContext): string {
  if (Array.isArray(message.blocks) && message.blocks.length > 0) return renderBlocks(message.blocks, ctx);
  return `<div class="bk-section-text">${mrkdwn(message.text ?? "", ctx.dir)}</div>`;
}

/** A confirmation dialog's texts as HTML, with Slack's defaults for the parts left out. */
export function renderConfirmText(
  confirm: unknown,
  dir: Directory,
): { title: string; text: string; confirm: string; deny: string; style?: string } {
  const c = isObject(confirm) ? confirm : {};
  const or = (value: unknown, fallback: string) => (rawText(value) ? text(value, dir) : plainText(fallback, dir));
  const result: { title: string; text: string; confirm: string; deny: string; style?: string } = {
    title: or(c.title, "Are you sure?"),
    text: or(c.text, ""),
    confirm: or(c.confirm, "Yes"),
    deny: or(c.deny, "Cancel"),
  };
  if (c.style === "primary" || c.style === "danger") result.style = c.style;
  return result;
}
