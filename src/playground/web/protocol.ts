/**
 * What the playground's server and its page share: the workspace as the page reads
 * it from `/playground/state`, and the form values it posts back.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface Person {
  id: string;
  name: string;
  role: "recruiter" | "manager" | "app";
}

export interface Channel {
  id: string;
  name: string;
  kind: "channel" | "dm";
  /** For a direct message with the app: whose it is. */
  userId?: string;
  purpose?: string;
}

export interface Message {
  ts: string;
  channel: string;
  /** Who wrote it: the app's bot user, or a person. */
  author: string;
  text: string;
  blocks?: Json[];
  threadTs?: string;
  /** Set on an ephemeral message: the only person who sees it. */
  ephemeralTo?: string;
  edited?: boolean;
}

export interface View {
  id: string;
  userId: string;
  hash: string;
  /** Errors returned by the app for the last submission, by block id. */
  errors?: Record<string, string>;
  view: { [key: string]: Json };
}

export interface ApiCall {
  seq: number;
  at: string;
  method: string;
  ok: boolean;
  error?: string;
  summary: string;
}

export interface WorkspaceSnapshot {
  version: number;
  team: { id: string; name: string };
  bot: { userId: string; name: string };
  people: Person[];
  channels: Channel[];
  messages: Message[];
  modals: Record<string, View[]>;
  homes: Record<string, View>;
  calls: ApiCall[];
}

/** One form control's value as the page reports it. */
export interface SubmittedValue {
  blockId: string;
  actionId: string;
  type: string;
  value?: string | null;
  values?: string[];
}
