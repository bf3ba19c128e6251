// Labelled inputs: a real <label for>, hint and error tied to the input with aria-describedby, aria-invalid.
import { useId, type FormEvent, type ReactNode } from 'react';
import type { FormApi } from './useForm.ts';

type Common<K extends string> = {
  form: FormApi<K>;
  name: K;
  label: string;
  hint?: string;
  required?: boolean;
  className?: string;
};

function useFieldIds(name: string) {
  const base = useId();
  const id = `${base}-${name}`;
  return { id, hintId: `${id}-hint`, errorId: `${id}-error` };
}

function FieldShell({
  id,
  hintId,
  errorId,
  label,
  hint,
  error,
  required,
  className,
  children,
}: {
  id: string;
  hintId: string;
  errorId: string;
  label: string;
  hint: string | undefined;
  error: string | undefined;
  required: boolean | undefined;
  className: string | undefined;
  children: ReactNode;
}) {
  return (
    <div className={`field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>
        {label}
        {required ? <span className="required"> (required)</span> : null}
      </label>
      {children}
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

function describedBy(hint: string | undefined, error: string | undefined, hintId: string, errorId: string) {
  const ids = [hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

export function TextField<K extends string>({
  form,
  name,
  label,
  hint,
  required,
  className,
  type = 'text',
  inputMode,
  autoComplete,
  placeholder,
}: Common<K> & {
  type?: 'text' | 'date' | 'password';
  inputMode?: 'text' | 'numeric' | 'decimal';
  autoComplete?: string;
  placeholder?: string;
}) {
  const { id, hintId, errorId } = useFieldIds(name);
  const error = form.errors[name];
  return (
    <FieldShell {...{ id, hintId, errorId, label, hint, error, required, className }}>
      <input
        id={id}
        name={name}
        type={type}
        inputMode={inputMode}
        autoComplete={autoComplete ?? 'off'}
        placeholder={placeholder}
        value={form.values[name]}
        onChange={(e) => form.set(name, e.target.value)}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hint, error, hintId, errorId)}
      />
    </FieldShell>
  );
}

export function TextAreaField<K extends string>({ form, name, label, hint, required, className }: Common<K>) {
  const { id, hintId, errorId } = useFieldIds(name);
  const error = form.errors[name];
  return (
    <FieldShell {...{ id, hintId, errorId, label, hint, error, required, className }}>
      <textarea
        id={id}
        name={name}
        rows={2}
        value={form.values[name]}
        onChange={(e) => form.set(name, e.target.value)}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hint, error, hintId, errorId)}
      />
    </FieldShell>
  );
}

export type Option = { value: string; label: string };
export type OptionGroup = { label: string; options: Option[] };

export function SelectField<K extends string>({
  form,
  name,
  label,
  hint,
  required,
  className,
  options,
  groups,
}: Common<K> & { options?: Option[]; groups?: OptionGroup[] }) {
  const { id, hintId, errorId } = useFieldIds(name);
  const error = form.errors[name];
  return (
    <FieldShell {...{ id, hintId, errorId, label, hint, error, required, className }}>
      <select
        id={id}
        name={name}
        value={form.values[name]}
        onChange={(e) => form.set(name, e.target.value)}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hint, error, hintId, errorId)}
      >
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
    </FieldShell>
  );
}

/** The form's own error (403, conflicts, messages without a field); focusable so submit can move to it. */
export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p className="form-error" role="alert" tabIndex={-1}>
      {message}
    </p>
  );
}

/** Heading, fields and Save/Cancel for an inline entry panel. */
export function FormPanel<K extends string>({
  form,
  title,
  submitLabel,
  onSubmit,
  onCancel,
  children,
}: {
  form: FormApi<K>;
  title: string;
  submitLabel: string;
  onSubmit: (e: FormEvent) => void;
  onCancel: () => void;
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
        if (e.key === 'Escape') {
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      <h3 id={headingId} className="panel-title">
        {title}
      </h3>
      <FormError message={form.formError} />
      <div className="field-grid">{children}</div>
      <div className="actions">
        <button type="submit" className="primary" disabled={form.busy}>
          {form.busy ? 'Saving…' : submitLabel}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
