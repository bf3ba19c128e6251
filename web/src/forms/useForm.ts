// Form state for the chart's entry forms: values as strings (what inputs hold), per-field errors from the
// client check or the server's 422 problem (JSON pointer → field), and a form-level error for the rest (403 …).
import { useCallback, useEffect, useRef, useState, type FormEvent, type RefObject } from 'react';
import type { z } from 'zod';
import { ApiError } from '../api/client.ts';

export type FieldErrors<K extends string> = Partial<Record<K, string>>;

const sentence = (m: string) => (m ? m.charAt(0).toUpperCase() + m.slice(1) : m);

/** Field name addressed by a JSON pointer such as `/startDate` (first segment; `~1`/`~0` unescaped). */
export function pointerField(pointer: string): string {
  const first = pointer.split('/')[1] ?? '';
  return first.replace(/~1/g, '/').replace(/~0/g, '~');
}

export type FormApi<K extends string> = {
  values: Record<K, string>;
  errors: FieldErrors<K>;
  formError: string | null;
  busy: boolean;
  formRef: RefObject<HTMLFormElement | null>;
  set(name: K, value: string): void;
  setMany(values: Partial<Record<K, string>>): void;
  /** Runs `check`, then `send`; maps failures onto fields. Resolves true on success. */
  submit(e: FormEvent, check: () => FieldErrors<K>, send: () => Promise<void>): Promise<boolean>;
};

export function useForm<K extends string>(initial: Record<K, string>): FormApi<K> {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors<K>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [focusTick, setFocusTick] = useState(0);
  const formRef = useRef<HTMLFormElement | null>(null);
  const names = useRef(new Set(Object.keys(initial)));

  // After a failed submit, put the keyboard on the first field to fix (or on the form's error message).
  useEffect(() => {
    if (focusTick === 0) return;
    const form = formRef.current;
    const target = form?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form?.querySelector<HTMLElement>('.form-error');
    target?.focus();
  }, [focusTick]);

  const set = useCallback((name: K, value: string) => {
    setValues((v) => ({ ...v, [name]: value }));
    setErrors((e) => (e[name] === undefined ? e : { ...e, [name]: undefined }));
  }, []);

  const setMany = useCallback((patch: Partial<Record<K, string>>) => {
    setValues((v) => ({ ...v, ...patch }));
    setErrors((e) => {
      const next = { ...e };
      for (const k of Object.keys(patch) as K[]) delete next[k];
      return next;
    });
  }, []);

  const submit = useCallback(async (e: FormEvent, check: () => FieldErrors<K>, send: () => Promise<void>) => {
    e.preventDefault();
    setFormError(null);
    const local = check();
    if (Object.values(local).some(Boolean)) {
      setErrors(local);
      setFocusTick((t) => t + 1);
      return false;
    }
    setErrors({});
    setBusy(true);
    try {
      await send();
      return true;
    } catch (err) {
      const fieldErrors: FieldErrors<K> = {};
      const other: string[] = [];
      if (err instanceof ApiError) {
        for (const issue of err.issues) {
          const f = pointerField(issue.pointer);
          if (names.current.has(f) && fieldErrors[f as K] === undefined) fieldErrors[f as K] = sentence(issue.message);
          else other.push(sentence(issue.message));
        }
        if (other.length > 0 || Object.keys(fieldErrors).length === 0) setFormError([err.userMessage, ...other].join(' '));
      } else {
        setFormError('Something went wrong. Please try again.');
      }
      setErrors(fieldErrors);
      setFocusTick((t) => t + 1);
      return false;
    } finally {
      setBusy(false);
    }
  }, []);

  return { values, errors, formError, busy, formRef, set, setMany, submit };
}

/** Client-side check with a shared zod schema: first message per field, in the server's words. */
export function schemaErrors<K extends string>(schema: z.ZodType, body: unknown, fields: readonly K[]): FieldErrors<K> {
  const r = schema.safeParse(body);
  const out: FieldErrors<K> = {};
  if (r.success) return out;
  for (const issue of r.error.issues) {
    const f = String(issue.path[0] ?? '') as K;
    if (fields.includes(f) && out[f] === undefined) out[f] = sentence(issue.message);
  }
  return out;
}

/** Trimmed text, or undefined when blank (optional fields are omitted, never sent as ""). */
export const opt = (s: string): string | undefined => (s.trim() === '' ? undefined : s.trim());
