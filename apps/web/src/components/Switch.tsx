/** An on/off switch: a real button with `role="switch"`, disabled for readers who may not change it. */
export function Switch({
  checked,
  label,
  disabled,
  onToggle,
  testId,
}: {
  checked: boolean;
  label: string;
  disabled?: boolean;
  onToggle: () => void;
  testId?: string;
}) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      aria-label={label}
      disabled={disabled}
      data-testid={testId}
      onClick={(e) => {
        e.stopPropagation();
        onToggle();
      }}
      className={`relative block h-5 w-9 shrink-0 rounded-full transition-colors disabled:opacity-50 ${checked ? "bg-emerald-500" : "bg-slate-500/40"}`}
    >
      <span
        className={`absolute top-0.5 size-4 rounded-full bg-white transition-all ${checked ? "left-[18px]" : "left-0.5"}`}
      />
    </button>
  );
}
