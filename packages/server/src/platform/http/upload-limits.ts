/**
 * Limits for a multipart upload: one file of at most `fileSize` bytes, and the text fields sent with it, which the
 * parser holds in memory until the file comes (it would allow a thousand of 1 MB each) — a few small ones by default.
 */
export function uploadLimits(fileSize: number, form: { fields: number; fieldSize: number } = { fields: 10, fieldSize: 4096 }) {
  return { limits: { fileSize, files: 1, fields: form.fields, fieldSize: form.fieldSize, parts: form.fields + 1, headerPairs: 100 } };
}
