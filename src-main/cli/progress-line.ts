import type { CliIo } from './command.js';

/** Overwritten progress line for one file on a terminal; nothing when stderr is a file or a pipe. */
export function progressLine(io: CliIo, name: string): (fraction: number, stage: string) => void {
  return (fraction, stage) => {
    if (io.isTty) process.stderr.write(`\r  ${name.slice(-40)} ${String(Math.round(fraction * 100)).padStart(3)}% ${stage.slice(0, 30).padEnd(30)}`);
  };
}

/** Blank the progress line, before a line that stays. */
export function clearProgress(io: CliIo): void {
  if (io.isTty) process.stderr.write('\r'.padEnd(80) + '\r');
}
