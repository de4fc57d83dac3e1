// A durable append-only file with group commit: lines appended in the same tick are written together and
// made durable with one fdatasync; each caller's promise resolves only once its line is on disk.
// Under a steady stream (the last write carried several lines: a batch's answers arriving), lines gather for
// a few milliseconds more before the write, which halves the fdatasyncs of a 250-documents-a-second batch and
// the main thread's work to dispatch them; a lone append (one awaited after another) is written at once.
// Used by the batch journal and by the batch's provenance appender.
import type { FileHandle } from 'node:fs/promises';

interface Waiter {
  resolve: () => void;
  reject: (e: unknown) => void;
}

export class GroupCommitFile {
  /** Lines not yet written, with the caller waiting for each (none for appendSoon's). */
  private pending: { line: string; w?: Waiter }[] = [];
  private flushing: Promise<void> | undefined;
  private fh: FileHandle | undefined;
  /** fdatasync calls made (for benchmarks and tests). */
  syncs = 0;
  /** Lines in the last write. */
  private lastLines = 0;

  /**
   * `open` is called once, on the first write. With `groupCommit: false` every line gets a write and a
   * sync of its own (the benchmark's comparison).
   */
  constructor(
    private readonly open: () => Promise<FileHandle>,
    private readonly groupCommit = true,
    /** How long lines gather under a steady stream (see above). */
    private readonly gatherMs = 3,
  ) {}

  /** Appends a line (ending in a newline); resolves once it is on disk. */
  append(line: string): Promise<void> {
    const p = new Promise<void>((resolve, reject) => this.pending.push({ line, w: { resolve, reject } }));
    if (!this.flushing) this.flushing = this.flushLoop();
    return p;
  }

  /** Queues a line that is written with the next durable append (or at flush/close), at no cost of its own. */
  appendSoon(line: string): void {
    this.pending.push({ line });
  }

  private async flushLoop(): Promise<void> {
    // Let the lines of this tick (under a stream: of the next few milliseconds) gather first.
    if (this.groupCommit) await new Promise<void>((r) => (this.lastLines > 1 && this.gatherMs > 0 ? setTimeout(r, this.gatherMs) : setImmediate(r)));
    while (this.pending.length) {
      const batch = this.pending.splice(0, this.groupCommit ? this.pending.length : 1);
      this.lastLines = batch.length;
      const data = Buffer.from(batch.map((b) => b.line).join(''), 'utf8');
      const waiters = batch.filter((b) => b.w).map((b) => b.w!);
      try {
        this.fh ??= await this.open();
        let off = 0;
        while (off < data.length) off += (await this.fh.write(data, off, data.length - off)).bytesWritten;
        await this.fh.datasync();
        this.syncs++;
        for (const w of waiters) w.resolve();
      } catch (e) {
        for (const w of waiters) w.reject(e);
      }
    }
    this.flushing = undefined;
  }

  /** Waits for every appended line (queued ones too) to be on disk. */
  async flush(): Promise<void> {
    if (this.pending.length && !this.flushing) this.flushing = this.flushLoop();
    while (this.flushing) await this.flushing;
  }

  async close(): Promise<void> {
    await this.flush();
    await this.fh?.close();
    this.fh = undefined;
  }
}
