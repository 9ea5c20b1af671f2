import { describe, expect, it } from "vitest";
import { normalizeName, stripLegalSuffix } from "../../../src/domain/names.js";

describe("normalizeName", () => {
  it("lower-cases and collapses whitespace", () => {
    expect(normalizeName("  ACME   Staffing\tGroup ")).toBe("acme staffing group");
  });

  it("strips accents", () => {
    expect(normalizeName("Café Résumé Zürich")).toBe("cafe resume zurich");
  });

  it("spells & as and", () => {
    expect(normalizeName("Smith & Jones")).toBe("smith and jones");
    expect(normalizeName("Smith&Jones")).toBe("smith and jones");
  });

  it("drops apostrophes and periods without splitting the word", () => {
    expect(normalizeName("O'Brien Staffing")).toBe("obrien staffing");
    expect(normalizeName("A.B.C. Recruiting")).toBe("abc recruiting");
  });

  it("turns other punctuation into word breaks", () => {
    expect(normalizeName("Smith-Jones (UK), Ltd.")).toBe("smith jones uk ltd");
    expect(normalizeName("Acme,Inc")).toBe("acme inc");
  });

  it("keeps legal suffixes, which are part of the recorded name", () => {
    expect(normalizeName("Globex GmbH")).toBe("globex gmbh");
  });

  it("makes differently written names equal", () => {
    expect(normalizeName("Müller & Söhne, Inc.")).toBe(normalizeName("muller and sohne inc"));
  });
});

describe("stripLegalSuffix", () => {
  it("drops a trailing legal-form word", () => {
    expect(stripLegalSuffix("Globex GmbH")).toBe("globex");
    expect(stripLegalSuffix("Initech, LLC")).toBe("initech");
    expect(stripLegalSuffix("Acme L.L.C.")).toBe("acme");
    expect(stripLegalSuffix("Umbrella plc")).toBe("umbrella");
    expect(stripLegalSuffix("Hooli B.V.")).toBe("hooli");
  });

  it("drops several trailing legal-form words", () => {
    expect(stripLegalSuffix("Acme Holdings Co., Ltd.")).toBe("acme holdings");
  });

  it("matches names that differ only in their legal form", () => {
    expect(stripLegalSuffix("ACME, Inc.")).toBe(stripLegalSuffix("Acme Corp"));
  });

  it("keeps legal-form words that are not at the end", () => {
    expect(stripLegalSuffix("SA Partners")).toBe("sa partners");
    expect(stripLegalSuffix("Incubator Labs")).toBe("incubator labs");
  });

  it("keeps a name made only of a legal-form word", () => {
    expect(stripLegalSuffix("Co.")).toBe("co");
  });
});
