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

  it('one user\'s documents take a share of the queue: a sixth at once waits its turn, another user\'s is laid out', async () => {
    const mine = Array.from({ length: 5 }, (_, i) => renderPdf([`<p>Счёт ${i}</p>`], page, 'u1'));
    const refused = await renderPdf(['<p>Sixth</p>'], page, 'u1').then(() => null, (e: unknown) => e);
    expect((refused as AppError).code).toBe('UNAVAILABLE');
    expect((refused as AppError).render('uk').message).toMatch(/^У вас уже друкується документів: 5/);
    expect((await renderPdf(['<p>Other</p>'], page, 'u2')).subarray(0, 5).toString()).toBe('%PDF-');
    await Promise.all(mine);
    expect((await renderPdf(['<p>Again</p>'], page, 'u1')).subarray(0, 5).toString()).toBe('%PDF-');
  }, 60_000);
});
