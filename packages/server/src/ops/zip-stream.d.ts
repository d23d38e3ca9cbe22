/** The part of zip-stream's API the backup uses (the package ships no types). */
declare module 'zip-stream' {
  import { Transform } from 'node:stream';
  interface EntryData { name: string; store?: boolean; date?: Date }
  class ZipStream extends Transform {
    constructor(options?: { zlib?: { level?: number }; forceZip64?: boolean });
    entry(source: Buffer | string, data: EntryData, callback: (err: Error | null) => void): this;
    finalize(): void;
  }
  export default ZipStream;
}
