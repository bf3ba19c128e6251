// Server field errors arrive with JSON pointers into the request body (e.g. /criteria/minDrugs, /start); forms
// whose fields are named differently rename the pointers so useForm puts each message beside the right field.
import { ApiError } from '../api/client.ts';

export async function withPointers<T>(send: () => Promise<T>, rename: (pointer: string) => string): Promise<T> {
  try {
    return await send();
  } catch (e) {
    if (e instanceof ApiError) throw new ApiError(e.status, e.title, e.detail, e.issues.map((i) => ({ ...i, pointer: rename(i.pointer) })));
    throw e;
  }
}
