/** A small square button showing one symbol (`+`, `↑`), named for screen readers and on hover by `label`. */
export function IconButton({
  label,
  onClick,
  disabled = false,
  testId,
  children,
}: {
  label: string;
  onClick: () => void;
  disabled?: boolean;
  testId?: string;
  children: string;
}) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      disabled={disabled}
      onClick={onClick}
      className="inline-flex h-6 w-6 items-center justify-center rounded border border-line bg-raised font-mono text-[12px] leading-none hover:border-accent hover:text-accent disabled:opacity-40 disabled:hover:border-line disabled:hover:text-inherit"
      data-testid={testId}
    >
      {children}
    </button>
  );
}
