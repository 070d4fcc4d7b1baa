import { type ReactNode, useId } from "react";

/** A labelled form control with the API's validation message underneath (one problem per line), linked for screen readers. */
export function Field({
  label,
  error,
  hint,
  className = "",
  children,
}: {
  label: string;
  error?: string;
  hint?: string;
  className?: string;
  children: (props: { id: string; "aria-invalid": boolean; "aria-describedby"?: string }) => ReactNode;
}) {
  const id = useId();
  const messageId = `${id}-msg`;
  return (
    <div className={`flex flex-col gap-1 ${className}`}>
      <label htmlFor={id} className="vg-label">
        {label}
      </label>
      {children({
        id,
        "aria-invalid": Boolean(error),
        "aria-describedby": error || hint ? messageId : undefined,
      })}
      {error ? (
        <p
          id={messageId}
          role="alert"
          data-testid="field-error"
          className="whitespace-pre-line text-[12px] text-red-600 dark:text-red-400"
        >
          {error}
        </p>
      ) : (
        hint && (
          <p id={messageId} className="text-[12px] text-muted">
            {hint}
          </p>
        )
      )}
    </div>
  );
}
