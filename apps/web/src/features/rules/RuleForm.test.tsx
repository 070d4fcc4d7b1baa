// @vitest-environment jsdom

import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { type RuleCreateInput, RuleCreateSchema } from "@vigie/contracts";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../../api/client.ts";
import { useLocaleStore } from "../../stores/locale.ts";
import { RuleForm } from "./RuleForm.tsx";
import { emptyRuleForm, fromRule, type RuleFormState, toRuleCreate } from "./ruleForm.ts";

afterEach(cleanup);
useLocaleStore.setState({ locale: "en" });

const base = (patch: Partial<RuleFormState>): RuleFormState => ({
  ...emptyRuleForm(),
  name: "SSH brute force",
  event_filter: [{ field: "event_type", value: "login_failure" }],
  ...patch,
});

describe("toRuleCreate", () => {
  it("builds a valid threshold rule with typed numbers and the filter as an object", () => {
    const payload = toRuleCreate(
      base({
        event_filter: [
          { field: "event_type", value: "login_failure" },
          { field: "normalized.service", value: "ssh" },
          { field: "", value: "ignored" },
        ],
        threshold: "5",
        window_seconds: "120",
        actions: [{ type: "email", recipients: "soc@example.org, oncall@example.org", url: "", secret: "" }],
      }),
    );
    const parsed = RuleCreateSchema.parse(payload);
    expect(parsed.rule_type).toBe("threshold");
    expect(parsed.conditions).toEqual({
      across_sites: false,
      event_filter: { event_type: "login_failure", "normalized.service": "ssh" },
      threshold: 5,
      window_seconds: 120,
      group_by: "source_ip",
    });
    expect(parsed.actions).toEqual([
      { type: "email", config: { recipients: ["soc@example.org", "oncall@example.org"] } },
    ]);
  });

  it("builds a valid sequence rule with ordered steps", () => {
    const payload = toRuleCreate(
      base({
        rule_type: "sequence",
        group_by: "username",
        steps: [
          { event_filter: [{ field: "event_type", value: "login_failure" }], count: "3" },
          { event_filter: [{ field: "event_type", value: "login_success" }], count: "1" },
        ],
      }),
    );
    const parsed = RuleCreateSchema.parse(payload);
    expect(parsed.conditions).toMatchObject({
      steps: [
        { event_filter: { event_type: "login_failure" }, count: 3 },
        { event_filter: { event_type: "login_success" }, count: 1 },
      ],
      group_by: "username",
    });
  });

  it("builds a valid aggregation rule (count_distinct)", () => {
    const payload = toRuleCreate(
      base({ rule_type: "aggregation", aggregation_field: "dest_port", threshold: "20", event_filter: [] }),
    );
    const parsed = RuleCreateSchema.parse(payload);
    expect(parsed.conditions).toEqual({
      across_sites: false,
      event_filter: {},
      aggregation: "count_distinct",
      aggregation_field: "dest_port",
      threshold: 20,
      window_seconds: 300,
      group_by: "source_ip",
    });
  });

  it("builds a valid first-seen rule: fields as a list, history and an optional learning", () => {
    const payload = toRuleCreate(
      base({
        rule_type: "first_seen",
        event_filter: [{ field: "event_type", value: "vpn_tunnel_up" }],
        fields: "normalized.source_country, hostname",
        group_by: "username",
        history_days: "30",
      }),
    );
    expect(RuleCreateSchema.parse(payload).conditions).toEqual({
      across_sites: false,
      event_filter: { event_type: "vpn_tunnel_up" },
      fields: ["normalized.source_country", "hostname"],
      history_days: 30,
      group_by: "username",
    });
    const learning = toRuleCreate(
      base({ rule_type: "first_seen", group_by: "username", learning_days: "0" }),
    );
    expect(RuleCreateSchema.parse(learning).conditions).toMatchObject({ learning_days: 0 });
  });

  it("round-trips a stored rule through the form", () => {
    const input = toRuleCreate(
      base({ rule_type: "aggregation", aggregation_field: "dest_ip", threshold: "7" }),
    );
    const stored = {
      ...RuleCreateSchema.parse(input),
      id: "r1",
      trigger_count: 0,
      last_triggered: null,
      last_error: null,
      created_at: "",
      updated_at: "",
      sigma: null,
      exception_count: 0,
    };
    expect(RuleCreateSchema.parse(toRuleCreate(fromRule(stored)))).toEqual(RuleCreateSchema.parse(input));
  });
});

describe("RuleForm", () => {
  it("switches the conditions editor with the rule type and submits a valid payload", async () => {
    const onSubmit = vi.fn<(p: RuleCreateInput) => Promise<unknown>>().mockResolvedValue(undefined);
    render(<RuleForm initial={base({})} onSubmit={onSubmit} onCancel={() => {}} />);
    fireEvent.change(screen.getByLabelText("Type"), { target: { value: "sequence" } });
    const steps = within(screen.getByTestId("sequence-steps")).getAllByLabelText("Value");
    fireEvent.change(steps[0]!, { target: { value: "login_failure" } });
    fireEvent.change(steps[1]!, { target: { value: "login_success" } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    const payload = onSubmit.mock.calls[0]![0];
    expect(RuleCreateSchema.safeParse(payload).success).toBe(true);
    expect(payload.rule_type).toBe("sequence");
  });

  it("edits a first-seen rule: the fields, whose history and how long, in French too", async () => {
    useLocaleStore.setState({ locale: "fr" });
    const onSubmit = vi.fn<(p: RuleCreateInput) => Promise<unknown>>().mockResolvedValue(undefined);
    try {
      render(<RuleForm initial={base({ group_by: "username" })} onSubmit={onSubmit} onCancel={() => {}} />);
      fireEvent.change(screen.getByLabelText("Type"), { target: { value: "first_seen" } });
      fireEvent.change(screen.getByLabelText("Historique"), { target: { value: "14" } });
      fireEvent.click(screen.getByRole("button", { name: "Enregistrer" }));
      await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
      expect(onSubmit.mock.calls[0]![0]).toMatchObject({
        rule_type: "first_seen",
        conditions: { fields: ["normalized.source_country"], group_by: "username", history_days: 14 },
      });
    } finally {
      useLocaleStore.setState({ locale: "en" });
    }
  });

  it("names the first-seen field the schema refuses", async () => {
    const onSubmit = vi.fn().mockResolvedValue(undefined);
    render(
      <RuleForm
        initial={base({ rule_type: "first_seen", group_by: "username", fields: "username" })}
        onSubmit={onSubmit}
        onCancel={() => {}}
      />,
    );
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() =>
      expect(screen.getByLabelText("Values that must be new").getAttribute("aria-invalid")).toBe("true"),
    );
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("shows schema errors next to the field without calling the API", async () => {
    const onSubmit = vi.fn().mockResolvedValue(undefined);
    render(<RuleForm initial={base({ name: "", threshold: "0" })} onSubmit={onSubmit} onCancel={() => {}} />);
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    const errors = await screen.findAllByTestId("field-error");
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(screen.getByLabelText("Threshold").getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByLabelText("Name").getAttribute("aria-invalid")).toBe("true");
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("refuses a condition left without a value (it would match nothing)", async () => {
    const onSubmit = vi.fn().mockResolvedValue(undefined);
    render(<RuleForm initial={base({ rule_type: "sequence" })} onSubmit={onSubmit} onCancel={() => {}} />);
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    const errors = await screen.findAllByText("Give each condition a value, or remove it");
    expect(errors).toHaveLength(2);
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("shows the API's 422 details next to the matching fields", async () => {
    const onSubmit = vi.fn().mockRejectedValue(
      new ApiError(422, {
        error: "ValidationError",
        message: "Rule is invalid",
        details: [{ field: "conditions.group_by", message: "unknown field from server", type: "custom" }],
      }),
    );
    render(<RuleForm initial={base({})} onSubmit={onSubmit} onCancel={() => {}} />);
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    const groupBy = screen.getByLabelText("Group by");
    await waitFor(() => expect(groupBy.getAttribute("aria-invalid")).toBe("true"));
    const describedBy = groupBy.getAttribute("aria-describedby")!;
    expect(document.getElementById(describedBy)?.textContent).toBe("unknown field from server");
    expect(screen.getByText("Rule is invalid")).toBeTruthy();
  });

  it("is read-only for roles that may not write rules", () => {
    render(<RuleForm initial={base({})} onSubmit={vi.fn()} onCancel={() => {}} readOnly />);
    expect(screen.queryByRole("button", { name: "Save" })).toBeNull();
    expect(screen.getByLabelText("Name").matches(":disabled")).toBe(true);
  });
});
