// @vitest-environment jsdom
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { useLocaleStore } from "../stores/locale.ts";
import { SeverityBadge, StatusBadge } from "./badges.tsx";

afterEach(cleanup);

const HOSTILE = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>\u0007`;

describe("SeverityBadge", () => {
  useLocaleStore.setState({ locale: "en" });

  it("labels a known severity and tags it for styling", () => {
    render(<SeverityBadge severity="critical" />);
    const badge = screen.getByTestId("severity-badge");
    expect(badge.textContent).toBe("Critical");
    expect(badge.dataset.severity).toBe("critical");
    expect(badge.className).toContain("red");
  });

  it("renders hostile text as inert text, never as markup", () => {
    render(<SeverityBadge severity={HOSTILE} />);
    const badge = screen.getByTestId("severity-badge");
    expect(badge.textContent).toBe(HOSTILE);
    expect(badge.dataset.severity).toBe("unknown");
    expect(badge.querySelector("img, script")).toBeNull();
    expect(document.querySelector("script")).toBeNull();
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it("does the same for statuses", () => {
    render(<StatusBadge status={HOSTILE} />);
    expect(screen.getByTestId("status-badge").textContent).toBe(HOSTILE);
    expect(screen.getByTestId("status-badge").children).toHaveLength(0);
  });

  it("follows the locale", () => {
    useLocaleStore.setState({ locale: "fr" });
    render(<SeverityBadge severity="high" />);
    expect(screen.getByTestId("severity-badge").textContent).toBe("Élevée");
    useLocaleStore.setState({ locale: "en" });
  });
});
