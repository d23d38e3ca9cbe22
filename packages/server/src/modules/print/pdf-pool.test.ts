import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.js';
import { tr } from '../../platform/messages/say.js';
import { crashWorker, renderPdf } from './pdf-pool.js';

const page = { paper: 'A4', orientation: 'portrait', title: 'Test' } as const;

describe('the PDF worker', () => {
  it('a document the worker stops on fails alone, said as a problem of the document; the next one prints in a fresh worker', async () => {
    expect((await renderPdf(['<p>Warm-up</p>'], page)).subarray(0, 5).toString()).toBe('%PDF-');
    const doomed = renderPdf(['<p>Too much</p>'], page);
    void crashWorker();
    const err = await doomed.then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('VALIDATION_FAILED');
    expect(tr((err as AppError).message as never, 'ru')).toMatch(/^Документ не удалось сверстать/);
    expect((await renderPdf(['<p>Счёт</p>'], page)).subarray(0, 5).toString()).toBe('%PDF-');
  }, 60_000);
});
