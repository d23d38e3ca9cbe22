import { useState } from 'react';
import { firstProblem } from '../api/client';

/** A call a dialog makes on a button: busy while it runs, and what went wrong in the user's words. */
export function useCall() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (call: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await call();
    } catch (e) {
      setError(firstProblem(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}
