// Labelled inputs: a real <label for>, hint and error tied to the input with aria-describedby, aria-invalid.
import { useId, type ChangeEvent, type FormEvent, type ReactNode } from 'react';
import { capitalize } from '../format.ts';
import type { FormApi } from './useForm.ts';

type Common<K extends string> = {
  form: FormApi<K>;
  name: K;
  label: string;
  hint?: string;
  required?: boolean;
  className?: string;
};

/** What a control inside a Field carries: its id and the aria attributes that tie it to the hint and error. */
export type FieldAria = { id: string; 'aria-invalid': true | undefined; 'aria-describedby': string | undefined };

/**
 * A labelled control: `<label for>` (with "(required)" when asked), the control `children` renders with the ids
 * and aria attributes it is given, then the hint and the error it is described by.
 */
export function Field({
  name,
  label,
  hint,
  error,
  required,
  className,
  children,
}: {
  /** Part of the control's id. */
  name: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  /** Marks the label "(required)". */
  required?: boolean | undefined;
  className?: string | undefined;
  children: (aria: FieldAria) => ReactNode;
}) {
  const id = `${useId()}-${name}`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ');
  return (
    <div className={`field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>
        {label}
        {required ? <span className="required"> (required)</span> : null}
      </label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy || undefined })}
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A form field's control props: name, value, change and required, bound to the form's state. */
function bind<K extends string>(form: FormApi<K>, name: K, required: boolean | undefined) {
  return {
    name,
    value: form.values[name],
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => form.set(name, e.target.value),
    required,
  };
}

export function TextField<K extends string>({
  form,
  name,
  type = 'text',
  inputMode,
  autoComplete,
  placeholder,
  ...shell
}: Common<K> & {
  type?: 'text' | 'date' | 'password';
  inputMode?: 'text' | 'numeric' | 'decimal';
  autoComplete?: string;
  placeholder?: string;
}) {
  return (
    <Field name={name} error={form.errors[name]} {...shell}>
      {(aria) => (
        <input {...aria} {...bind(form, name, shell.required)} type={type} inputMode={inputMode} autoComplete={autoComplete ?? 'off'} placeholder={placeholder} />
      )}
    </Field>
  );
}

export function TextAreaField<K extends string>({ form, name, ...shell }: Common<K>) {
  return (
    <Field name={name} error={form.errors[name]} {...shell}>
      {(aria) => <textarea {...aria} {...bind(form, name, shell.required)} rows={2} />}
    </Field>
  );
}

export type Option = { value: string; label: string };
export type OptionGroup = { label: string; options: Option[] };

/** Options whose labels are their values as the tables show them (capitalized by default). */
export const optionsOf = (values: readonly string[], label: (value: string) => string = capitalize): Option[] =>
  values.map((value) => ({ value, label: label(value) }));

export function SelectField<K extends string>({ form, name, options, groups, ...shell }: Common<K> & { options?: Option[]; groups?: OptionGroup[] }) {
  return (
    <Field name={name} error={form.errors[name]} {...shell}>
      {(aria) => (
        <select {...aria} {...bind(form, name, shell.required)}>
          {(options ?? []).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
          {(groups ?? []).map((g) =>
            g.options.length === 0 ? null : (
              <optgroup key={g.label} label={g.label}>
                {g.options.map((o) => (
                  <option key={`${g.label}-${o.value}`} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </optgroup>
            ),
          )}
        </select>
      )}
    </Field>
  );
}

/**
 * A list box of which several options can be chosen. The form keeps strings, so the value is the chosen option
 * values joined with `,` (use `listValue` to read it back); option values must not contain a comma.
 */
export function MultiSelectField<K extends string>({ form, name, options, size = 8, ...shell }: Common<K> & { options: Option[]; size?: number }) {
  return (
    <Field name={name} error={form.errors[name]} {...shell}>
      {(aria) => (
        <select
          {...aria}
          name={name}
          multiple
          size={size}
          value={listValue(form.values[name])}
          onChange={(e) => form.set(name, Array.from(e.target.selectedOptions, (o) => o.value).join(','))}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** The values a MultiSelectField holds. */
export const listValue = (v: string): string[] => (v === '' ? [] : v.split(','));

/** The form's own error (403, conflicts, messages without a field); focusable so submit can move to it. */
export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p className="form-error" role="alert" tabIndex={-1}>
      {message}
    </p>
  );
}

/** Heading, optional explanation, fields and Save (and Cancel, when it can be cancelled) for an inline entry panel. */
export function FormPanel<K extends string>({
  form,
  title,
  intro,
  submitLabel,
  busyLabel = 'Saving…',
  onSubmit,
  onCancel,
  children,
}: {
  form: FormApi<K>;
  title: string;
  /** A hint shown under the heading. */
  intro?: ReactNode;
  submitLabel: string;
  busyLabel?: string;
  onSubmit: (e: FormEvent) => void;
  onCancel?: () => void;
  children: ReactNode;
}) {
  const headingId = useId();
  return (
    <form
      ref={form.formRef}
      className="panel"
      aria-labelledby={headingId}
      noValidate
      onSubmit={onSubmit}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && onCancel) {
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      <h3 id={headingId} className="panel-title">
        {title}
      </h3>
      {intro ? <p className="hint">{intro}</p> : null}
      <FormError message={form.formError} />
      <div className="field-grid">{children}</div>
      <div className="actions">
        <button type="submit" className="primary" disabled={form.busy}>
          {form.busy ? busyLabel : submitLabel}
        </button>
        {onCancel ? (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
