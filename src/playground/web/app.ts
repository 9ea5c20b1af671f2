import type { Channel, Json, Message, Person, WorkspaceSnapshot as Snapshot, SubmittedValue } from "./protocol.js";
import { renderBlocks, renderConfirmText, renderMessageBody } from "./render/blocks.js";
import { type Directory, escapeHtml, plainText } from "./render/mrkdwn.js";

/**
 * The playground page: shows the workspace the server keeps (channels, messages,
 * threads, modals, App Home) as the person picked in the switcher sees it, and turns
 * what that person does into requests the server signs and sends to the app.
 */

interface Outcome {
  ok: boolean;
  status: number;
  error?: string;
}

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from the page`);
  return element as T;
};

const state: {
  snapshot: Snapshot | null;
  userId: string;
  channelId: string;
  tab: "home" | "messages";
  threadTs: string | null;
  highlightTs: string | null;
  renderedModalKey: string;
} = {
  snapshot: null,
  userId: localStorage.getItem("keyholder.playground.user") ?? "",
  channelId: "",
  tab: "messages",
  threadTs: null,
  highlightTs: null,
  renderedModalKey: "",
};

/** The newest message each person has seen in each channel (`user:channel` → ts), to show what is new in bold. */
const lastSeen = new Map<string, number>();

const directory: Directory = {
  userName: (id) => state.snapshot?.people.find((p) => p.id === id)?.name,
  channelName: (id) => state.snapshot?.channels.find((c) => c.id === id)?.name,
};

// ---------------------------------------------------------------- server calls

async function send(path: string, body: unknown): Promise<Outcome> {
  try {
    const response = await fetch(path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const outcome = (await response.json()) as Outcome;
    if (!outcome.ok && response.status >= 400) toast(outcome.error ?? `HTTP ${response.status}`);
    return outcome;
  } catch (error) {
    toast(`The playground server is not answering (${String(error)}). Is npm start still running?`);
    return { ok: false, status: 0, error: "network" };
  }
}

function toast(text: string): void {
  const item = document.createElement("div");
  item.className = "pg-toast";
  item.textContent = text;
  $("toasts").append(item);
  setTimeout(() => item.remove(), 6_000);
}

let refreshing = false;
let refreshAgain = false;
async function refresh(): Promise<void> {
  if (refreshing) {
    refreshAgain = true;
    return;
  }
  refreshing = true;
  try {
    const response = await fetch("/playground/state", { cache: "no-store" });
    state.snapshot = (await response.json()) as Snapshot;
    render();
  } catch (error) {
    toast(`Could not load the workspace: ${String(error)}`);
  } finally {
    refreshing = false;
    if (refreshAgain) {
      refreshAgain = false;
      void refresh();
    }
  }
}

// ---------------------------------------------------------------- routing

function readHash(): void {
  let hash = "";
  try {
    hash = decodeURIComponent(location.hash.slice(1));
  } catch {
    // A hash that is not valid percent-encoding names nothing; stay where we are.
  }
  const [channelId, ts] = hash.split("/");
  if (channelId) state.channelId = channelId;
  state.highlightTs = ts ?? null;
  if (ts && state.snapshot) {
    const target = state.snapshot.messages.find((m) => m.channel === channelId && m.ts === ts);
    state.threadTs = target?.threadTs ?? (hasReplies(target) ? (target?.ts ?? null) : null);
  }
}

function hasReplies(message: Message | undefined): boolean {
  return Boolean(
    message && state.snapshot?.messages.some((m) => m.threadTs === message.ts && m.channel === message.channel),
  );
}

function dmOf(userId: string): Channel | undefined {
  return state.snapshot?.channels.find((c) => c.kind === "dm" && c.userId === userId);
}

function go(channelId: string, tab: "home" | "messages" = "messages"): void {
  state.channelId = channelId;
  state.tab = tab;
  state.threadTs = null;
  state.highlightTs = null;
  history.replaceState(null, "", `#${channelId}`);
  render();
  if (tab === "home") void send("/playground/home", { userId: state.userId });
}

// ---------------------------------------------------------------- rendering

const visible = (m: Message) => !m.ephemeralTo || m.ephemeralTo === state.userId;

function time(ts: string): string {
  return new Date(Number(ts) * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .map((w) => w[0] ?? "")
    .join("")
    .slice(0, 2)
    .toUpperCase();
}

function messageHtml(message: Message, inThread: boolean): string {
  const snapshot = state.snapshot as Snapshot;
  const isBot = message.author === snapshot.bot.userId;
  const isSlackbot = message.author === "USLACKBOT";
  const name = isBot ? "keyholder" : isSlackbot ? "Slackbot" : (directory.userName(message.author) ?? message.author);
  const replies = inThread
    ? []
    : snapshot.messages.filter((m) => m.channel === message.channel && m.threadTs === message.ts && visible(m));
  const classes = ["pg-message"];
  if (message.ephemeralTo) classes.push("pg-message--ephemeral");
  if (state.highlightTs === message.ts) classes.push("pg-message--highlight");
  const body = renderMessageBody(message, { dir: directory, surface: "message" });
  return `<article class="${classes.join(" ")}" data-channel-id="${escapeHtml(message.channel)}" data-message-ts="${escapeHtml(message.ts)}"${message.ephemeralTo ? ' data-ephemeral="true"' : ""}>
    <div class="pg-avatar${isBot ? " pg-avatar--app" : ""}" aria-hidden="true">${isBot ? "🔑" : escapeHtml(initials(name))}</div>
    <div class="pg-message-main">
      <div class="pg-message-meta">
        <span class="pg-author">${escapeHtml(name)}</span>${isBot ? '<span class="pg-badge">APP</span>' : ""}
        <time class="pg-time">${time(message.ts)}</time>${message.edited ? '<span class="pg-edited">(edited)</span>' : ""}
      </div>
      <div class="pg-message-body">${body}</div>
      ${
        message.ephemeralTo
          ? `<div class="pg-ephemeral-note">👁 Only visible to you · <button type="button" class="pg-link" data-dismiss>Dismiss</button></div>`
          : ""
      }
      ${
        replies.length > 0
          ? `<button type="button" class="pg-replies" data-open-thread="${escapeHtml(message.ts)}">${replies.length} ${replies.length === 1 ? "reply" : "replies"}</button>`
          : ""
      }
    </div>
  </article>`;
}

function renderSidebar(snapshot: Snapshot): void {
  const switcher = $<HTMLSelectElement>("user-switcher");
  const people = snapshot.people.filter((p) => p.role !== "app");
  const group = (role: Person["role"], label: string) => {
    const members = people.filter((p) => p.role === role);
    if (members.length === 0) return "";
    const options = members
      .map((p) => `<option value="${escapeHtml(p.id)}">${escapeHtml(p.name)} (${role})</option>`)
      .join("");
    return `<optgroup label="${label}">${options}</optgroup>`;
  };
  const options = group("recruiter", "Recruiters") + group("manager", "Managers");
  if (switcher.dataset.options !== options) {
    switcher.innerHTML = options;
    switcher.dataset.options = options;
  }
  switcher.value = state.userId;

  const unread = (channelId: string) => {
    const seen = lastSeen.get(`${state.userId}:${channelId}`) ?? 0;
    return snapshot.messages.some(
      (m) => m.channel === channelId && visible(m) && m.author !== state.userId && Number(m.ts) > seen,
    );
  };
  const link = (channel: Channel, label: string) =>
    `<li><a href="#${escapeHtml(channel.id)}" data-channel="${escapeHtml(channel.id)}" class="pg-nav-link${
      channel.id === state.channelId ? " pg-nav-link--active" : ""
    }${unread(channel.id) ? " pg-nav-link--unread" : ""}">${label}</a></li>`;
  $("channel-list").innerHTML = snapshot.channels
    .filter((c) => c.kind === "channel")
    .map((c) => link(c, `# ${escapeHtml(c.name)}`))
    .join("");
  const dm = dmOf(state.userId);
  $("app-list").innerHTML = dm ? link(dm, "🔑 keyholder") : "";
}

function renderChannel(snapshot: Snapshot): void {
  const channel = snapshot.channels.find((c) => c.id === state.channelId);
  if (!channel) return;
  const isDm = channel.kind === "dm";
  $("channel-title").textContent = isDm ? "keyholder" : `# ${channel.name}`;
  $("channel-purpose").textContent = isDm
    ? "The app's Home tab and your direct messages with it"
    : (channel.purpose ?? "");
  $("tabs").hidden = !isDm;
  const showHome = isDm && state.tab === "home";
  for (const tab of document.querySelectorAll<HTMLButtonElement>("[data-tab]")) {
    tab.setAttribute("aria-selected", String(tab.dataset.tab === (showHome ? "home" : "messages")));
  }
  $("home").hidden = !showHome;
  $("messages").hidden = showHome;
  $("composer-form").hidden = showHome;
  $<HTMLTextAreaElement>("composer").placeholder = isDm ? "Message keyholder" : `Message #${channel.name}`;

  if (showHome) {
    const home = snapshot.homes[state.userId];
    const key = home ? `${home.id}:${home.hash}` : "none";
    const element = $("home");
    if (element.dataset.key !== key) {
      element.dataset.key = key;
      element.dataset.viewId = home?.id ?? "";
      element.innerHTML = home
        ? renderBlocks(home.view.blocks, { dir: directory, surface: "home" })
        : '<p class="pg-empty">Opening the Home tab…</p>';
    }
    return;
  }

  const newest = Math.max(0, ...snapshot.messages.filter((m) => m.channel === channel.id).map((m) => Number(m.ts)));
  lastSeen.set(`${state.userId}:${channel.id}`, newest);

  const list = $("messages");
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  const messages = snapshot.messages.filter((m) => m.channel === channel.id && !m.threadTs && visible(m));
  const html =
    messages.length === 0
      ? `<p class="pg-empty">No messages yet. Type <code>/keyaccount help</code> below.</p>`
      : messages.map((m) => messageHtml(m, false)).join("");
  if (list.dataset.html !== html) {
    list.innerHTML = html;
    list.dataset.html = html;
    if (atBottom || state.highlightTs) list.scrollTop = list.scrollHeight;
    if (state.highlightTs) list.querySelector(".pg-message--highlight")?.scrollIntoView({ block: "center" });
  }
}

function renderThread(snapshot: Snapshot): void {
  const pane = $("thread");
  const root = state.threadTs
    ? snapshot.messages.find((m) => m.channel === state.channelId && m.ts === state.threadTs)
    : undefined;
  pane.hidden = !root;
  if (!root) return;
  const replies = snapshot.messages.filter((m) => m.channel === root.channel && m.threadTs === root.ts && visible(m));
  const html = [
    messageHtml(root, true),
    `<div class="pg-thread-count">${replies.length} ${replies.length === 1 ? "reply" : "replies"}</div>`,
    ...replies.map((m) => messageHtml(m, true)),
  ].join("");
  const list = $("thread-messages");
  if (list.dataset.html !== html) {
    list.innerHTML = html;
    list.dataset.html = html;
    list.scrollTop = list.scrollHeight;
  }
}

/** Values typed into the open modal, kept across re-renders (an error shown, another person's change). */
function modalValues(): Map<string, string | string[]> {
  const values = new Map<string, string | string[]>();
  for (const control of document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(
    "#modal-layer [name]",
  )) {
    if (control instanceof HTMLSelectElement && control.multiple) {
      values.set(
        control.name,
        [...control.selectedOptions].map((o) => o.value),
      );
    } else if (control instanceof HTMLInputElement && (control.type === "checkbox" || control.type === "radio")) {
      if (control.checked) values.set(`${control.name}=${control.value}`, "checked");
    } else values.set(control.name, control.value);
  }
  return values;
}

function restoreModalValues(values: Map<string, string | string[]>): void {
  for (const control of document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(
    "#modal-layer [name]",
  )) {
    if (control instanceof HTMLInputElement && (control.type === "checkbox" || control.type === "radio")) {
      control.checked = values.has(`${control.name}=${control.value}`);
      continue;
    }
    const value = values.get(control.name);
    if (value === undefined) continue;
    if (control instanceof HTMLSelectElement && Array.isArray(value)) {
      for (const option of control.options) option.selected = value.includes(option.value);
    } else if (typeof value === "string") control.value = value;
  }
}

/** The text of a plain_text object such as a modal's title. */
function textOf(value: Json | undefined): string | undefined {
  return value && typeof value === "object" && !Array.isArray(value) && typeof value.text === "string"
    ? value.text
    : undefined;
}

function renderModal(snapshot: Snapshot): void {
  const layer = $("modal-layer");
  const stack = snapshot.modals[state.userId] ?? [];
  const view = stack[stack.length - 1];
  const key = view ? `${state.userId}:${view.id}:${view.hash}:${JSON.stringify(view.errors ?? {})}` : "none";
  if (key === state.renderedModalKey) return;
  const sameView = view && state.renderedModalKey.startsWith(`${state.userId}:${view.id}:${view.hash}:`);
  const kept = sameView ? modalValues() : new Map<string, string | string[]>();
  state.renderedModalKey = key;
  layer.hidden = !view;
  if (!view) {
    layer.innerHTML = "";
    return;
  }
  const title = textOf(view.view.title) ?? "keyholder";
  const submit = textOf(view.view.submit);
  layer.innerHTML = `<form class="pg-modal" role="dialog" aria-modal="true" aria-labelledby="modal-title" data-view-id="${escapeHtml(view.id)}" novalidate>
    <header class="pg-modal-header">
      <h2 id="modal-title">${plainText(title)}</h2>
      <button type="button" class="pg-icon-button" data-modal-close aria-label="Close">×</button>
    </header>
    <div class="pg-modal-body">${renderBlocks(view.view.blocks, { dir: directory, surface: "modal", errors: view.errors ?? {} })}</div>
    <footer class="pg-modal-footer">
      <button type="button" class="bk-button bk-button--default" data-modal-close>${plainText(textOf(view.view.close) ?? "Cancel")}</button>
      ${submit ? `<button type="submit" class="bk-button bk-button--primary pg-modal-submit">${plainText(submit)}</button>` : ""}
    </footer>
  </form>`;
  restoreModalValues(kept);
  if (!sameView) layer.querySelector<HTMLElement>("textarea, input, select")?.focus();
}

function renderCalls(snapshot: Snapshot): void {
  $("api-calls").innerHTML = [...snapshot.calls]
    .reverse()
    .map(
      (c) =>
        `<li class="pg-call${c.ok ? "" : " pg-call--failed"}"><code>${escapeHtml(c.method)}</code> ${
          c.ok ? "ok" : `<strong>${escapeHtml(c.error ?? "failed")}</strong>`
        }<span class="pg-call-summary">${escapeHtml(c.summary)}</span></li>`,
    )
    .join("");
}

function render(): void {
  const snapshot = state.snapshot;
  if (!snapshot) return;
  const people = snapshot.people.filter((p) => p.role !== "app");
  if (!people.some((p) => p.id === state.userId)) state.userId = people[0]?.id ?? "";
  if (!snapshot.channels.some((c) => c.id === state.channelId)) {
    state.channelId = snapshot.channels.find((c) => c.kind === "channel")?.id ?? "";
  }
  const channel = snapshot.channels.find((c) => c.id === state.channelId);
  if (channel?.kind === "dm" && channel.userId !== state.userId) state.channelId = dmOf(state.userId)?.id ?? "";
  renderChannel(snapshot);
  renderSidebar(snapshot);
  renderThread(snapshot);
  renderModal(snapshot);
  renderCalls(snapshot);
  document.body.dataset.version = String(snapshot.version);
}

// ---------------------------------------------------------------- what the person does

async function submitText(text: string, threadTs?: string): Promise<void> {
  await send("/playground/command", {
    userId: state.userId,
    channelId: state.channelId,
    text,
    ...(threadTs ? { threadTs } : {}),
  });
}

function confirmFirst(confirm: string | undefined): Promise<boolean> {
  if (!confirm) return Promise.resolve(true);
  const text = renderConfirmText(JSON.parse(confirm), directory);
  const layer = $("confirm-layer");
  layer.innerHTML = `<div class="pg-modal pg-confirm" role="alertdialog" aria-modal="true" aria-labelledby="confirm-title">
    <header class="pg-modal-header"><h2 id="confirm-title">${text.title}</h2></header>
    <div class="pg-modal-body">${text.text}</div>
    <footer class="pg-modal-footer">
      <button type="button" class="bk-button bk-button--default" data-answer="no">${text.deny}</button>
      <button type="button" class="bk-button ${text.style === "danger" ? "bk-button--danger" : "bk-button--primary"}" data-answer="yes">${text.confirm}</button>
    </footer>
  </div>`;
  layer.hidden = false;
  return new Promise((resolve) => {
    layer.onclick = (event) => {
      const answer = (event.target as HTMLElement).closest<HTMLElement>("[data-answer]")?.dataset.answer;
      if (!answer) return;
      layer.hidden = true;
      layer.innerHTML = "";
      resolve(answer === "yes");
    };
  });
}

function formValues(root: ParentNode): SubmittedValue[] {
  const values = new Map<string, SubmittedValue>();
  for (const control of root.querySelectorAll<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(
    "[data-element-type]",
  )) {
    const blockId = control.dataset.blockId ?? "";
    const actionId = control.dataset.actionId ?? "";
    const type = control.dataset.elementType ?? "";
    const key = `${blockId}/${actionId}`;
    const entry = values.get(key) ?? { blockId, actionId, type };
    if (control instanceof HTMLSelectElement && control.multiple) {
      entry.values = [...control.selectedOptions].map((o) => o.value);
    } else if (control instanceof HTMLInputElement && control.type === "checkbox") {
      entry.values = [...(entry.values ?? []), ...(control.checked ? [control.value] : [])];
    } else if (control instanceof HTMLInputElement && control.type === "radio") {
      if (control.checked) entry.value = control.value;
    } else entry.value = control.value === "" ? null : control.value;
    values.set(key, entry);
  }
  return [...values.values()];
}

/** Slack checks required inputs and lengths in the client before it sends a submission. */
function checkRequired(form: HTMLFormElement): boolean {
  let ok = true;
  for (const block of form.querySelectorAll<HTMLElement>(".bk-input")) {
    block.querySelector(".pg-client-error")?.remove();
    const control = block.querySelector<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(
      "[data-element-type]",
    );
    if (!control) continue;
    const value = control.value.trim();
    let problem = "";
    if (control.required && value === "") problem = "Please complete this required field.";
    const min = control instanceof HTMLSelectElement ? -1 : control.minLength;
    if (!problem && value !== "" && min > 0 && value.length < min) {
      problem = `Please enter at least ${min} characters.`;
    }
    if (problem) {
      ok = false;
      const note = document.createElement("div");
      note.className = "bk-error pg-client-error";
      note.setAttribute("role", "alert");
      note.textContent = problem;
      block.append(note);
    }
  }
  return ok;
}

async function interact(element: HTMLElement, value: string | undefined): Promise<void> {
  if (!(await confirmFirst(element.dataset.confirm))) return;
  if (element.dataset.url) window.open(element.dataset.url, "_blank", "noopener");
  const message = element.closest<HTMLElement>("[data-message-ts]");
  const view = element.closest<HTMLElement>("[data-view-id]");
  const form = element.closest("form");
  await send("/playground/action", {
    userId: state.userId,
    blockId: element.dataset.blockId ?? "",
    actionId: element.dataset.actionId ?? "",
    type: element.dataset.interactive ?? "button",
    ...(value !== undefined ? { value } : {}),
    ...(message ? { channelId: message.dataset.channelId, messageTs: message.dataset.messageTs } : {}),
    ...(view?.dataset.viewId ? { viewId: view.dataset.viewId } : {}),
    ...(form ? { values: formValues(form) } : {}),
  });
}

function wire(): void {
  $<HTMLSelectElement>("user-switcher").addEventListener("change", (event) => {
    state.userId = (event.target as HTMLSelectElement).value;
    localStorage.setItem("keyholder.playground.user", state.userId);
    state.renderedModalKey = "";
    $("home").dataset.key = "";
    render();
    if (state.tab === "home") void send("/playground/home", { userId: state.userId });
  });

  const composerKeys = (textarea: HTMLTextAreaElement, submit: () => void) => {
    textarea.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey) {
        event.preventDefault();
        submit();
      }
    });
  };
  const composer = $<HTMLTextAreaElement>("composer");
  const sendComposer = () => {
    const text = composer.value.trim();
    if (!text) return;
    composer.value = "";
    void submitText(text);
  };
  composerKeys(composer, sendComposer);
  $("composer-form").addEventListener("submit", (event) => {
    event.preventDefault();
    sendComposer();
  });
  const threadComposer = $<HTMLTextAreaElement>("thread-composer");
  const sendReply = () => {
    const text = threadComposer.value.trim();
    if (!text || !state.threadTs) return;
    threadComposer.value = "";
    void submitText(text, state.threadTs);
  };
  composerKeys(threadComposer, sendReply);
  $("thread-form").addEventListener("submit", (event) => {
    event.preventDefault();
    sendReply();
  });
  $("thread-close").addEventListener("click", () => {
    state.threadTs = null;
    render();
  });
  const toggleLog = () => {
    const log = $("api-log");
    log.hidden = !log.hidden;
    $("api-log-toggle").setAttribute("aria-expanded", String(!log.hidden));
  };
  $("api-log-toggle").addEventListener("click", toggleLog);
  $("run-reminder").addEventListener("click", () => {
    void send("/playground/reminder", { userId: state.userId }).then((outcome) => {
      const said = (outcome as Outcome & { message?: string }).message;
      if (said) toast(`${said}.`);
      const review = state.snapshot?.channels.find((c) => c.name === "key-account-review");
      if (outcome.ok && review) go(review.id);
    });
  });
  $("api-log-close").addEventListener("click", toggleLog);
  for (const tab of document.querySelectorAll<HTMLButtonElement>("[data-tab]")) {
    tab.addEventListener("click", () => go(state.channelId, tab.dataset.tab === "home" ? "home" : "messages"));
  }

  document.addEventListener("click", (event) => {
    const target = event.target as HTMLElement;
    const channelLink = target.closest<HTMLAnchorElement>("a[data-channel]");
    if (channelLink) {
      event.preventDefault();
      const channelId = channelLink.dataset.channel ?? "";
      const isDm = state.snapshot?.channels.find((c) => c.id === channelId)?.kind === "dm";
      go(channelId, isDm ? "home" : "messages");
      return;
    }
    const link = target.closest<HTMLAnchorElement>("a[href]");
    const local = link && ["localhost", "127.0.0.1"].includes(link.hostname) && link.port === location.port;
    if (link && local && link.hash) {
      event.preventDefault();
      state.tab = "messages";
      history.replaceState(null, "", link.hash);
      readHash();
      render();
      return;
    }
    const thread = target.closest<HTMLElement>("[data-open-thread]");
    if (thread) {
      state.threadTs = thread.dataset.openThread ?? null;
      render();
      return;
    }
    if (target.closest("[data-dismiss]")) {
      const message = target.closest<HTMLElement>("[data-message-ts]");
      if (message) {
        void send("/playground/dismiss", {
          userId: state.userId,
          channelId: message.dataset.channelId,
          ts: message.dataset.messageTs,
        });
      }
      return;
    }
    if (target.closest("[data-modal-close]")) {
      const viewId = target.closest<HTMLElement>("[data-view-id]")?.dataset.viewId;
      if (viewId) void send("/playground/close", { userId: state.userId, viewId });
      return;
    }
    const button = target.closest<HTMLButtonElement>("button[data-interactive]");
    if (button && !button.disabled) {
      button.disabled = true;
      void interact(button, button.dataset.value).finally(() => {
        button.disabled = false;
      });
    }
  });

  document.addEventListener("change", (event) => {
    const control = event.target as HTMLElement;
    if (!(control instanceof HTMLSelectElement || control instanceof HTMLInputElement)) return;
    if (!control.dataset.interactive) return;
    void interact(control, control.value);
  });

  document.addEventListener("submit", (event) => {
    const form = event.target as HTMLFormElement;
    if (!form.classList.contains("pg-modal")) return;
    event.preventDefault();
    if (!checkRequired(form)) return;
    const submit = form.querySelector<HTMLButtonElement>(".pg-modal-submit");
    if (submit) submit.disabled = true;
    void send("/playground/submit", {
      userId: state.userId,
      viewId: form.dataset.viewId,
      values: formValues(form),
    }).then((outcome) => {
      if (submit) submit.disabled = false;
      if (!outcome.ok) toast(`keyholder did not accept the form (${outcome.error ?? "no answer"}).`);
    });
  });

  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || $("modal-layer").hidden) return;
    const viewId = document.querySelector<HTMLElement>("#modal-layer [data-view-id]")?.dataset.viewId;
    if (viewId) void send("/playground/close", { userId: state.userId, viewId });
  });

  window.addEventListener("hashchange", () => {
    readHash();
    render();
  });
}

async function boot(): Promise<void> {
  wire();
  await refresh();
  readHash();
  render();
  const events = new EventSource("/playground/events");
  events.addEventListener("change", () => void refresh());
  document.body.dataset.ready = "true";
}

void boot();
