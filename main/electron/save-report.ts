// diagnosis.save in Electron: the user picks where the report goes (a native dialog in their language).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { app, dialog, type BrowserWindow } from 'electron';
import type { i18n as I18n } from 'i18next';

export function saveReportWithDialog(window: () => BrowserWindow | null, i18n: I18n) {
  return async (text: string, suggestedName: string): Promise<boolean> => {
    const t = i18n.getFixedT(null, 'app');
    const options = {
      title: t('saveReport.title'),
      buttonLabel: t('saveReport.button'),
      defaultPath: join(app.getPath('documents'), suggestedName),
      filters: [{ name: t('saveReport.filter'), extensions: ['txt'] }],
    };
    const target = window();
    const result = target ? await dialog.showSaveDialog(target, options) : await dialog.showSaveDialog(options);
    if (result.canceled || !result.filePath) return false;
    await writeFile(result.filePath, text, { encoding: 'utf8', mode: 0o600 });
    return true;
  };
}
