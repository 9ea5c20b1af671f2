import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const manifest = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../manifests/${name}`, import.meta.url), "utf8"));

describe.each(["http.json", "socket-mode.json"])("the Slack app manifest %s", (name) => {
  const m = manifest(name);

  it("declares the slash commands the app answers, interactivity, App Home and its event", () => {
    expect(m.features.slash_commands.map((c: { command: string }) => c.command)).toEqual(["/keyaccount", "/ka"]);
    expect(m.settings.interactivity.is_enabled).toBe(true);
    expect(m.features.app_home.home_tab_enabled).toBe(true);
    expect(m.settings.event_subscriptions.bot_events).toEqual(["app_home_opened"]);
  });

  it("asks for the smallest scope set: slash commands and posting messages", () => {
    expect(m.oauth_config.scopes.bot).toEqual(["commands", "chat:write"]);
  });
});

describe("the two variants", () => {
  it("HTTP mode sends everything to /slack/events; Socket Mode needs no URL", () => {
    const http = manifest("http.json");
    const socket = manifest("socket-mode.json");
    expect(http.settings.socket_mode_enabled).toBe(false);
    expect(socket.settings.socket_mode_enabled).toBe(true);
    const urls = [
      ...http.features.slash_commands.map((c: { url: string }) => c.url),
      http.settings.interactivity.request_url,
      http.settings.event_subscriptions.request_url,
    ];
    expect(urls.every((u: string) => u.endsWith("/slack/events"))).toBe(true);
    expect(JSON.stringify(socket)).not.toContain("/slack/events");
  });
});
