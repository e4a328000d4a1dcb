import { markup, type Markup } from '../markup/html.ts';

export interface Field {
  id: string;
  name: string;
  label: string;
  /** A textarea, or an input of that type. */
  type: 'textarea' | 'text' | 'password' | 'email';
  value: string;
  /** Shown above the control and announced with it; none when undefined or empty. */
  error?: string | undefined;
  hint?: string | undefined;
  autocomplete?: string | undefined;
  required: boolean;
  minlength?: number | undefined;
  maxlength?: number | undefined;
}

/**
 * A labelled control with its hint and its error: the error is an alert, and the control is
 * marked invalid and described by the hint and the error, so a screen reader reads them with it.
 */
export function renderField(field: Field): Markup {
  const hintId = `${field.id}-hint`;
  const errorId = `${field.id}-error`;
  const hasHint = field.hint !== undefined;
  const hasError = field.error !== undefined && field.error !== '';
  const describedBy = [hasHint ? hintId : '', hasError ? errorId : ''].filter((id) => id !== '').join(' ');
  const isTextarea = field.type === 'textarea';
  const attributes = [
    attribute('name', field.name),
    attribute('id', field.id),
    attribute('type', isTextarea ? undefined : field.type),
    attribute('value', isTextarea || field.value === '' ? undefined : field.value),
    attribute('autocomplete', field.autocomplete),
    attribute('required', field.required),
    attribute('minlength', field.minlength),
    attribute('maxlength', field.maxlength),
    attribute('aria-invalid', hasError ? 'true' : undefined),
    attribute('aria-describedby', describedBy === '' ? undefined : describedBy),
  ];
  const hint = hasHint && markup`<p class="field-hint" id="${hintId}">${field.hint}</p>`;
  const error = hasError && markup`<p class="form-error" id="${errorId}" role="alert">${field.error}</p>`;
  const control = isTextarea
    ? markup`<textarea${attributes}>${leadingNewline(field.value)}${field.value}</textarea>`
    : markup`<input${attributes}>`;
  return markup`<label for="${field.id}">${field.label}</label>${hint}${error}${control}`;
}

const NOTHING = markup``;

/** ` name="value"`, ` name` for true, nothing for undefined or false. */
function attribute(name: string, value: string | number | boolean | undefined): Markup {
  if (value === undefined || value === false) return NOTHING;
  return value === true ? markup` ${name}` : markup` ${name}="${value}"`;
}

/** The HTML parser drops one newline straight after <textarea>, so a value starting with one needs another. */
function leadingNewline(value: string): string {
  return /^[\r\n]/.test(value) ? '\n' : '';
}
