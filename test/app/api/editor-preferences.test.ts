import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_EDITOR_PREFERENCES } from '@/lib/account/editor-preferences';
import { ApiClient, errorMessage } from '@/test/helpers/api-client';
import { useTempProject } from '@/test/helpers/use-temp-project';
import { writeFixtureCatalog } from '@/test/helpers/write-fixture-catalog';

let project: ReturnType<typeof useTempProject>;

beforeEach(() => {
  project = useTempProject();
  writeFixtureCatalog(project.root);
});
afterEach(() => project.cleanup());

const LARGE_VIM = { fontSize: 18, wordWrap: true, keybindings: 'vim' } as const;
const preferencesOf = async (client: ApiClient) => (await client.get('/api/account')).body.editorPreferences;

describe('editor preferences', () => {
  it('are the defaults for a new browser, and are kept for a guest once saved', async () => {
    const client = new ApiClient();
    expect(await preferencesOf(client)).toEqual(DEFAULT_EDITOR_PREFERENCES);
    const saved = await client.put('/api/account/editor-preferences', LARGE_VIM);
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual(LARGE_VIM);
    expect(await preferencesOf(client)).toEqual(LARGE_VIM);
    expect(await preferencesOf(new ApiClient())).toEqual(DEFAULT_EDITOR_PREFERENCES);
  });

  it('refuse a size, keybinding or field that is not offered, and keep what was saved', async () => {
    const client = new ApiClient();
    await client.put('/api/account/editor-preferences', LARGE_VIM);
    for (const bad of [
      { ...LARGE_VIM, fontSize: 15 },
      { ...LARGE_VIM, fontSize: 400 },
      { ...LARGE_VIM, keybindings: 'emacs' },
      { ...LARGE_VIM, theme: 'dark' },
      { fontSize: 14 },
    ]) {
      const reply = await client.put('/api/account/editor-preferences', bad);
      expect(reply.status).toBe(422);
      expect(errorMessage(reply)).not.toBe('');
    }
    expect(await preferencesOf(client)).toEqual(LARGE_VIM);
  });

  it('follow a guest into the account they create, and from the account to a new browser', async () => {
    const guest = new ApiClient();
    await guest.put('/api/account/editor-preferences', LARGE_VIM);
    expect((await guest.signUp('prefs@example.com')).status).toBe(201);
    expect(await preferencesOf(guest)).toEqual(LARGE_VIM);

    const laptop = new ApiClient();
    expect((await laptop.signIn('prefs@example.com')).status).toBe(200);
    expect(await preferencesOf(laptop)).toEqual(LARGE_VIM);
    expect((await laptop.get('/api/account/export')).body).toMatchObject({ account: { editorPreferences: LARGE_VIM } });
  });

  it('of an account are not replaced by a guest’s when that guest signs in', async () => {
    const owner = new ApiClient();
    await owner.signUp('keeps@example.com');
    await owner.put('/api/account/editor-preferences', { fontSize: 12, wordWrap: false, keybindings: 'standard' });

    const guest = new ApiClient();
    await guest.put('/api/account/editor-preferences', LARGE_VIM);
    expect((await guest.signIn('keeps@example.com')).status).toBe(200);
    expect(await preferencesOf(guest)).toEqual({ fontSize: 12, wordWrap: false, keybindings: 'standard' });
  });
});
