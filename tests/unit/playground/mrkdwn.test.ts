import { describe, expect, it } from "vitest";
import { type Directory, escapeHtml, mrkdwn, plainText } from "../../../src/playground/web/render/mrkdwn.js";

const USERS: Record<string, string> = { U0DEMOREC1: "Maya Okafor", U0MANAGER: "Sam <Lead> & Co" };
const CHANNELS: Record<string, string> = { C0APPROVALS: "key-account-approvals" };

const dir: Directory = {
  userName: (id) => USERS[id],
  channelName: (id) => CHANNELS[id],
};

const md = (text: string): string => mrkdwn(text, dir);
const LINK_ATTRS = 'target="_blank" rel="noopener noreferrer"';

describe("escapeHtml", () => {
  it("escapes the five HTML-significant characters", () => {
    expect(escapeHtml(`<a href="x">Tom & Jerry's</a>`)).toBe(
      "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;",
    );
  });
});

describe("plainText", () => {
  it("escapes, replaces known emoji shortcodes and keeps line breaks", () => {
    expect(plainText("Done :white_check_mark: <b>\nnext :unknown_thing:")).toBe(
      "Done ✅ &lt;b&gt;<br>next :unknown_thing:",
    );
  });

  it("does not format mrkdwn markers", () => {
    expect(plainText("*not bold* _nor italic_")).toBe("*not bold* _nor italic_");
  });
});

describe("mrkdwn: formatting", () => {
  it("renders bold, italic and strike", () => {
    expect(md("*bold* _italic_ ~gone~")).toBe("<strong>bold</strong> <em>italic</em> <del>gone</del>");
  });

  it("nests bold and italic", () => {
    expect(md("*_bold italic_*")).toBe("<strong><em>bold italic</em></strong>");
    expect(md("_see *this* now_")).toBe("<em>see <strong>this</strong> now</em>");
  });

  it("bolds a phrase with spaces and formatting next to punctuation", () => {
    expect(md("*a b*")).toBe("<strong>a b</strong>");
    expect(md("Score *42*/100 (*ok*).")).toBe("Score <strong>42</strong>/100 (<strong>ok</strong>).");
  });

  it("leaves markers inside words and around spaces literal", () => {
    expect(md("snake_case_name")).toBe("snake_case_name");
    expect(md("2*3*4")).toBe("2*3*4");
    expect(md("a * b * c")).toBe("a * b * c");
    expect(md("* not closed")).not.toContain("<strong>");
    expect(md("*unclosed and _half")).toBe("*unclosed and _half");
  });

  it("never produces unbalanced tags for crossed markers", () => {
    const html = md("*a _b* c_");
    expect(html).toBe("<strong>a _b</strong> c_");
  });

  it("does not format inside code spans", () => {
    expect(md("run `*not bold* _x_` now")).toBe('run <code class="bk-code">*not bold* _x_</code> now');
  });

  it("renders a code block across lines without formatting or <br>", () => {
    expect(md("before\n```\nconst *a* = 1;\nx &lt; y\n```\nafter")).toBe(
      'before<pre class="bk-pre">const *a* = 1;\nx &lt; y</pre>after',
    );
  });

  it("turns line breaks into <br>", () => {
    expect(md("one\ntwo\n\nthree")).toBe("one<br>two<br><br>three");
  });

  it("replaces known emoji and leaves unknown shortcodes and times alone", () => {
    expect(md(":white_check_mark: :x: :+1: :no_such_emoji: at 10:30")).toBe("✅ ❌ 👍 :no_such_emoji: at 10:30");
  });

  it("does not treat underscores in emoji names as italics", () => {
    expect(md("_:hourglass_flowing_sand: waiting_")).toBe("<em>⏳ waiting</em>");
  });
});

describe("mrkdwn: escaping and entities", () => {
  it("decodes Slack's three entities once and escapes the result", () => {
    expect(md("A &amp; B &lt;client&gt; &amp;lt;")).toBe("A &amp; B &lt;client&gt; &amp;lt;");
  });

  it("shows escaped markup as text", () => {
    expect(md("&lt;script&gt;alert(1)&lt;/script&gt;")).toBe("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("never lets raw tags through", () => {
    const html = md('<script>alert(1)</script> <img src=x onerror="alert(1)">');
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img");
    expect(html).toBe("&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
  });

  it("escapes quotes and stray brackets", () => {
    expect(md(`"quoted" it's 3 > 2 < 4`)).toBe("&quot;quoted&quot; it&#39;s 3 &gt; 2 &lt; 4");
  });
});

describe("mrkdwn: links and mentions", () => {
  it("renders labelled and bare http(s) links and decodes &amp; in the URL", () => {
    expect(md("<https://example.com/a?x=1&amp;y=2|the thread>")).toBe(
      `<a class="bk-link" href="https://example.com/a?x=1&amp;y=2" ${LINK_ATTRS}>the thread</a>`,
    );
    expect(md("<https://example.com>")).toBe(
      `<a class="bk-link" href="https://example.com" ${LINK_ATTRS}>https://example.com</a>`,
    );
  });

  it("renders mailto links", () => {
    expect(md("<mailto:maya@example.com|Maya>")).toBe(
      `<a class="bk-link" href="mailto:maya@example.com" ${LINK_ATTRS}>Maya</a>`,
    );
  });

  it("shows a javascript: or other non-web link as text, not a link", () => {
    const html = md("<javascript:alert(1)|click me>");
    expect(html).not.toContain("<a");
    expect(html).toBe("&lt;javascript:alert(1)|click me&gt;");
    expect(md("<ftp://x.y|f>")).not.toContain("<a");
  });

  it("escapes a link label", () => {
    expect(md('<https://x.y|&lt;b&gt; "hi">')).toBe(
      `<a class="bk-link" href="https://x.y" ${LINK_ATTRS}>&lt;b&gt; &quot;hi&quot;</a>`,
    );
  });

  it("names users from the directory and falls back to the ID", () => {
    expect(md("<@U0DEMOREC1> and <@U0NOBODY>")).toBe(
      '<span class="bk-mention" data-user-id="U0DEMOREC1">@Maya Okafor</span> and ' +
        '<span class="bk-mention" data-user-id="U0NOBODY">@U0NOBODY</span>',
    );
  });

  it("escapes a name from the directory", () => {
    expect(md("<@U0MANAGER>")).toBe(
      '<span class="bk-mention" data-user-id="U0MANAGER">@Sam &lt;Lead&gt; &amp; Co</span>',
    );
  });

  it("renders channel mentions with the directory's name or the label", () => {
    expect(md("<#C0APPROVALS>")).toContain('class="bk-mention bk-channel"');
    expect(md("<#C0APPROVALS>")).toContain(">#key-account-approvals</span>");
    expect(md("<#C0OTHER|general>")).toContain(">#general</span>");
  });

  it("renders broadcasts and dates", () => {
    expect(md("<!here> <!channel> <!everyone>")).toBe(
      '<span class="bk-mention">@here</span> <span class="bk-mention">@channel</span> <span class="bk-mention">@everyone</span>',
    );
    expect(md("due <!date^1700000000^{date_short}|Nov 14, 2023>")).toBe("due Nov 14, 2023");
  });

  it("formats around mentions", () => {
    expect(md("*Reason given by <@U0DEMOREC1>:*")).toBe(
      '<strong>Reason given by <span class="bk-mention" data-user-id="U0DEMOREC1">@Maya Okafor</span>:</strong>',
    );
  });
});

describe("mrkdwn: quotes and lists", () => {
  it("groups consecutive quoted lines in one blockquote", () => {
    expect(md("Reason:\n> first line\n&gt; second *line*\nafter")).toBe(
      'Reason:<blockquote class="bk-quote">first line<br>second <strong>line</strong></blockquote>after',
    );
  });

  it("keeps an empty quoted line", () => {
    expect(md("> a\n>\n> b")).toBe('<blockquote class="bk-quote">a<br><br>b</blockquote>');
  });

  it("renders bullet lines as a list", () => {
    expect(md("Why:\n• no engagement\n• *low* fees")).toBe(
      'Why:<ul class="bk-list"><li>no engagement</li><li><strong>low</strong> fees</li></ul>',
    );
    expect(md("- a\n* b")).toBe('<ul class="bk-list"><li>a</li><li>b</li></ul>');
  });

  it("renders numbered lines as an ordered list, keeping its start", () => {
    expect(md("1. first\n2. second")).toBe('<ol class="bk-list"><li>first</li><li>second</li></ol>');
    expect(md("3. third")).toBe('<ol class="bk-list" start="3"><li>third</li></ol>');
  });

  it("does not take a bold line for a list item", () => {
    expect(md("*Client:* Acme")).toBe("<strong>Client:</strong> Acme");
  });

  it("renders an empty string as nothing", () => {
    expect(md("")).toBe("");
  });
});

describe("mrkdwn: output is always well formed", () => {
  const ALLOWED = /^<\/?(strong|em|del|code|pre|br|blockquote|ul|ol|li|a|span)\b/;
  const PIECES = [
    "*",
    "_",
    "~",
    "`",
    "```",
    "\n",
    "> ",
    "• ",
    "1. ",
    " ",
    "a",
    "b c",
    "<@U1>",
    "<https://x.y|l>",
    "<",
    ">",
    "&amp;",
    "&lt;",
    ":x:",
    ":",
    '"',
  ];

  const tagsBalance = (html: string): boolean => {
    const stack: string[] = [];
    for (const match of html.matchAll(/<(\/?)([a-z0-9]+)[^>]*>/g)) {
      const [, closing, name = ""] = match;
      if (name === "br") continue;
      if (closing === "") stack.push(name);
      else if (stack.pop() !== name) return false;
    }
    return stack.length === 0;
  };

  it("balances its tags and emits no markup of the input's own", () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let run = 0; run < 500; run++) {
      let text = "";
      for (let i = 0; i < 20; i++) text += PIECES[Math.floor(random() * PIECES.length)];
      const html = md(text);
      expect(tagsBalance(html), text).toBe(true);
      for (const tag of html.matchAll(/<[^>]*>/g)) expect(tag[0], text).toMatch(ALLOWED);
    }
  });
});
