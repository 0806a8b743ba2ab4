/** "What did you do?" takes several actions (checkboxes), as issue 15 asks. */
import { describe, expect, it } from 'vitest';
import { acknowledgementInput, actionsInWords } from './schema.ts';

describe('what the recipient did', () => {
  it('takes several actions, as a browser sends ticked checkboxes', () => {
    const parsed = acknowledgementInput.parse({
      action: ['support_in_school', 'monitoring'],
      actionNote: '',
    });
    expect(parsed.action).toEqual(['support_in_school', 'monitoring']);
    // One ticked box arrives as a single value.
    expect(acknowledgementInput.parse({ action: 'monitoring' }).action).toEqual(['monitoring']);
  });

  it('asks for at least one, and "No action" on its own with a reason', () => {
    const none = acknowledgementInput.safeParse({});
    expect(none.success).toBe(false);
    expect(none.error?.issues.map((i) => i.message)).toContain('Select what you did');
    const mixed = acknowledgementInput.safeParse({ action: ['no_action', 'monitoring'], actionNote: 'x' });
    expect(mixed.error?.issues.map((i) => i.message)).toEqual([
      'Select “No action” on its own, or only the actions you took',
    ]);
    const why = acknowledgementInput.safeParse({ action: ['no_action'] });
    expect(why.error?.issues.map((i) => i.path.join('.'))).toEqual(['actionNote']);
    expect(acknowledgementInput.safeParse({ action: ['made_up'] }).success).toBe(false);
  });

  it('reads the actions stored on a notice in words', () => {
    expect(actionsInWords('support_in_school,spoke_with_child')).toEqual([
      'Support in school or at the setting',
      'Spoke with the child',
    ]);
    expect(actionsInWords('monitoring')).toEqual(['Monitoring']);
    expect(actionsInWords(null)).toEqual([]);
  });
});
