import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/**
 * One full garbage collection once the app has started, before the first request.
 *
 * In a freshly started app, each young-generation collection while serving copied and promoted
 * about 1.1 MB of garbage; from V8's first full collection while serving on, about 0.45 MB, with the
 * same 12.7 MB allocated between collections (bench section "chat"'s turns, `--trace-gc-nvp`). V8
 * ran that collection only after 300-360 chat turns, so each start served its first few hundred
 * requests with young collections that kept twice as much. Which object of the startup keeps them,
 * we did not find; one full collection of our own after it has the same effect (decision record
 * 0006, round 12).
 *
 * After a forced collection V8 lets the old generation grow only a little past what is live, so
 * with the demo store's 55 MB the next full collection, and its concurrent marking, came within the
 * first 10-35 requests. The limit set by this one collection is twice what is live instead, about
 * where V8 had put it on its own (its first full collection while serving came at 110-120 MB).
 */
export function collectStartupGarbage(): void {
  const collect = fullCollection();
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWTH_PERCENT}`);
  try {
    collect();
  } finally {
    setFlagsFromString("--heap-growing-percent=0");
  }
}

/** The old generation's room after the startup's collection, in percent of what is live (0: V8 decides). */
const HEAP_GROWTH_PERCENT = 100;

type Collect = () => void;

/** V8's collector: `gc` when the process already exposes it, else borrowed without exposing it for good. */
function fullCollection(): Collect {
  const exposed = (globalThis as { gc?: Collect }).gc;
  if (typeof exposed === "function") return exposed;
  // The flag only decides whether contexts created from now on get `gc`: one is created with it,
  // and later ones (vm contexts of this process) are not.
  setFlagsFromString("--expose-gc");
  try {
    return runInNewContext("gc") as Collect;
  } finally {
    setFlagsFromString("--no-expose-gc");
  }
}
