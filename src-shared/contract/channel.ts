import type { z } from 'zod';

/** A channel: one request/response pair, declared once and validated at run time on the main side. */
export interface ChannelSpec<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  request: Req;
  response: Res;
  /** One line for docs and `--help`-style listings. */
  summary: string;
}

export function channel<Req extends z.ZodType, Res extends z.ZodType>(spec: ChannelSpec<Req, Res>): ChannelSpec<Req, Res> {
  return spec;
}
