import { BasePage, type Landing } from './base-page.ts';

export interface UserRow {
  name: string;
  email: string;
  role: string;
  worksIn: string;
  status: string;
}

/** GET /registry/users: everyone who can sign in. */
export class UsersPage extends BasePage {
  open(): Promise<Landing> {
    return this.goto('/registry/users', 'users list');
  }

  async users(): Promise<UserRow[]> {
    return (await this.tableRows()).map(([name = '', email = '', role = '', worksIn = '', status = '']) => ({
      name,
      email,
      role,
      worksIn,
      status,
    }));
  }

  addUser(): Promise<Landing> {
    return this.navigate(
      () => this.main.getByRole('link', { name: 'Add a user' }).click(),
      'add a user form',
      /\/registry\/users\/new$/,
    );
  }
}
