import { BasePage, type Landing } from './base-page.ts';

/** GET /registry/settings/:id: one setting's details, Key Adults and closures. */
export class SettingPage extends BasePage {
  open(id: number): Promise<Landing> {
    return this.goto(`/registry/settings/${id}`, `setting ${id}`);
  }

  /** GET /registry/my-setting: a DSL's own setting, by redirect. */
  openMine(): Promise<Landing> {
    return this.goto('/registry/my-setting', 'your setting');
  }

  /** The setting's id, from the address of the page shown. */
  get id(): number {
    const match = /\/registry\/settings\/(\d+)/.exec(this.path);
    if (!match) throw new Error(`Not a setting's page: ${this.path}`);
    return Number(match[1]);
  }

  urn(): Promise<string> {
    return this.summaryValue('URN');
  }
}
