/**
 * The mocks' clock. Dates the mocks write, time-driven state transitions, webhook redelivery
 * and rate-limit windows all read it; nothing in the mocks reads wall time. It starts at a
 * fixed instant so that a test or a screenshot is repeatable.
 */

/** Where every mock clock starts unless told otherwise. */
export const DEFAULT_START = "2026-01-05T09:00:00.000Z";

interface Task {
  due: number;
  order: number;
  run: () => unknown;
}

/** `P1D`, `PT5M`, `P1DT2H`, `PT0.5S`, `P2W` → milliseconds (months and years count 30 and 365 days). */
export function durationMs(duration: string | number): number {
  if (typeof duration === "number") return duration;
  const match = /^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(
    duration,
  );
  if (!match || duration === "P" || duration.endsWith("T")) throw new TypeError(`"${duration}" is not an ISO 8601 duration such as P1D or PT5M`);
  const [y, mo, w, d, h, mi, s] = match.slice(1).map((v) => Number(v ?? 0)) as number[];
  const day = 86_400_000;
  return Math.round(y! * 365 * day + mo! * 30 * day + w! * 7 * day + d! * day + h! * 3_600_000 + mi! * 60_000 + s! * 1000);
}

export class MockClock {
  private time: number;
  private readonly start: number;
  private tasks: Task[] = [];
  private order = 0;
  private running: Promise<void> = Promise.resolve();

  constructor(start: Date | string | number = DEFAULT_START) {
    this.time = new Date(start).getTime();
    if (Number.isNaN(this.time)) throw new TypeError(`mock clock: "${String(start)}" is not a date`);
    this.start = this.time;
  }

  now(): Date {
    return new Date(this.time);
  }

  nowMs(): number {
    return this.time;
  }

  private isoTime = NaN;
  private isoText = "";

  /** `now().toISOString()`, made once per instant (every create writes it more than once). */
  iso(): string {
    if (this.isoTime !== this.time) {
      this.isoText = new Date(this.time).toISOString();
      this.isoTime = this.time;
    }
    return this.isoText;
  }

  /** Runs `run` when the clock reaches `at` (ms since the epoch); at once if that has passed. */
  schedule(at: number, run: () => unknown): () => void {
    const task: Task = { due: at, order: this.order++, run };
    this.tasks.push(task);
    return () => {
      this.tasks = this.tasks.filter((t) => t !== task);
    };
  }

  /**
   * Moves the clock forward, running everything that falls due in order, each at its own time;
   * resolves once they (webhook deliveries included) have settled.
   */
  advance(by: string | number): Promise<void> {
    const ms = durationMs(by);
    if (ms < 0) throw new RangeError("mock clock: cannot go back in time; use clock.set()");
    return this.to(this.time + ms);
  }

  /** Sets the clock to `date`; going forward runs what falls due on the way. */
  set(date: Date | string | number): Promise<void> {
    const target = new Date(date).getTime();
    if (Number.isNaN(target)) throw new TypeError(`mock clock: "${String(date)}" is not a date`);
    if (target < this.time) {
      this.time = target;
      return this.running;
    }
    return this.to(target);
  }

  /** Back to the start instant, with nothing scheduled. */
  reset(): void {
    this.time = this.start;
    this.tasks = [];
  }

  /** Resolves once everything due by now has run. */
  settled(): Promise<void> {
    return this.to(this.time);
  }

  private to(target: number): Promise<void> {
    const step = async () => {
      for (;;) {
        const due = this.tasks.filter((t) => t.due <= target).sort((a, b) => a.due - b.due || a.order - b.order)[0];
        if (!due) break;
        this.tasks = this.tasks.filter((t) => t !== due);
        if (due.due > this.time) this.time = due.due;
        await due.run();
      }
      this.time = Math.max(this.time, target);
    };
    this.running = this.running.then(step, step);
    return this.running;
  }
}
