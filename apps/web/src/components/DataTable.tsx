import { type ColumnDef, type RowData, tableFeatures, useTable } from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { type ReactNode, useMemo, useRef } from "react";

/** One column: a header and how a row renders in it (always as React text, never as HTML). */
export interface Column<T> {
  id: string;
  header: string;
  cell: (row: T) => ReactNode;
  /** CSS width, e.g. "9rem"; columns without one share the rest. */
  width?: string;
}

const features = tableFeatures({});
const ROW_HEIGHT = 32;
/** What a column without a width keeps at least before the table scrolls sideways. */
const FLEXIBLE_MIN = "12rem";

/** The narrowest the table may get: every fixed width plus a readable share for each flexible column. */
export function tableMinWidth(columns: { width?: string }[]): string {
  const parts = columns.map((c) => c.width ?? FLEXIBLE_MIN);
  return parts.length ? `calc(${parts.join(" + ")})` : "0";
}

/**
 * A dense, virtualized table: only the visible rows are in the DOM, so thousands of events stay smooth.
 * Rows are keyboard-reachable buttons-in-disguise when `onRowClick` is given (Enter opens them).
 */
export function DataTable<T extends RowData>({
  columns,
  data,
  rowKey,
  onRowClick,
  selectedKey,
  testId = "data-table",
  rowTestId = "table-row",
  minWidth,
}: {
  columns: Column<T>[];
  data: T[];
  rowKey: (row: T) => string;
  onRowClick?: (row: T) => void;
  selectedKey?: string;
  testId?: string;
  rowTestId?: string;
  /**
   * Below this width the table scrolls sideways inside its box instead of crushing its columns, e.g. "75rem";
   * by default the sum of the fixed widths plus 12rem per flexible column.
   */
  minWidth?: string;
}) {
  const tableColumns = useMemo(
    () =>
      columns.map(
        (c): ColumnDef<typeof features, T> => ({
          id: c.id,
          header: c.header,
          cell: (info) => c.cell(info.row.original),
        }),
      ),
    [columns],
  );
  const table = useTable({ features, columns: tableColumns, data, getRowId: (row) => rowKey(row) });
  const rows = table.getRowModel().rows;
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    initialRect: { width: 1200, height: 800 },
  });
  const items = virtualizer.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);

  return (
    // Focusable so a keyboard can scroll a table whose rows are not interactive (the audit log).
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1)
    <div ref={scroller} tabIndex={0} className="min-h-0 flex-1 overflow-auto" data-testid={testId}>
      <table
        className="w-full table-fixed border-separate border-spacing-0 text-[12.5px]"
        style={{ minWidth: minWidth ?? tableMinWidth(columns) }}
      >
        <colgroup>
          {columns.map((c) => (
            <col key={c.id} style={c.width ? { width: c.width } : undefined} />
          ))}
        </colgroup>
        <thead className="sticky top-0 z-10 bg-raised">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <th
                  key={header.id}
                  scope="col"
                  className="border-b border-line px-2 py-1.5 text-left text-[11px] font-semibold uppercase tracking-wide text-muted"
                >
                  <table.FlexRender header={header} />
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {padTop > 0 && <tr style={{ height: padTop }} />}
          {items.map((item) => {
            const row = rows[item.index]!;
            const clickable = Boolean(onRowClick);
            return (
              <tr
                key={row.id}
                data-testid={rowTestId}
                data-row-id={row.id}
                aria-selected={selectedKey === row.id || undefined}
                tabIndex={clickable ? 0 : undefined}
                onClick={clickable ? () => onRowClick!(row.original) : undefined}
                onKeyDown={clickable ? (e) => e.key === "Enter" && onRowClick!(row.original) : undefined}
                className={`h-8 ${clickable ? "cursor-pointer hover:bg-raised/70" : ""} aria-selected:bg-accent/10`}
              >
                {row.getAllCells().map((cell) => (
                  <td key={cell.id} className="truncate border-b border-line/60 px-2 py-1 align-middle">
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            );
          })}
          {padBottom > 0 && <tr style={{ height: padBottom }} />}
        </tbody>
      </table>
    </div>
  );
}
