/** A PNG or JPEG picture given as a data URL (a logo, a stamp, an image in a print template). */
const DATA_URL = /^data:image\/(png|jpeg);base64,([A-Za-z0-9+/\s]+=*)$/;

/** Whether the text is a data URL whose bytes start as a PNG or a JPEG does (not only its label says so). */
export function isPictureDataUrl(text: string): boolean {
  const m = DATA_URL.exec(text);
  if (!m) return false;
  const head = Buffer.from(m[2].replace(/\s/g, '').slice(0, 16), 'base64');
  const png = head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const jpeg = head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff;
  return m[1] === 'png' ? png : jpeg;
}
