import { create } from "zustand";
import { persist } from "zustand/middleware";

export type Theme = "dark" | "light";

interface ThemeState {
  theme: Theme;
  setTheme: (theme: Theme) => void;
  toggle: () => void;
}

/** Applies the theme to <html> so Tailwind's `dark` variant and the CSS tokens follow it. */
export function applyTheme(theme: Theme): void {
  document.documentElement.classList.toggle("dark", theme === "dark");
}

/** Dark-first theme choice, persisted (index.html reads the same key before first paint). */
export const useThemeStore = create<ThemeState>()(
  persist(
    (set, get) => ({
      theme: "dark",
      setTheme: (theme) => {
        applyTheme(theme);
        set({ theme });
      },
      toggle: () => get().setTheme(get().theme === "dark" ? "light" : "dark"),
    }),
    { name: "vigie.theme", onRehydrateStorage: () => (state) => state && applyTheme(state.theme) },
  ),
);
