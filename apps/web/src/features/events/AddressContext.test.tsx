// @vitest-environment jsdom

import { act, cleanup, render, screen } from "@testing-library/react";
import type { LogEvent } from "@vigie/contracts";
import { afterEach, describe, expect, it } from "vitest";
import { useLocaleStore } from "../../stores/locale.ts";
import { AddressContext } from "./AddressContext.tsx";

afterEach(cleanup);

const event = (normalized: Record<string, unknown>) =>
  ({ source_ip: "5.255.255.5", dest_ip: "10.5.1.2", normalized }) as unknown as LogEvent;

describe("the event drawer's address context", () => {
  it("shows country, AS and site beside each address, with the data's attribution, in both languages", () => {
    act(() => useLocaleStore.setState({ locale: "en" }));
    const enriched = event({
      source_country: "RU",
      source_asn: 13238,
      source_as_org: "YANDEX LLC",
      dest_site: "AUDIO_005",
    });
    const { rerender } = render(<AddressContext event={enriched} />);
    expect(screen.getByTestId("event-address-source").textContent).toMatch(
      /5\.255\.255\.5 — Russia \(RU\) · AS13238 YANDEX LLC/,
    );
    expect(screen.getByTestId("event-address-dest").textContent).toMatch(/10\.5\.1\.2 — site AUDIO_005/);
    expect(screen.getByRole("link", { name: /DB-IP/ }).getAttribute("href")).toBe("https://db-ip.com");
    act(() => useLocaleStore.setState({ locale: "fr" }));
    rerender(<AddressContext event={enriched} />);
    expect(screen.getByTestId("event-address-source").textContent).toMatch(/Russie \(RU\)/);
    expect(screen.getByText(/données IP vers ASN/)).toBeTruthy();
  });

  it("shows nothing for an event enrichment said nothing about", () => {
    render(<AddressContext event={event({ service: "sshd" })} />);
    expect(screen.queryByTestId("event-addresses")).toBeNull();
  });
});
