/** Where the CLI writes; injected so tests read what a person would see. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  columns?: number;
  /** True when stderr is a terminal: readable log lines, and the plain "running" line. */
  isTTY?: boolean;
}
