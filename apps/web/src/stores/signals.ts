import { create } from "zustand";
import { persist } from "zustand/middleware";

interface SignalState {
  /** A short tone for each high or critical alert. */
  sound: boolean;
  /** A system notification (once the browser allows it) for each high or critical alert. */
  notify: boolean;
  setSound: (on: boolean) => void;
  setNotify: (on: boolean) => void;
}

/** How new alerts announce themselves beyond the toast and the tab title: the user's choice, kept per browser. */
export const useSignalStore = create<SignalState>()(
  persist(
    (set) => ({
      sound: false,
      notify: false,
      setSound: (sound) => set({ sound }),
      setNotify: (notify) => set({ notify }),
    }),
    { name: "vigie.signals" },
  ),
);
