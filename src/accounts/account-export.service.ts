import type { AccountDataRegistry, ExportFile } from './account-data-registry.ts';
import { toMeResponse } from './account.ts';
import type { ProfileService } from './profile.service.ts';
import type { Clock } from '../clock.ts';
import { UnauthenticatedError } from '../errors.ts';

export interface AccountExport {
  /** account.json: the profile plus each data owner's part under its name. */
  json: Record<string, unknown>;
  files: ExportFile[];
}

export type AccountExportService = ReturnType<typeof createAccountExportService>;

/** Everything we hold about one account, gathered from every registered data owner. */
export function createAccountExportService({ registry, profile, clock }: { registry: AccountDataRegistry; profile: ProfileService; clock: Clock }) {
  return {
    async exportAccount(accountId: string): Promise<AccountExport> {
      const account = await profile.findAccount(accountId);
      if (!account) throw new UnauthenticatedError('Sign in again');
      const { avatarUrl: _avatarUrl, ...profileJson } = toMeResponse(account, (key) => key);
      const json: Record<string, unknown> = { exportedAt: clock.now().toISOString(), account: { ...profileJson, avatar: account.avatarKey ? 'avatar.webp' : null } };
      const files: ExportFile[] = [];
      for (const owner of registry.owners()) {
        const part = await owner.exportData?.(accountId);
        if (part?.json !== undefined) json[owner.name] = part.json;
        files.push(...(part?.files ?? []));
      }
      return { json, files };
    },
  };
}
