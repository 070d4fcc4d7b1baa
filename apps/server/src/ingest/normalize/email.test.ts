import { describe, expect, it } from "vitest";
import { emailNormalizer } from "./email.ts";

const { normalize } = emailNormalizer;

describe("email normalizer", () => {
  it("reads the project's names", () => {
    const input = {
      sender: "ceo@examp1e.com",
      recipient: "accueil@audio-001.fr",
      subject: "Facture urgente",
      attachment: "facture.pdf.exe",
      verdict: "quarantined",
    };
    expect(normalize(input)).toEqual(input);
  });

  it("reads mail-gateway aliases and joins recipient lists", () => {
    expect(
      normalize({ from: "a@x", to: ["b@y", "c@z"], attachments: ["a.doc", "b.zip"], action: "deliver" }),
    ).toEqual({
      sender: "a@x",
      recipient: "b@y, c@z",
      subject: null,
      attachment: "a.doc, b.zip",
      verdict: "deliver",
    });
  });

  it("falls back to metadata (AudioSOC v1)", () => {
    expect(normalize({ metadata: { mail_from: "x@evil", subject: "Hi" } })).toMatchObject({
      sender: "x@evil",
      subject: "Hi",
    });
  });

  it("does not keep attachment objects", () => {
    expect(normalize({ attachments: [{ name: "a.exe", size: 10 }] }).attachment).toBeNull();
  });
});
