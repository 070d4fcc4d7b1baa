import { type ColumnDef, type RowData, tableFeatures, useTable } from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { type ReactNode, useEffect, useMemo, useRef } from "react";

/** One column: a header and how a row renders in it (always as React text, never as HTML). */
export interface Column<T> {
  id: string;
  /** Text, or a control (a "select all" box) with `label` naming it. */
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** CSS width, e.g. "9rem"; columns without one share the rest. */
  width?: string;
  /** The key the list sorts on when this header is clicked (sortable tables only). */
  sortKey?: string;
}

/** The order a sortable table shows. */
export interface TableSort {
  key: string;
  order: "asc" | "desc";
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
  sort,
  onSort,
  scrollKey,
  onScrolledChange,
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
  /** The current order, shown on its header; clicking a header with a `sortKey` calls `onSort`. */
  sort?: TableSort;
  onSort?: (key: string) => void;
  /** When this changes (another page, another search), the table goes back to its first row. */
  scrollKey?: string;
  /** Told whether the table is scrolled away from its first row, each time that changes. */
  onScrolledChange?: (scrolled: boolean) => void;
}) {
  const tableColumns = useMemo(
    () =>
      columns.map(
        (c): ColumnDef<typeof features, T> => ({
          id: c.id,
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
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key is the trigger, not a value read
  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
  }, [scrollKey]);
  const scrolled = useRef(false);
  const onScroll = onScrolledChange
    ? () => {
        const now = (scroller.current?.scrollTop ?? 0) > ROW_HEIGHT / 2;
        if (now === scrolled.current) return;
        scrolled.current = now;
        onScrolledChange(now);
      }
    : undefined;
  const items = virtualizer.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);

  return (
    // Focusable so a keyboard can scroll a table whose rows are not interactive (the audit log).
    <div
      ref={scroller}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1)
      tabIndex={0}
      onScroll={onScroll}
      className="min-h-0 flex-1 overflow-auto"
      data-testid={testId}
    >
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
          <tr>
            {columns.map((column) => (
              <HeaderCell key={column.id} column={column} sort={sort} onSort={onSort} />
            ))}
          </tr>
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

/** A column header: plain, or a button that sorts on the column (its current order announced by `aria-sort`). */
function HeaderCell<T>({
  column,
  sort,
  onSort,
}: {
  column: Column<T>;
  sort?: TableSort;
  onSort?: (key: string) => void;
}) {
  const { sortKey } = column;
  const active = sortKey !== undefined && sort?.key === sortKey;
  const ariaSort = active ? (sort.order === "asc" ? "ascending" : "descending") : undefined;
  return (
    <th
      scope="col"
      aria-sort={ariaSort}
      className="border-b border-line px-2 py-1.5 text-left text-[11px] font-semibold uppercase tracking-wide text-muted"
    >
      {sortKey && onSort ? (
        <button
          type="button"
          className={`inline-flex max-w-full items-center gap-1 uppercase hover:text-fg ${active ? "text-fg" : ""}`}
          onClick={() => onSort(sortKey)}
          data-testid={`sort-${sortKey}`}
        >
          <span className="truncate">{column.header}</span>
          <span aria-hidden="true" className={active ? "" : "opacity-0"}>
            {active && sort.order === "asc" ? "▲" : "▼"}
          </span>
        </button>
      ) : (
        column.header
      )}
    </th>
  );
}
