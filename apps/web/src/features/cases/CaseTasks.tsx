import type { CaseDetail } from "@vigie/contracts";
import { useState } from "react";
import type { CaseChange } from "../../api/cases.ts";
import { Panel } from "../../components/Panel.tsx";
import { useFormat, useT } from "../../i18n/index.ts";

/** The checklist: tick, untick, delete, add at the end. */
export function CaseTasks({
  detail,
  onChange,
  busy,
}: {
  detail: CaseDetail;
  onChange: (c: CaseChange) => void;
  busy: boolean;
}) {
  const t = useT();
  const fmt = useFormat();
  const [title, setTitle] = useState("");
  const done = detail.tasks.filter((task) => task.done).length;
  return (
    <Panel title={t("cases.tasks", { done, count: detail.tasks.length })} testId="case-tasks">
      <ul className="flex flex-col divide-y divide-line">
        {detail.tasks.map((task) => (
          <li key={task.id} className="flex items-start gap-2 px-4 py-2" data-testid="case-task">
            <input
              type="checkbox"
              className="mt-0.5 size-4 shrink-0 accent-accent"
              checked={task.done}
              disabled={busy}
              aria-label={task.title}
              onChange={(e) => onChange({ kind: "toggleTask", task_id: task.id, done: e.target.checked })}
              data-testid="case-task-toggle"
            />
            <span className="min-w-0 flex-1 break-words">
              <span className={task.done ? "text-muted line-through" : ""}>{task.title}</span>
              {task.done && task.done_at && (
                <span className="block text-[11.5px] text-muted">
                  {t("cases.taskDoneBy", { who: task.done_by ?? "—", when: fmt.dateTime(task.done_at) })}
                </span>
              )}
            </span>
            <button
              type="button"
              className="text-[12px] text-muted hover:text-red-600"
              disabled={busy}
              onClick={() => onChange({ kind: "deleteTask", task_id: task.id })}
            >
              {t("common.delete")}
            </button>
          </li>
        ))}
      </ul>
      <form
        className="flex gap-2 border-t border-line px-4 py-2"
        onSubmit={(e) => {
          e.preventDefault();
          onChange({ kind: "task", title });
          setTitle("");
        }}
      >
        <input
          className="vg-input min-w-0 flex-1"
          placeholder={t("cases.newTask")}
          aria-label={t("cases.newTask")}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          data-testid="case-task-title"
        />
        <button type="submit" className="vg-btn" disabled={!title.trim() || busy} data-testid="case-task-add">
          {t("cases.add")}
        </button>
      </form>
    </Panel>
  );
}
