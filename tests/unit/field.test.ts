import assert from 'node:assert/strict';
import test from 'node:test';
import { renderField, type Field } from '../../src/server/views/field.ts';

const USERNAME: Field = {
  id: 'field-username',
  name: 'username',
  label: 'Username',
  type: 'text',
  value: 'ada',
  autocomplete: 'username',
  required: true,
  minlength: 3,
  maxlength: 32,
};

function render(field: Field): string {
  return renderField(field).toString();
}

test('an input field is its label then its input, with the value and limits', () => {
  assert.equal(
    render(USERNAME),
    '<label for="field-username">Username</label><input name="username" id="field-username" type="text" value="ada" autocomplete="username" required minlength="3" maxlength="32">',
  );
});

test('a hint sits between label and control and describes the control', () => {
  const html = render({ ...USERNAME, hint: '3 to 32 letters.' });
  assert.ok(html.includes('</label><p class="field-hint" id="field-username-hint">3 to 32 letters.</p><input '));
  assert.ok(html.includes(' aria-describedby="field-username-hint">'));
  assert.ok(!html.includes('aria-invalid'));
});

test('an error is an alert after the hint, marks the control invalid and describes it with the hint', () => {
  const html = render({ ...USERNAME, hint: 'Hint.', error: 'That name is taken.' });
  assert.ok(
    html.includes(
      '<p class="field-hint" id="field-username-hint">Hint.</p><p class="form-error" id="field-username-error" role="alert">That name is taken.</p><input ',
    ),
  );
  assert.ok(html.endsWith(' aria-invalid="true" aria-describedby="field-username-hint field-username-error">'));
});

test('an empty error is no error', () => {
  assert.equal(render({ ...USERNAME, error: '' }), render(USERNAME));
});

test('an optional field is not required, and an empty value is left out', () => {
  const html = render({ ...USERNAME, required: false, value: '', type: 'password', autocomplete: 'new-password' });
  assert.ok(
    html.includes('<input name="username" id="field-username" type="password" autocomplete="new-password" minlength'),
  );
  assert.ok(!html.includes(' required'));
  assert.ok(!html.includes(' value='));
});

test('a textarea carries its value as content, keeping a leading newline', () => {
  const field: Field = { id: 'reply-1', name: 'body', label: 'Reply', type: 'textarea', value: '\nhi', required: true };
  assert.equal(
    render(field),
    '<label for="reply-1">Reply</label><textarea name="body" id="reply-1" required>\n\nhi</textarea>',
  );
});

test('label, value, hint and error are escaped', () => {
  const html = render({
    ...USERNAME,
    label: 'A <b>label</b>',
    value: '"><script>',
    hint: '<i>',
    error: '<img src=x onerror=alert(1)>',
  });
  assert.ok(!/<(?:b|script|i|img)\b/.test(html));
  assert.ok(html.includes('value="&quot;&gt;&lt;script&gt;"'));
  assert.ok(html.includes('role="alert">&lt;img src=x onerror=alert(1)&gt;</p>'));
});
