// @vitest-environment jsdom
import { act, cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { PreferenceSwitches } from "../components/PreferenceSwitches.tsx";
import { detectLocale, useLocaleStore } from "../stores/locale.ts";
import { en } from "./en.ts";
import { fr } from "./fr.ts";
import { translate, useT } from "./index.ts";

afterEach(cleanup);

function Title() {
  const t = useT();
  return <h1>{t("nav.dashboard")}</h1>;
}

describe("i18n", () => {
  it("detects French from the browser's first language, English otherwise", () => {
    expect(detectLocale(["fr-FR", "en"])).toBe("fr");
    expect(detectLocale(["fr"])).toBe("fr");
    expect(detectLocale(["en-US", "fr"])).toBe("en");
    expect(detectLocale([])).toBe("en");
  });

  it("has a French message for every English key, none left empty", () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    for (const [key, value] of Object.entries(fr)) expect(value, key).not.toBe("");
  });

  it("keeps the same placeholders in both languages", () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[])
      expect(names(fr[key]), key).toEqual(names(en[key]));
  });

  it("picks the singular or plural form by each language's rule, and formats numbers", () => {
    expect(translate("en", "sites.openAlerts", { count: 1 })).toBe("1 open alert");
    expect(translate("en", "sites.openAlerts", { count: 0 })).toBe("0 open alerts");
    expect(translate("fr", "sites.openAlerts", { count: 0 })).toBe("0 alerte ouverte");
    expect(translate("fr", "common.total", { count: 12345 })).toBe("12\u202f345 résultats");
    expect(translate("en", "common.total", { count: 12345 })).toBe("12,345 results");
  });

  it("fills placeholders", () => {
    expect(translate("en", "common.pageOf", { page: 2, pages: 7 })).toBe("Page 2 of 7");
    expect(translate("fr", "common.pageOf", { page: 2, pages: 7 })).toBe("Page 2 sur 7");
  });

  it("switches the language live from the FR/EN buttons and persists the choice", () => {
    useLocaleStore.setState({ locale: "en" });
    render(
      <>
        <Title />
        <PreferenceSwitches />
      </>,
    );
    expect(screen.getByRole("heading").textContent).toBe("Dashboard");
    act(() => screen.getByTestId("locale-fr").click());
    expect(screen.getByRole("heading").textContent).toBe("Tableau de bord");
    expect(document.documentElement.lang).toBe("fr");
    expect(JSON.parse(localStorage.getItem("vigie.locale")!).state.locale).toBe("fr");
    act(() => screen.getByTestId("locale-en").click());
    expect(screen.getByRole("heading").textContent).toBe("Dashboard");
  });
});
