import { createContext, useCallback, useContext, useRef, useState } from 'react';

/** Hands a form the work one of its inputs started (an upload, a picked item's price being read). */
export type TrackWork = <T>(work: Promise<T>) => Promise<T>;

const PendingWorkContext = createContext<TrackWork | null>(null);

/** Where inputs report their work: the form around them waits for it before it saves. */
export const PendingWorkProvider = PendingWorkContext.Provider;

/** An input's way to report work its form must wait for; outside such a form the work just runs. */
export function useTrackWork(): TrackWork {
  return useContext(PendingWorkContext) ?? passThrough;
}

const passThrough: TrackWork = (work) => work;

/**
 * A form's count of its inputs' unfinished work: `pending` while any runs (its Save shows loading and is
 * disabled); `settled()` resolves once all of it has, true when none of it failed (a failed upload: the form
 * does not save without the file, its input says why).
 */
export function usePendingWork(): { pending: boolean; track: TrackWork; settled(): Promise<boolean> } {
  const [count, setCount] = useState(0);
  const running = useRef(new Set<Promise<unknown>>());
  const track = useCallback<TrackWork>((work) => {
    running.current.add(work);
    setCount((n) => n + 1);
    const done = () => { running.current.delete(work); setCount((n) => n - 1); };
    work.then(done, done);
    return work;
  }, []);
  const settled = useCallback(async () => {
    let ok = true;
    while (running.current.size) {
      const outcomes = await Promise.allSettled([...running.current]);
      ok &&= outcomes.every((o) => o.status === 'fulfilled');
    }
    return ok;
  }, []);
  return { pending: count > 0, track, settled };
}
