/* What the event search's helper endpoints answer (docs/SEARCH.md): the field list, top values, the histogram. */

/** A field of the search language as `GET /logs/fields` lists it. */
export interface SearchFieldInfo {
  name: string;
  kind: string;
  /** The only values the field takes (severity, status…), when it has such a list. */
  values?: readonly string[];
}

/** The most frequent values of a field among the newest matches of a search (`GET /logs/fields/:field/top`). */
export interface TopValues {
  field: string;
  values: { value: string; count: number }[];
  /** Events looked at: the newest `sample_size` matches at most. */
  events: number;
  /** True when more events matched than were looked at. */
  sampled: boolean;
  sample_size: number;
}

/** Counts of a search per time bucket over its window, empty buckets included (`GET /logs/histogram`). */
export interface EventHistogram {
  from: string;
  to: string;
  interval_ms: number;
  total: number;
  buckets: { start: string; count: number }[];
}
