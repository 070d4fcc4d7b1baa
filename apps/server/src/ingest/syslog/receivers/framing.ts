/** One message cut out of a TCP/TLS stream. */
export interface Frame {
  text: string;
  /** The sender's frame was longer than the limit: `text` is its beginning, the rest was skipped. */
  truncated: boolean;
}

type Mode = "header" | "octets" | "line" | "skipLine";

const LF = 0x0a;
const CR = 0x0d;
const NUL = 0x00;
const SPACE = 0x20;
const MAX_COUNT_DIGITS = 10;
const isDigit = (b: number) => b >= 0x30 && b <= 0x39;

/**
 * Splits a syslog byte stream into messages, detecting per message RFC 6587 octet counting
 * (`123 <34>…`) or non-transparent framing (one message per LF). Copes with reads split anywhere;
 * keeps at most `maxMessageBytes` of a frame in memory and skips the rest of an oversized one.
 */
export class FrameDecoder {
  private mode: Mode = "header";
  private digits = "";
  private pieces: Buffer[] = [];
  private kept = 0;
  private remaining = 0;
  private overflow = false;

  constructor(private readonly maxMessageBytes: number) {}

  /** Feeds one read; returns the messages it completed. */
  push(chunk: Buffer): Frame[] {
    const frames: Frame[] = [];
    let pos = 0;
    while (pos < chunk.length) pos = this.steps[this.mode](chunk, pos, frames);
    return frames;
  }

  /** The stream ended: returns a last unterminated message, if any. */
  end(): Frame[] {
    const frames: Frame[] = [];
    if (this.digits) this.keep(Buffer.from(this.digits));
    if (this.kept > 0) this.emit(frames, this.overflow || this.mode === "octets");
    this.mode = "header";
    return frames;
  }

  private readonly steps: Record<Mode, (chunk: Buffer, pos: number, frames: Frame[]) => number> = {
    header: (chunk, pos) => this.readHeader(chunk, pos),
    octets: (chunk, pos, frames) => this.readOctets(chunk, pos, frames),
    line: (chunk, pos, frames) => this.readLine(chunk, pos, frames),
    skipLine: (chunk, pos) => {
      const lf = chunk.indexOf(LF, pos);
      if (lf === -1) return chunk.length;
      this.mode = "header";
      return lf + 1;
    },
  };

  /** Reads "<digits> " (octet counting) or decides the frame is a line; separators between frames are skipped. */
  private readHeader(chunk: Buffer, start: number): number {
    let pos = start;
    for (; pos < chunk.length; pos++) {
      const b = chunk[pos]!;
      if (!this.digits && (b === LF || b === CR || b === NUL)) continue;
      if (isDigit(b) && this.digits.length < MAX_COUNT_DIGITS) {
        this.digits += String.fromCharCode(b);
        continue;
      }
      const count = b === SPACE && this.digits ? Number(this.digits) : 0;
      if (count > 0) {
        this.digits = "";
        this.mode = "octets";
        this.remaining = count;
        this.overflow = count > this.maxMessageBytes;
        return pos + 1;
      }
      // Not a count: the digits read so far begin a newline-framed message.
      if (this.digits) this.keep(Buffer.from(this.digits));
      this.digits = "";
      this.mode = "line";
      return pos;
    }
    return pos;
  }

  private readOctets(chunk: Buffer, pos: number, frames: Frame[]): number {
    const take = Math.min(this.remaining, chunk.length - pos);
    const room = Math.max(0, this.maxMessageBytes - this.kept);
    if (room > 0) this.keep(chunk.subarray(pos, pos + Math.min(take, room)));
    this.remaining -= take;
    if (this.remaining === 0) {
      this.emit(frames, this.overflow);
      this.mode = "header";
    }
    return pos + take;
  }

  private readLine(chunk: Buffer, pos: number, frames: Frame[]): number {
    const lf = chunk.indexOf(LF, pos);
    const end = lf === -1 ? chunk.length : lf;
    const room = this.maxMessageBytes - this.kept;
    if (end - pos > room) {
      this.keep(chunk.subarray(pos, pos + room));
      this.emit(frames, true);
      this.mode = "skipLine";
      return pos + room;
    }
    this.keep(chunk.subarray(pos, end));
    if (lf === -1) return chunk.length;
    this.emit(frames, false);
    this.mode = "header";
    return lf + 1;
  }

  private keep(bytes: Buffer): void {
    // Copy: the socket may reuse the chunk's memory after the handler returns.
    this.pieces.push(Buffer.from(bytes));
    this.kept += bytes.length;
  }

  private emit(frames: Frame[], truncated: boolean): void {
    // Some senders count a trailing newline into an octet-counted frame; it is never part of the message.
    const text = Buffer.concat(this.pieces, this.kept)
      .toString("utf8")
      .replace(/[\r\n]+$/, "");
    frames.push({ text, truncated });
    this.pieces = [];
    this.kept = 0;
    this.overflow = false;
  }
}
