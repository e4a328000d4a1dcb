import { test, expect, countRows } from './site.ts';

test('sign-up refuses one of the most common passwords next to the field, keeping the username', async ({
  page,
  site,
}) => {
  await page.goto('/signup/');
  await page.getByLabel('Username').fill('real_reader');
  await page.getByLabel('Password').fill('password1');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('alert')).toHaveText(
    'That password is one of the most common ones and easily guessed. Choose another.',
  );
  await expect(page.getByLabel('Password')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Username')).toHaveValue('real_reader');
  expect(await countRows(site, 'users')).toBe(0);
});

test('a sign-up that fills the hidden honeypot field creates no account', async ({ page, site }) => {
  const response = await page.request.post('/signup/', {
    headers: { Origin: site.url.replace(/\/$/, '') },
    form: { username: 'naive_bot', password: 'a long enough password', website: 'https://spam.example' },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(400);
  expect(await countRows(site, 'users')).toBe(0);
});
