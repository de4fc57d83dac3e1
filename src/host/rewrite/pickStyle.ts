import * as vscode from 'vscode';
import { AUDIENCES, DEFAULT_AUDIENCE, DEFAULT_STYLE, STYLES } from '../../core/rewrite/catalog';
import { availableStyles, type TemplateSet } from '../../core/rewrite/templates';
import { lastUsedMark } from './placement.model';

const LAST_STYLE = 'corpusCurator.lastStyle';
const LAST_AUDIENCE = 'corpusCurator.lastAudience';

function zh(): boolean {
  return vscode.env.language.toLowerCase().startsWith('zh');
}

/** Quick picks for style, then audience; the last choice is offered first and remembered. */
export async function pickStyleAndAudience(context: vscode.ExtensionContext, templates: TemplateSet): Promise<{ style: string; audience: string } | undefined> {
  // Nothing chosen yet: the defaults come first, without a "last used" mark.
  const lastStyle = context.globalState.get<string>(LAST_STYLE);
  const lastAudience = context.globalState.get<string>(LAST_AUDIENCE);
  const firstStyle = lastStyle ?? DEFAULT_STYLE;
  const firstAudience = lastAudience ?? DEFAULT_AUDIENCE;
  const lang = zh() ? 'zh' : 'en';
  const styleItems = availableStyles(templates).map((s) => {
    const def = STYLES.find((d) => d.id === s.id);
    return {
      label: def ? def.label[lang] : s.name,
      description: lastUsedMark(s.id, lastStyle) ? vscode.l10n.t('last used') : s.id,
      detail: def ? def.task[lang] : vscode.l10n.t('Workspace template'),
      id: s.id,
    };
  });
  styleItems.sort((a, b) => Number(b.id === firstStyle) - Number(a.id === firstStyle));
  const style = await vscode.window.showQuickPick(styleItems, { title: vscode.l10n.t('Rewrite: choose a style'), placeHolder: vscode.l10n.t('Style of the rewrite'), matchOnDetail: true });
  if (!style) return undefined;
  const audienceItems = AUDIENCES.map((a) => ({ label: a.label[lang], description: lastUsedMark(a.id, lastAudience) ? vscode.l10n.t('last used') : a.id, detail: a.pitch[lang], id: a.id }));
  audienceItems.sort((a, b) => Number(b.id === firstAudience) - Number(a.id === firstAudience));
  const audience = await vscode.window.showQuickPick(audienceItems, { title: vscode.l10n.t('Rewrite: choose an audience'), placeHolder: vscode.l10n.t('Who the rewrite is for') });
  if (!audience) return undefined;
  await context.globalState.update(LAST_STYLE, style.id);
  await context.globalState.update(LAST_AUDIENCE, audience.id);
  return { style: style.id, audience: audience.id };
}
