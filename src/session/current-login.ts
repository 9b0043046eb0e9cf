/**
 * A session's login as the catalog has it now. PostgreSQL reads a role's attributes from
 * pg_authid whenever it checks them, so `ALTER USER 'alice' SET ROLE user` or `REVOKE kalam_dba
 * FROM alice` takes a dba's powers from her open sessions at once; here the session looks its
 * user up again (by id, which a rename keeps) whenever the schema has changed. A dropped login
 * keeps the definition it had, as a PostgreSQL backend of a dropped role goes on until it leaves.
 */
import type { SchemaStore } from '../catalog/schema-store.js';
import type { UserDefinition } from '../catalog/table-definition.js';

export class CurrentLogin {
  private version: number;

  constructor(
    private readonly schema: SchemaStore,
    private user: UserDefinition,
  ) {
    this.version = schema.version;
  }

  get(): UserDefinition {
    if (this.version !== this.schema.version) {
      this.version = this.schema.version;
      const same = this.schema.user(this.user.name);
      this.user = same?.id === this.user.id ? same : (this.schema.listUsers().find((u) => u.id === this.user.id) ?? this.user);
    }
    return this.user;
  }
}
