/** The account page's mail forms: which one was sent, and its fields as text (the actions judge them). */
import { formText } from './account-request.ts';

export type EmailFormRequest =
  | { intent: 'change-email'; email: string; password: string }
  | { intent: 'verify-email'; code: string }
  | { intent: 'resend-code' }
  | { intent: 'mail-choices'; notify_replies: boolean; moderator_digest: boolean }
  | { intent: 'unknown' };

export function parseEmailForm(form: FormData): EmailFormRequest {
  switch (form.get('intent')) {
    case 'change-email':
      return {
        intent: 'change-email',
        email: formText(form, 'email').trim(),
        password: formText(form, 'email_password'),
      };
    case 'verify-email':
      return { intent: 'verify-email', code: formText(form, 'code') };
    case 'resend-code':
      return { intent: 'resend-code' };
    case 'mail-choices':
      return {
        intent: 'mail-choices',
        notify_replies: form.get('notify_replies') === 'on',
        moderator_digest: form.get('moderator_digest') === 'on',
      };
    default:
      return { intent: 'unknown' };
  }
}
