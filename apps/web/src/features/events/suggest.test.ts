import { describe, expect, it } from "vitest";
import { andClause, fieldClause } from "./queryEdit.ts";
import { applySuggestion, fieldSuggestions, tokenAt, valueSuggestions, wantedAt } from "./suggest.ts";

const FIELDS = [
  { name: "username", description: "User" },
  { name: "source_ip", description: "Source address" },
  { name: "dest_ip", description: "Destination address" },
  { name: "site_id", description: "Site" },
];

describe("the field panel's include and exclude", () => {
  it("adds a quoted test, AND-ed with the current query, grouping a query with OR", () => {
    expect(andClause(undefined, fieldClause("username", "alice"))).toBe('username:"alice"');
    expect(andClause("sshd", fieldClause("site_id", "AUDIO_007", true))).toBe(
      'sshd AND NOT site_id:"AUDIO_007"',
    );
    expect(andClause("a OR b", fieldClause("x", "1"))).toBe('(a OR b) AND x:"1"');
    expect(andClause('message:"this OR that"', fieldClause("x", "1"))).toBe(
      'message:"this OR that" AND x:"1"',
    );
    expect(fieldClause("message", 'say "hi" \\o/')).toBe('message:"say \\"hi\\" \\\\o/"');
  });

  it("does not add the same clause twice", () => {
    const once = andClause("sshd", fieldClause("username", "bob"));
    expect(andClause(once, fieldClause("username", "bob"))).toBe(once);
  });
});

describe("autocomplete of the search box", () => {
  it("finds the word at the caret and what it asks for", () => {
    expect(tokenAt("sshd user", 9)).toEqual({ start: 5, end: 9, text: "user" });
    expect(tokenAt("(-user", 6)).toEqual({ start: 2, end: 6, text: "user" });
    expect(wantedAt("sshd user", 9)).toEqual({ kind: "field", prefix: "user" });
    expect(wantedAt("username:al", 11)).toEqual({ kind: "value", field: "username", prefix: "al" });
    expect(wantedAt('username:"al', 12)).toEqual({ kind: "value", field: "username", prefix: "al" });
    expect(wantedAt("sshd ", 5)).toBeNull();
    expect(wantedAt("a AND", 5)).toBeNull();
    expect(wantedAt("dest_port>=10", 13)).toBeNull();
    expect(wantedAt("dest_port:>=10", 14)).toBeNull();
  });

  it("ranks field names starting with the text before those containing it", () => {
    const names = fieldSuggestions(FIELDS, "ip").map((s) => s.label);
    expect(names).toEqual(["source_ip", "dest_ip"]);
    expect(fieldSuggestions(FIELDS, "s").map((s) => s.label)).toEqual([
      "source_ip",
      "site_id",
      "username",
      "dest_ip",
    ]);
    expect(fieldSuggestions(FIELDS, "user")[0]).toMatchObject({ insert: "username:", detail: "User" });
  });

  it("suggests values, quoting those that are not one plain word", () => {
    const values = [
      { value: "alice", count: 3 },
      { value: "Bob Smith", count: 1 },
    ];
    expect(valueSuggestions("username", values, "")).toEqual([
      { id: "value-alice", label: "alice", count: 3, insert: "username:alice " },
      { id: "value-Bob Smith", label: "Bob Smith", count: 1, insert: 'username:"Bob Smith" ' },
    ]);
    expect(valueSuggestions("username", values, "bo").map((s) => s.label)).toEqual(["Bob Smith"]);
  });

  it("replaces the word at the caret, and keeps what follows", () => {
    expect(applySuggestion("sshd user", 9, "username:")).toEqual({ q: "sshd username:", caret: 14 });
    expect(applySuggestion("username:al sshd", 11, "username:alice ")).toEqual({
      q: "username:alice sshd",
      caret: 15,
    });
    expect(applySuggestion("-us", 3, "username:")).toEqual({ q: "-username:", caret: 10 });
  });
});
