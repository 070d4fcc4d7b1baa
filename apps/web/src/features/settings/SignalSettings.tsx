import { useState } from "react";
import { useT } from "../../i18n/index.ts";
import { useSignalStore } from "../../stores/signals.ts";

/** Sound and system notifications for high and critical alerts (the toast and tab title are always on). */
export function SignalSettings() {
  const t = useT();
  const { sound, notify, setSound, setNotify } = useSignalStore();
  const [denied, setDenied] = useState(
    typeof Notification !== "undefined" && Notification.permission === "denied",
  );
  const toggleNotify = async (on: boolean) => {
    if (!on || typeof Notification === "undefined") return setNotify(false);
    const permission =
      Notification.permission === "granted" ? "granted" : await Notification.requestPermission();
    setDenied(permission === "denied");
    setNotify(permission === "granted");
  };
  return (
    <section className="vg-panel flex max-w-lg flex-col gap-3 p-5" data-testid="signal-settings">
      <h2 className="vg-title">{t("settings.signals")}</h2>
      <label className="flex items-center gap-2">
        <input type="checkbox" checked={sound} onChange={(e) => setSound(e.target.checked)} />
        {t("settings.signalSound")}
      </label>
      <label className="flex items-center gap-2">
        <input type="checkbox" checked={notify} onChange={(e) => void toggleNotify(e.target.checked)} />
        {t("settings.signalNotify")}
      </label>
      {denied && <p className="text-[12px] text-muted">{t("settings.signalDenied")}</p>}
    </section>
  );
}
