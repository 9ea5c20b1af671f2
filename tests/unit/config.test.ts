import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";

describe("the environment", () => {
  it("defaults to SQLite in ./data, the default policy file and port 3000", () => {
    expect(loadConfig({})).toMatchObject({
      DATABASE_URL: "file:./data/keyholder.db",
      POLICY_FILE: "./keyholder.policy.json",
      PORT: 3000,
      LOG_LEVEL: "info",
    });
  });

  it("treats an empty variable as unset", () => {
    const config = loadConfig({ DATABASE_URL: "", SLACK_BOT_TOKEN: "  ", PORT: "" });
    expect(config.DATABASE_URL).toBe("file:./data/keyholder.db");
    expect(config.SLACK_BOT_TOKEN).toBeUndefined();
    expect(config.PORT).toBe(3000);
  });

  it("stops naming each wrong variable and the right form", () => {
    let message = "";
    try {
      loadConfig({ DATABASE_URL: "mysql://db", PORT: "eighty", SLACK_BOT_TOKEN: "xoxp-123", LOG_LEVEL: "chatty" });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    expect(message).toMatch(/DATABASE_URL: must be file:<path> \(SQLite\) or postgresql:/);
    expect(message).toContain("PORT:");
    expect(message).toContain("SLACK_BOT_TOKEN: must be a bot token starting with xoxb-");
    expect(message).toContain("LOG_LEVEL:");
    expect(message).not.toContain("xoxp-123");
  });

  it("refuses several instances on SQLite, and accepts them on PostgreSQL", () => {
    expect(() => loadConfig({ INSTANCES: "2" })).toThrow(/INSTANCES=2 needs PostgreSQL/);
    expect(loadConfig({ INSTANCES: "3", DATABASE_URL: "postgresql://db/kh" }).INSTANCES).toBe(3);
  });

  it("accepts PostgreSQL URLs", () => {
    expect(loadConfig({ DATABASE_URL: "postgresql://u:p@db:5432/kh" }).DATABASE_URL).toBe(
      "postgresql://u:p@db:5432/kh",
    );
  });
});
